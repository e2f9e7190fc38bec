import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { parseFilter } from "../../worker/analytics/filters";
import { conversationCounts, durationOf } from "../../worker/analytics/metrics";
import { batched } from "../../worker/analytics/reads";
import { rollupPending } from "../../worker/analytics/rollup";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { conversation, iso, write } from "./fixtures";

async function workspace() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  return { owner, bot };
}

describe("analytics rollups answer like the rows", () => {
  it("assumed vs pending on the 24 h boundary hour and at partial hours of a range, from the creation-hour rollups", async () => {
    const { owner, bot } = await workspace();
    const ws = owner.workspaceId;
    const c = (id: string, created: string, botAt: string, visitor?: string) =>
      conversation(ws, bot.id, `${id}_${bot.id}`, created, visitor).created().visitor(created, true).bot(botAt).rows;
    await write([
      ...c("P1", "2026-11-10T04:00:00.000Z", "2026-11-10T05:10:00.000Z"), // 24 h passed at 05:30 the next day → assumed
      ...c("P2", "2026-11-10T05:05:00.000Z", "2026-11-10T05:50:00.000Z"), // same boundary hour, 24 h not yet passed → pending
      ...c("P3", "2026-11-10T03:00:00.000Z", "2026-11-10T03:10:00.000Z"), // well past → assumed
      ...c("P4", "2026-11-11T01:00:00.000Z", "2026-11-11T01:10:00.000Z"), // recent → pending
      ...c("P5", "2026-11-10T04:30:00.000Z", "2026-11-10T05:20:00.000Z", `vP5_${bot.id}`), // the visitor came back → deducted
      ...c("P6", "2026-11-10T06:00:00.000Z", "2026-11-10T06:01:00.000Z", `vP5_${bot.id}`), // that return → pending
    ]);
    await rollupPending(env.DB, ws);
    const now = "2026-11-11T05:30:00.000Z";
    const counts = (from: string, to: string) => batched(env.DB, (r) => conversationCounts(r, parseFilter(ws, { from, to }, "Asia/Bangkok"), now));
    expect(await counts("2026-11-09", "2026-11-12")).toMatchObject({ conversations: 6, bot_handled: 6, bot_assumed: 2, bot_pending: 3 });
    // a range starting at 04:20: P1 and P3 are outside, P5 is in the partial first hour
    expect(await counts("2026-11-10T04:20:00.000Z", "2026-11-11T05:45:00.000Z")).toMatchObject({ conversations: 4, bot_assumed: 0, bot_pending: 3 });
    // the rollups are the ones a rebuild writes
    const snapshot = () => env.DB.prepare(`SELECT * FROM analytics_conversations_hourly WHERE workspace_id = ? ORDER BY hour, quiet_hour`).bind(ws).all().then((r) => r.results);
    const incremental = await snapshot();
    expect((await api("/api/v1/analytics/rebuild", { token: owner.token, body: {} })).status).toBe(200);
    expect(await snapshot()).toEqual(incremental);
  });

  it("a visitor's helpful mark confirms the bot's resolution at the next report", async () => {
    const { owner, bot } = await workspace();
    const ws = owner.workspaceId;
    const id = `H_${bot.id}`;
    await write(conversation(ws, bot.id, id, "2026-11-10T04:00:00.000Z").created().visitor("2026-11-10T04:00:00.000Z", true).bot("2026-11-10T04:00:05.000Z").rows);
    const q = "from=2026-11-09&to=2026-11-12";
    expect((await api(`/api/v1/analytics/overview?${q}`, { token: owner.token })).json.bot_resolution).toMatchObject({ confirmed: 0, assumed: 1 });
    await env.DB.prepare(
      `INSERT INTO answer_feedback (id, workspace_id, chatbot_id, conversation_id, message_id, helpful, by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, 'm1', 1, 'visitor', ?5, ?5)`,
    ).bind(`fb_${id}`, ws, bot.id, id, "2026-11-10T04:01:00.000Z").run();
    expect((await api(`/api/v1/analytics/overview?${q}`, { token: owner.token })).json.bot_resolution).toMatchObject({ confirmed: 1, assumed: 0 });
  });

  it("durations from the histograms: exact under 1,000 s, within 1 % above, exact again at partial hours", async () => {
    const { owner, bot } = await workspace();
    const ws = owner.workspaceId;
    const agent = owner.userId;
    const waits = [12.5, 40, 40, 700, 1234, 1236, 1239, 5000, 86_399];
    const rows = waits.flatMap((w, i) => {
      const first = iso(Date.parse("2026-11-10T02:00:00.000Z") + i * 600_000);
      return conversation(ws, bot.id, `D${i}_${bot.id}`, first).created().visitor(first, true).firstResponse(iso(Date.parse(first) + w * 1000), agent, first).rows;
    });
    await write(rows);
    await rollupPending(env.DB, ws);
    const sorted = [...waits].sort((a, b) => a - b);
    const exact = (p: number) => {
      const h = (sorted.length - 1) * p;
      return sorted[Math.floor(h)]! + (h - Math.floor(h)) * (sorted[Math.ceil(h)]! - sorted[Math.floor(h)]!);
    };
    const d = await batched(env.DB, (r) => durationOf(r, parseFilter(ws, { from: "2026-11-09", to: "2026-11-13" }, "Asia/Bangkok"), "first_agent_response"));
    expect(d.count).toBe(waits.length);
    expect(Math.abs(d.median_s! - exact(0.5)) / exact(0.5)).toBeLessThan(0.01);
    expect(Math.abs(d.p90_s! - exact(0.9)) / exact(0.9)).toBeLessThan(0.01);
    expect(d.mean_s).toBeCloseTo(waits.reduce((a, b) => a + b, 0) / waits.length, 2);
    // a range that is all partial hour reads the events (durations ending in it: 12.5, 40, 40, 700 s): exact
    const one = await batched(env.DB, (r) => durationOf(r, parseFilter(ws, { from: "2026-11-10T02:00:00.000Z", to: "2026-11-10T02:59:00.000Z" }, "Asia/Bangkok"), "first_agent_response"));
    expect(one).toMatchObject({ count: 4, median_s: 40, p90_s: 502 });
  });
});
