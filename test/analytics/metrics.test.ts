import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { rollupPending } from "../../worker/analytics/rollup";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { conversation, iso, write } from "./fixtures";

const HOUR = 3_600_000;

async function workspace() {
  const owner = await registerOwner();
  const bot = await createBot(owner.token);
  return { owner, bot };
}

const overview = (token: string, query: string) => api(`/api/v1/analytics/overview?${query}`, { token });

describe("analytics measures on hand-built conversations", () => {
  it("first response time: three conversations answered after 30 s, 60 s and 300 s → median exactly 60 s, p90 252 s", async () => {
    const { owner, bot } = await workspace();
    const agent = owner.userId;
    const rows = [];
    // Monday 2026-11-02, 10:00 in Bangkok (03:00 UTC), well inside any office hours
    for (const [i, wait] of [30, 300, 60].entries()) {
      const created = `2026-11-02T0${3 + i}:00:00.000Z`;
      const first = `2026-11-02T0${3 + i}:00:05.000Z`;
      const answered = iso(Date.parse(first) + wait * 1000);
      const c = conversation(owner.workspaceId, bot.id, `frt${i}_${bot.id}`, created).created().visitor(first, true).assigned(first, agent).firstResponse(answered, agent, first).reply(answered, agent, first);
      rows.push(...c.rows);
    }
    // a fourth conversation only the bot handled: no hand-off
    rows.push(...conversation(owner.workspaceId, bot.id, `frt3_${bot.id}`, "2026-11-02T08:00:00.000Z").created().visitor("2026-11-02T08:00:01.000Z", true).bot("2026-11-02T08:00:03.000Z").rows);
    await write(rows);

    const res = await overview(owner.token, "from=2026-11-01&to=2026-11-07");
    expect(res.status).toBe(200);
    expect(res.json.conversations).toBe(4);
    expect(res.json.handoff_rate).toBe(0.75);
    expect(res.json.first_response_time).toMatchObject({ median_s: 60, p90_s: 252, count: 3 });
    expect(res.json.messages).toBe(4 + 3 + 1);
    // another range sees none of it
    const empty = await overview(owner.token, "from=2026-10-01&to=2026-10-07");
    expect(empty.json).toMatchObject({ conversations: 0, handoff_rate: null, first_response_time: { median_s: null, p90_s: null }, csat: null, ratings: 0 });
    // the agent filter and the per-agent table agree
    const agents = await api(`/api/v1/analytics/agents?from=2026-11-01&to=2026-11-07`, { token: owner.token });
    expect(agents.json.data).toEqual([
      expect.objectContaining({ agent_id: agent, name: "Olivia Owner", conversations: 3, replies: 3, first_response_time: { median_s: 60, p90_s: 252, count: 3 }, reply_time_mean_s: 130 }),
    ]);
  });

  it("business-hours mode: a hand-off at 17:50 answered at 09:10 the next morning is 20 minutes, not 15 h 20 min", async () => {
    const { owner, bot } = await workspace();
    const hours = { enabled: true, timezone: "Asia/Bangkok", offline_message: "", schedule: { monday: { start: "09:00", end: "18:00" }, tuesday: { start: "09:00", end: "18:00" }, wednesday: { start: "09:00", end: "18:00" }, thursday: { start: "09:00", end: "18:00" }, friday: { start: "09:00", end: "18:00" }, saturday: null, sunday: null } };
    await env.DB.prepare(`UPDATE chatbots SET business_hours = ?1 WHERE id = ?2`).bind(JSON.stringify(hours), bot.id).run();
    // Monday 17:50 Bangkok = 10:50 UTC; Tuesday 09:10 Bangkok = 02:10 UTC
    const escalated = "2026-11-02T10:50:00.000Z";
    const answered = "2026-11-03T02:10:00.000Z";
    await write(
      conversation(owner.workspaceId, bot.id, `bh_${bot.id}`, "2026-11-02T10:45:00.000Z").created().visitor("2026-11-02T10:45:00.000Z", true)
        .escalated(escalated, "low_confidence").assigned(answered, owner.userId).firstResponse(answered, owner.userId, escalated).rows,
    );
    const wall = await overview(owner.token, "from=2026-11-01&to=2026-11-07");
    expect(wall.json.first_response_time).toMatchObject({ median_s: 55_200, p90_s: 55_200 });
    const office = await overview(owner.token, "from=2026-11-01&to=2026-11-07&business_hours=true");
    expect(office.json.first_response_time).toMatchObject({ median_s: 1_200, p90_s: 1_200 });
    expect(office.json.range).toMatchObject({ business_hours: true, time_zone: "Asia/Bangkok" });
    const bot2 = await api(`/api/v1/analytics/bot?from=2026-11-01&to=2026-11-07`, { token: owner.token });
    expect(bot2.json.handoff_reasons).toEqual([{ reason: "low_confidence", count: 1 }]);
  });

  it("bot resolution: confirmed and assumed side by side; greeting-only left out; a visitor who comes back within 24 h is deducted", async () => {
    const { owner, bot } = await workspace();
    const now = Date.now();
    const t = (hoursAgo: number) => iso(now - hoursAgo * HOUR);
    const ws = owner.workspaceId;
    const rows = [
      // A: answered 30 h ago, nothing since → assumed
      ...conversation(ws, bot.id, `A_${bot.id}`, t(30)).created().visitor(t(30), true).bot(t(30)).rows,
      // B: answered 30 h ago, and the same visitor opened a new conversation 10 h later → deducted
      ...conversation(ws, bot.id, `B_${bot.id}`, t(30), `vB_${bot.id}`).created().visitor(t(30), true).bot(t(30)).rows,
      // B2: that new conversation, answered 20 h ago → still inside the 24 h: pending
      ...conversation(ws, bot.id, `B2_${bot.id}`, t(20), `vB_${bot.id}`).created().visitor(t(20), true).bot(t(20)).rows,
      // C: only a greeting → not counted at all
      ...conversation(ws, bot.id, `C_${bot.id}`, t(30)).created().visitor(t(30), true).bot(t(30), false).rows,
      // D: the visitor rated the bot's help 5 → confirmed
      ...conversation(ws, bot.id, `D_${bot.id}`, t(30)).created().visitor(t(30), true).bot(t(30)).resolved(t(29.5), "bot", t(30)).rated(t(29), 5, "Quick and right").rows,
      // E: the visitor wrote again after the answer (nobody answered) → not resolved
      ...conversation(ws, bot.id, `E_${bot.id}`, t(30)).created().visitor(t(30), true).bot(t(30)).visitor(t(29)).rows,
    ];
    await write(rows);
    const res = await overview(owner.token, `from=${encodeURIComponent(t(48))}&to=${encodeURIComponent(t(0))}`);
    expect(res.json.conversations).toBe(6);
    expect(res.json.bot_resolution).toEqual({ confirmed: 1, assumed: 1, pending: 1, bot_handled: 5 });
    expect(res.json.csat).toBe(1);
    expect(res.json.ratings).toBe(1);
    expect(res.json.resolved).toBe(1);

    // B's visitor had not come back: B would have been assumed
    await env.DB.prepare(`DELETE FROM analytics_conversations WHERE conversation_id = ?`).bind(`B2_${bot.id}`).run();
    // a row removed behind the rollups' back: the rebuild recomputes them from the facts
    expect((await api("/api/v1/analytics/rebuild", { token: owner.token, body: {} })).status).toBe(200);
    const before = await overview(owner.token, `from=${encodeURIComponent(t(48))}&to=${encodeURIComponent(t(0))}`);
    expect(before.json.bot_resolution).toMatchObject({ confirmed: 1, assumed: 2, pending: 0 });

    const sat = await api(`/api/v1/analytics/satisfaction?from=${encodeURIComponent(t(48))}`, { token: owner.token });
    expect(sat.json).toMatchObject({ csat: 1, ratings: 1, distribution: { "5": 1, "1": 0 } });
    expect(sat.json.comments[0]).toMatchObject({ conversation_id: `D_${bot.id}`, rating: 5, comment: "Quick and right" });
  });

  it("the same rows written twice count once, and a rebuild from the events gives the incremental rollups exactly", async () => {
    const { owner, bot } = await workspace();
    const ws = owner.workspaceId;
    const rows = [];
    for (let i = 0; i < 40; i++) {
      const created = iso(Date.parse("2026-11-10T00:00:00.000Z") + i * 37 * 60_000);
      const first = iso(Date.parse(created) + 2000);
      const c = conversation(ws, bot.id, `R${i}_${bot.id}`, created).created().visitor(first, true).bot(iso(Date.parse(first) + 1500));
      if (i % 3 === 0) c.escalated(iso(Date.parse(first) + 5000)).assigned(iso(Date.parse(first) + 9000), owner.userId).firstResponse(iso(Date.parse(first) + 9000 + i * 1000), owner.userId, iso(Date.parse(first) + 5000));
      if (i % 4 === 0) c.resolved(iso(Date.parse(first) + 600_000), i % 3 === 0 ? "agent" : "bot", first).rated(iso(Date.parse(first) + 700_000), 1 + (i % 5));
      rows.push(...c.rows);
    }
    await write(rows.slice(0, 120));
    await rollupPending(env.DB, ws);
    await write(rows); // the first 120 again, as a replayed flush would
    const q = "from=2026-11-09&to=2026-11-12";
    const first = await overview(owner.token, q);
    expect(first.json.conversations).toBe(40);
    const counted = await env.DB.prepare(`SELECT COUNT(*) AS n FROM analytics_events WHERE workspace_id = ?`).bind(ws).first<{ n: number }>();
    // plus one agent_conversation per conversation an agent took (derived at the write, once)
    const derived = rows.filter((r) => r.name === "agent_assigned").length;
    expect(counted!.n).toBe(rows.length + derived);
    const snapshot = () =>
      env.DB.prepare(`SELECT hour, chatbot_id, agent_id, channel, name, dim, count, n_value, ROUND(sum_value, 3) AS s, ROUND(sum_bh, 3) AS b FROM analytics_hourly WHERE workspace_id = ? ORDER BY 1,2,3,4,5,6`)
        .bind(ws)
        .all()
        .then((r) => r.results);
    const rollups = async () =>
      Promise.all(
        ["analytics_daily ORDER BY day, name, dim, agent_id", "analytics_duration_hist ORDER BY name, business, grain, period, agent_id, bucket", "analytics_conversations_hourly ORDER BY hour, quiet_hour, agent_id"].map((t) =>
          env.DB.prepare(`SELECT * FROM ${t.replace(" ORDER", " WHERE workspace_id = ? ORDER")}`).bind(ws).all().then((r) => r.results),
        ),
      );
    const incremental = await snapshot();
    const incrementalRollups = await rollups();
    expect(incrementalRollups.every((rows) => rows.length > 0)).toBe(true);
    expect(incremental.reduce((a: number, r: any) => a + r.count, 0)).toBe(rows.length + derived);
    const series = await api(`/api/v1/analytics/conversations?${q}&interval=day`, { token: owner.token });

    const rebuilt = await api("/api/v1/analytics/rebuild", { token: owner.token, body: {} });
    expect(rebuilt.status).toBe(200);
    expect(await snapshot()).toEqual(incremental);
    // the daily rows, the duration histograms and the conversation rollups too (sums compared to the micro-second)
    const round = (sets: Record<string, unknown>[][]) => sets.map((rows) => rows.map((r) => Object.fromEntries(Object.entries(r).map(([k, v]) => [k, typeof v === "number" ? Math.round(v * 1e6) / 1e6 : v]))));
    expect(round(await rollups())).toEqual(round(incrementalRollups));
    expect((await overview(owner.token, q)).json).toEqual(first.json);
    expect((await api(`/api/v1/analytics/conversations?${q}&interval=day`, { token: owner.token })).json).toEqual(series.json);
    // the series in Bangkok days: 40 conversations spread over the 10th and 11th
    const total = series.json.data.reduce((a: number, d: any) => a + d.conversations, 0);
    expect(total).toBe(40);
    expect(series.json.data.map((d: any) => d.start)).toEqual(["2026-11-09", "2026-11-10", "2026-11-11", "2026-11-12"]);
  });
});

describe("analytics API contract", () => {
  it("needs analytics:read, rejects a bad range with 400 and another workspace's chatbot with 404", async () => {
    const { owner, bot } = await workspace();
    const other = await workspace();
    expect((await api("/api/v1/analytics/overview")).status).toBe(401);
    const bad = await overview(owner.token, "from=2026-11-10&to=2026-11-01");
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("INVALID_RANGE");
    expect((await overview(owner.token, "from=yesterday")).json.error.code).toBe("VALIDATION_ERROR");
    expect((await overview(owner.token, `chatbot_id=${other.bot.id}`)).status).toBe(404);
    expect((await api(`/api/v1/chatbots/${other.bot.id}/analytics`, { token: owner.token })).status).toBe(404);
    const mine = await api(`/api/v1/chatbots/${bot.id}/analytics`, { token: owner.token });
    expect(mine.status).toBe(200);
    expect(mine.json.overview).toMatchObject({ conversations: 0, bot_resolution: { confirmed: 0, assumed: 0 } });
    const heat = await api("/api/v1/analytics/heatmap", { token: owner.token });
    expect(heat.json.cells).toHaveLength(7);
    expect(heat.json.cells[0]).toHaveLength(24);
    // the workspace's time zone: an IANA zone, used by every report
    expect((await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { timezone: "Mars/Olympus" } })).status).toBe(400);
    const tz = await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { timezone: "Europe/Berlin" } });
    expect(tz.json.timezone).toBe("Europe/Berlin");
    expect((await overview(owner.token, "")).json.range.time_zone).toBe("Europe/Berlin");
    for (const path of ["overview", "conversations", "agents", "bot", "satisfaction", "heatmap"]) {
      expect((await api(`/api/v1/analytics/${path}`, { token: owner.token })).status, path).toBe(200);
    }
  });
});
