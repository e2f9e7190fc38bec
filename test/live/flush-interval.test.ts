import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { FLUSH_BUSY_INTERVAL_MS, FLUSH_BUSY_ROWS, FLUSH_BUSY_SPREAD, FLUSH_MIN_INTERVAL_MS } from "../../durable-objects/conversation/core";
import { cid, conversationStub, holdingAgent, inObject } from "./helpers";

/** When the mirror's next flush is due, as the object scheduled it (ms from now). */
const flushDueIn = (conversationId: string) =>
  inObject(conversationStub(conversationId), (_i, state) => {
    const row = state.storage.sql.exec<{ at: number }>(`SELECT at FROM schedule WHERE kind = 'flush'`).toArray()[0];
    return row ? row.at - Date.now() : null;
  });

/** An agent's socket reply, answered with its ack. */
async function reply(ws: Awaited<ReturnType<typeof holdingAgent>>["ws"], text: string) {
  ws.send({ type: "message:send", client_id: cid(), text });
  await ws.next("message:ack");
}

const mirrored = async (conversationId: string) =>
  (await env.DB.prepare(`select count(*) as n from messages where conversation_id = ? and role = 'agent'`).bind(conversationId).first<{ n: number }>())!.n;

describe("the D1 mirror's pace", () => {
  it("after a burst the next batch waits FLUSH_BUSY_INTERVAL_MS; after a flush at a person's pace, FLUSH_MIN_INTERVAL_MS", async () => {
    const { chat, ws } = await holdingAgent();
    const { conversationId, visitor } = chat;
    // a burst: one flush carries all of it…
    for (let i = 0; i < FLUSH_BUSY_ROWS; i++) await reply(ws, `burst ${i}`);
    expect(await flushDueIn(conversationId)).toBeLessThanOrEqual(FLUSH_MIN_INTERVAL_MS);
    await runDurableObjectAlarm(conversationStub(conversationId));
    expect(await mirrored(conversationId)).toBe(FLUSH_BUSY_ROWS);
    // …so the next reply waits for a larger batch
    await reply(ws, "after the burst");
    const busy = (await flushDueIn(conversationId))!;
    expect(busy).toBeGreaterThan(FLUSH_MIN_INTERVAL_MS + 200);
    expect(busy).toBeLessThanOrEqual(FLUSH_BUSY_INTERVAL_MS * (1 + FLUSH_BUSY_SPREAD));

    // a flush of a reply or two puts it back at the usual pace
    await runDurableObjectAlarm(conversationStub(conversationId));
    expect(await mirrored(conversationId)).toBe(FLUSH_BUSY_ROWS + 1);
    await reply(ws, "back at a person's pace");
    expect(await flushDueIn(conversationId)).toBeLessThanOrEqual(FLUSH_MIN_INTERVAL_MS);
    ws.close();
    visitor.close();
  });

  it("draws each busy wait anew, so conversations that got busy together do not all write to D1 in the same instant", async () => {
    const { chat, ws } = await holdingAgent();
    const { conversationId, visitor } = chat;
    const waits: number[] = [];
    for (let round = 0; round < 6; round++) {
      for (let i = 0; i < FLUSH_BUSY_ROWS; i++) await reply(ws, `round ${round} reply ${i}`);
      await runDurableObjectAlarm(conversationStub(conversationId));
      await reply(ws, `after round ${round}`);
      waits.push((await flushDueIn(conversationId))!);
    }
    for (const wait of waits) {
      expect(wait).toBeGreaterThan(FLUSH_BUSY_INTERVAL_MS * (1 - FLUSH_BUSY_SPREAD) - 500);
      expect(wait).toBeLessThanOrEqual(FLUSH_BUSY_INTERVAL_MS * (1 + FLUSH_BUSY_SPREAD));
    }
    // six draws from a 3 s wide range fall within 100 ms of each other by chance with p < 1e-6
    expect(Math.max(...waits) - Math.min(...waits)).toBeGreaterThan(100);
    ws.close();
    visitor.close();
  });
});
