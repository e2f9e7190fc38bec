import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { analyticsBatchStatements } from "../../worker/analytics/sink";
import { conversation, iso, write } from "./fixtures";

const T0 = Date.parse("2026-03-02T09:00:00.000Z");
const at = (s: number) => iso(T0 + s * 1000);

/** One conversation's story: a visitor, an escalation, a takeover and a run of agent replies, then a resolve and a rating. */
function story(id: string) {
  const c = conversation("ws_flushbatch", "cb_flushbatch", id, at(0))
    .created()
    .visitor(at(5), true)
    .bot(at(6))
    .escalated(at(20))
    .assigned(at(40), "usr_a")
    .firstResponse(at(50), "usr_a", at(20));
  for (let i = 0; i < 12; i++) c.reply(at(50 + i), "usr_a", i === 0 ? at(20) : null);
  return c.visitor(at(90)).reply(at(95), "usr_a", at(90)).resolved(at(120), "agent", at(5), "usr_a").handled(at(120), "usr_a", at(40)).rated(at(130), 5);
}

const facts = (id: string) =>
  env.DB.prepare(`SELECT * FROM analytics_conversations WHERE conversation_id = ?1`).bind(id).first<Record<string, unknown>>();
const events = async (id: string) =>
  (await env.DB.prepare(`SELECT name, dim, value, agent_id, at FROM analytics_events WHERE conversation_id = ?1 ORDER BY at, name`).bind(id).all()).results;

describe("a flush's analytics rows in one batch", () => {
  it("leave the same facts and events as the rows written one by one, with one facts upsert for a run of agent replies", async () => {
    const oneByOne = story("conv_flushbatch_a").rows;
    await write(oneByOne);
    const batched = story("conv_flushbatch_b").rows;
    const statements = analyticsBatchStatements(env.DB, batched);
    await env.DB.batch(statements);

    const a = await facts("conv_flushbatch_a");
    const b = await facts("conv_flushbatch_b");
    expect({ ...b, conversation_id: "x", visitor_id: "x" }).toEqual({ ...a, conversation_id: "x", visitor_id: "x" });
    expect(b).toMatchObject({ agent_id: "usr_a", escalation_reason: "explicit_request", resolved_by: "agent", rating: 5, first_response_s: 30 });
    expect(await events("conv_flushbatch_b")).toEqual(await events("conv_flushbatch_a"));
    expect((await events("conv_flushbatch_b")).filter((e) => e.name === "agent_reply")).toHaveLength(13);

    // the creation, the thirteen replies and the handling time carry no facts: these 15 rows share one upsert (the statement's JSON holds each distinct row once)
    const factsParams = (statements[1] as unknown as { params: unknown[] }).params;
    expect(JSON.parse(factsParams[0] as string)).toHaveLength(batched.length - 14);
  });

  it("written twice, change nothing the second time", async () => {
    const rows = story("conv_flushbatch_c").rows;
    await env.DB.batch(analyticsBatchStatements(env.DB, rows));
    const first = await facts("conv_flushbatch_c");
    await env.DB.batch(analyticsBatchStatements(env.DB, [...rows].reverse()));
    expect(await facts("conv_flushbatch_c")).toEqual(first);
    expect((await events("conv_flushbatch_c")).length).toBe(rows.length + 1);
  });
});
