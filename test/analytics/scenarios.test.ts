import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { addMember, createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { conversation, write } from "./fixtures";

/**
 * One hand-built scenario per measure, its right answer worked out by hand
 * from the timestamps and written here (the comments show the arithmetic).
 * Percentiles are linear between the closest ranks: for n sorted values the
 * p-th is at rank h = (n − 1)·p.
 */
async function workspace() {
  const owner = await registerOwner({ name: "Olivia Owner" });
  const bot = await createBot(owner.token);
  return { owner, bot, ws: owner.workspaceId };
}

const get = (token: string, path: string, query: string) => api(`/api/v1/analytics/${path}?${query}`, { token });
const WEEK = "from=2026-11-01&to=2026-11-07";

describe("volume, the heatmap and the time zone", () => {
  it("three conversations of two visitors: conversations 3, messages 8, unique visitors 2, each in its local weekday × hour cell", async () => {
    const { owner, bot, ws } = await workspace();
    const agent = owner.userId;
    await write([
      // Monday 2026-11-02 09:10 in Bangkok (02:10 UTC): visitor, bot, visitor, bot = 4 messages
      ...conversation(ws, bot.id, `v1_${bot.id}`, "2026-11-02T02:10:00.000Z", `vis1_${bot.id}`).created()
        .visitor("2026-11-02T02:10:00.000Z", true).bot("2026-11-02T02:10:05.000Z").visitor("2026-11-02T02:11:00.000Z").bot("2026-11-02T02:11:05.000Z").rows,
      // Monday 09:40 Bangkok, the same visitor again: 2 messages
      ...conversation(ws, bot.id, `v2_${bot.id}`, "2026-11-02T02:40:00.000Z", `vis1_${bot.id}`).created()
        .visitor("2026-11-02T02:40:00.000Z", true).bot("2026-11-02T02:40:05.000Z").rows,
      // Tuesday 2026-11-03 20:30 UTC = Wednesday 03:30 in Bangkok, another visitor: visitor + agent = 2 messages
      ...conversation(ws, bot.id, `v3_${bot.id}`, "2026-11-03T20:30:00.000Z", `vis2_${bot.id}`).created()
        .visitor("2026-11-03T20:30:00.000Z", true).assigned("2026-11-03T20:31:00.000Z", agent)
        .firstResponse("2026-11-03T20:32:00.000Z", agent, "2026-11-03T20:30:00.000Z").reply("2026-11-03T20:32:00.000Z", agent, "2026-11-03T20:30:00.000Z").rows,
    ]);
    const ov = await get(owner.token, "overview", WEEK);
    expect(ov.json).toMatchObject({ conversations: 3, messages: 8, unique_visitors: 2 });

    const heat = await get(owner.token, "heatmap", WEEK);
    expect(heat.json.time_zone).toBe("Asia/Bangkok");
    const cells = (c: number[][]) => c.flatMap((row, d) => row.flatMap((n, h) => (n ? [[d, h, n]] : [])));
    // Monday (0) 09:00 → 2, Wednesday (2) 03:00 → 1, every other cell 0
    expect(cells(heat.json.cells)).toEqual([[0, 9, 2], [2, 3, 1]]);

    const days = await get(owner.token, "conversations", `${WEEK}&interval=day`);
    const nonZero = days.json.data.filter((d: any) => d.conversations > 0).map((d: any) => [d.start, d.conversations, d.messages]);
    expect(nonZero).toEqual([["2026-11-02", 2, 6], ["2026-11-04", 1, 2]]);

    // the same rows in Berlin (UTC+1 in November): Monday 03:00 → 2, Tuesday 21:00 → 1
    expect((await api("/api/v1/workspace", { method: "PATCH", token: owner.token, body: { timezone: "Europe/Berlin" } })).status).toBe(200);
    const berlin = await get(owner.token, "heatmap", WEEK);
    expect(berlin.json.time_zone).toBe("Europe/Berlin");
    expect(cells(berlin.json.cells)).toEqual([[0, 3, 2], [1, 21, 1]]);
    const berlinDays = await get(owner.token, "conversations", `${WEEK}&interval=day`);
    expect(berlinDays.json.data.filter((d: any) => d.conversations > 0).map((d: any) => [d.start, d.conversations])).toEqual([["2026-11-02", 2], ["2026-11-03", 1]]);
  });
});

/**
 * Four conversations on Monday 2026-11-02 (UTC):
 * k1: visitor 03:00, escalated 03:01, assigned A 03:02, A answers 03:03 (FRT from the hand-off 120 s, reply 180 s),
 *     visitor 03:05, A answers 03:06 (reply 60 s), resolved 03:20 (resolution 1,200 s, handle 1,080 s), rated 5 "Great".
 * k2: visitor 04:00, assigned A 04:00:30, A answers 04:01:30 (FRT 90 s, reply 90 s), resolved 04:30 (1,800 s; handle 1,770 s), rated 2 "Slow".
 * k3: visitor 05:00 asking for a person at once (escalated 05:00), assigned B 05:05, B answers 05:10 (FRT 600 s, reply 600 s), resolved 06:00 (3,600 s; handle 3,300 s), rated 4.
 * k4: only the bot: visitor 06:00, answer 06:00:05, resolved by the bot 06:10 (600 s).
 */
async function teamScenario() {
  const { owner, bot, ws } = await workspace();
  const a = owner.userId;
  const b = (await addMember(ws, "agent")).userId;
  const T = (hhmmss: string) => `2026-11-02T${hhmmss}.000Z`;
  const k1 = conversation(ws, bot.id, `k1_${bot.id}`, T("03:00:00")).created().visitor(T("03:00:00"), true).escalated(T("03:01:00"), "explicit_request")
    .assigned(T("03:02:00"), a).firstResponse(T("03:03:00"), a, T("03:01:00")).reply(T("03:03:00"), a, T("03:00:00"))
    .visitor(T("03:05:00")).reply(T("03:06:00"), a, T("03:05:00"))
    .resolved(T("03:20:00"), "agent", T("03:00:00"), a).handled(T("03:20:00"), a, T("03:02:00")).rated(T("03:25:00"), 5, "Great", a);
  const k2 = conversation(ws, bot.id, `k2_${bot.id}`, T("04:00:00")).created().visitor(T("04:00:00"), true)
    .assigned(T("04:00:30"), a).firstResponse(T("04:01:30"), a, T("04:00:00")).reply(T("04:01:30"), a, T("04:00:00"))
    .resolved(T("04:30:00"), "agent", T("04:00:00"), a).handled(T("04:30:00"), a, T("04:00:30")).rated(T("04:35:00"), 2, "Slow", a);
  const k3 = conversation(ws, bot.id, `k3_${bot.id}`, T("05:00:00")).created().visitor(T("05:00:00"), true).escalated(T("05:00:00"), "low_confidence")
    .assigned(T("05:05:00"), b).firstResponse(T("05:10:00"), b, T("05:00:00")).reply(T("05:10:00"), b, T("05:00:00"))
    .resolved(T("06:00:00"), "agent", T("05:00:00"), b).handled(T("06:00:00"), b, T("05:05:00")).rated(T("06:05:00"), 4, undefined, b);
  const k4 = conversation(ws, bot.id, `k4_${bot.id}`, T("06:00:00")).created().visitor(T("06:00:00"), true).bot(T("06:00:05"))
    .resolved(T("06:10:00"), "bot", T("06:00:00"));
  await write([...k1.rows, ...k2.rows, ...k3.rows, ...k4.rows]);
  return { owner, bot, a, b };
}

describe("durations: median and p90 of each", () => {
  it("first response, reply, resolution and handle time of the four conversations", async () => {
    const { owner } = await teamScenario();
    const ov = await get(owner.token, "overview", WEEK);
    expect(ov.json).toMatchObject({ conversations: 4, resolved: 4, handoffs: 3, handoff_rate: 0.75 });
    // FRT 90, 120, 600: median 120; p90 at rank 1.8 = 120 + 0.8 × 480 = 504
    expect(ov.json.first_response_time).toMatchObject({ count: 3, median_s: 120, p90_s: 504, mean_s: 270 });
    // replies 60, 90, 180, 600: median at 1.5 = 135; p90 at 2.7 = 180 + 0.7 × 420 = 474
    expect(ov.json.reply_time).toMatchObject({ count: 4, median_s: 135, p90_s: 474, mean_s: 232.5 });
    // resolutions 600, 1200, 1800, 3600: median 1500; p90 at 2.7 = 1800 + 0.7 × 1800 = 3060
    expect(ov.json.resolution_time).toMatchObject({ count: 4, median_s: 1500, p90_s: 3060, mean_s: 1800 });
    // handle 1080, 1770, 3300: median 1770; p90 at 1.8 = 1770 + 0.8 × 1530 = 2994
    expect(ov.json.handle_time).toMatchObject({ count: 3, median_s: 1770, p90_s: 2994, mean_s: 2050 });
  });

  it("per agent: conversations handled, FRT, resolution and handle time, CSAT", async () => {
    const { owner, a, b } = await teamScenario();
    const res = await get(owner.token, "agents", WEEK);
    expect(res.status).toBe(200);
    const byId = new Map(res.json.data.map((r: any) => [r.agent_id, r]));
    // A: k1 and k2. FRT 120, 90 → median 105, p90 at 0.9 = 90 + 0.9 × 30 = 117. Resolutions 1200, 1800 → 1500 / 1740.
    // Handle 1080, 1770 → median 1425, p90 1080 + 0.9 × 690 = 1701. Ratings 5 and 2 → CSAT 0.5.
    expect(byId.get(a)).toMatchObject({
      name: "Olivia Owner", conversations: 2, replies: 3, resolved: 2, ratings: 2, csat: 0.5,
      first_response_time: { median_s: 105, p90_s: 117, count: 2 },
      resolution_time: { median_s: 1500, p90_s: 1740, count: 2 },
      handle_time: { median_s: 1425, p90_s: 1701, count: 2 },
      handle_time_mean_s: 1425, reply_time_mean_s: 110,
    });
    // B: k3 alone.
    expect(byId.get(b)).toMatchObject({
      conversations: 1, replies: 1, resolved: 1, ratings: 1, csat: 1,
      first_response_time: { median_s: 600, p90_s: 600, count: 1 },
      resolution_time: { median_s: 3600, p90_s: 3600, count: 1 },
      handle_time: { median_s: 3300, p90_s: 3300, count: 1 },
    });
    expect(res.json.data).toHaveLength(2);
    // the agent filter on the overview: A's two conversations only
    const onlyA = await get(owner.token, "overview", `${WEEK}&agent_id=${a}`);
    expect(onlyA.json).toMatchObject({ conversations: 2, resolved: 2, ratings: 2, csat: 0.5, first_response_time: { median_s: 105, p90_s: 117 } });
  });

  it("CSAT, the rating distribution and the comments, newest first", async () => {
    const { owner } = await teamScenario();
    const sat = await get(owner.token, "satisfaction", WEEK);
    // ratings 5, 2, 4: two of three are 4–5
    expect(sat.json).toMatchObject({ csat: 0.6667, ratings: 3, distribution: { "1": 0, "2": 1, "3": 0, "4": 1, "5": 1 } });
    expect(sat.json.comments.map((c: any) => [c.rating, c.comment])).toEqual([[2, "Slow"], [5, "Great"]]);
    const ov = await get(owner.token, "overview", WEEK);
    expect(ov.json).toMatchObject({ csat: 0.6667, ratings: 3 });
  });

  it("handoff reasons, deflection, answer feedback, unanswered questions and the knowledge-gaps trend", async () => {
    const { owner, bot } = await teamScenario();
    const ws = owner.workspaceId;
    const fb = (id: string, conv: string, helpful: number, by: string, at: string) =>
      env.DB.prepare(`INSERT INTO answer_feedback (id, workspace_id, chatbot_id, conversation_id, message_id, helpful, by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?1, ?5, ?6, ?7, ?7)`)
        .bind(`${id}_${bot.id}`, ws, bot.id, `${conv}_${bot.id}`, helpful, by, at);
    const q = (id: string, question: string, answered: number, at: string) =>
      env.DB.prepare(`INSERT INTO kb_queries (id, workspace_id, chatbot_id, conversation_id, question, confidence, action, answered, created_at) VALUES (?1, ?2, ?3, NULL, ?4, 0.2, 'escalate', ?5, ?6)`)
        .bind(`${id}_${bot.id}`, ws, bot.id, question, answered, at);
    await env.DB.batch([
      // 👍 twice, 👎 once; an agent's vote counts too (by = agent)
      fb("f1", "k4", 1, "visitor", "2026-11-02T06:00:30.000Z"),
      fb("f2", "k1", 0, "visitor", "2026-11-02T03:01:00.000Z"),
      fb("f3", "k3", 1, "agent", "2026-11-02T05:20:00.000Z"),
      // unanswered: "Do you ship to Laos?" twice (one in other letters' case), "Gift wrap?" once; one answered question
      q("q1", "Do you ship to Laos?", 0, "2026-11-02T03:00:00.000Z"),
      q("q2", "do you ship to laos?", 0, "2026-11-04T03:00:00.000Z"),
      q("q3", "Gift wrap?", 0, "2026-11-04T18:00:00.000Z"), // 01:00 on the 5th in Bangkok
      q("q4", "Opening hours?", 1, "2026-11-03T03:00:00.000Z"),
    ]);
    const res = await get(owner.token, "bot", WEEK);
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({
      conversations: 4,
      handoffs: 3,
      handoff_rate: 0.75,
      // k1 explicit_request, k3 low_confidence (k2 was taken over without an escalation)
      handoff_reasons: [{ reason: "explicit_request", count: 1 }, { reason: "low_confidence", count: 1 }],
      // k4 alone ended without a person: 1 of 4
      deflected: 1,
      deflection_rate: 0.25,
      feedback: { helpful: 2, not_helpful: 1 },
    });
    expect(res.json.handoff_reasons).toHaveLength(2);
    expect(res.json.unanswered_questions.map((u: any) => [u.question.toLowerCase(), u.count])).toEqual([["do you ship to laos?", 2], ["gift wrap?", 1]]);
    // the gaps trend: unanswered questions per local day
    expect(res.json.unanswered_by_day).toEqual([
      { day: "2026-11-02", count: 1 }, { day: "2026-11-04", count: 1 }, { day: "2026-11-05", count: 1 },
    ]);
  });
});

describe("edges of the definitions", () => {
  it("a range that starts and ends inside an hour counts exactly what happened inside it, in every report", async () => {
    const { owner, bot, ws } = await workspace();
    const c = (id: string, at: string) => {
      const t = Date.parse(at);
      return conversation(ws, bot.id, `${id}_${bot.id}`, at).created().visitor(at, true).bot(new Date(t + 5000).toISOString()).rows;
    };
    await write([
      ...c("e0", "2026-11-02T02:15:00.000Z"), // before the range
      ...c("e1", "2026-11-02T02:45:00.000Z"), // in its partial first hour
      ...c("e2", "2026-11-02T04:00:00.000Z"),
      ...c("e3", "2026-11-02T05:15:00.000Z"), // in its partial last hour
      ...c("e4", "2026-11-02T05:45:00.000Z"), // after the range
    ]);
    const q = `from=${encodeURIComponent("2026-11-02T02:30:00.000Z")}&to=${encodeURIComponent("2026-11-02T05:30:00.000Z")}`;
    const ov = await get(owner.token, "overview", q);
    expect(ov.json).toMatchObject({ conversations: 3, messages: 6, unique_visitors: 3 });
    const series = await get(owner.token, "conversations", `${q}&interval=hour`);
    expect(series.json.data.map((d: any) => [d.start, d.conversations, d.messages])).toEqual([
      ["2026-11-02T09", 1, 2], ["2026-11-02T10", 0, 0], ["2026-11-02T11", 1, 2], ["2026-11-02T12", 1, 2],
    ]);
    const heat = await get(owner.token, "heatmap", q);
    expect(heat.json.cells[0].slice(9, 13)).toEqual([1, 0, 1, 1]);
    expect(heat.json.cells.flat().reduce((a: number, n: number) => a + n, 0)).toBe(3);
  });

  it("business-hours mode applies to every duration: reply, resolution and handle time too", async () => {
    const { owner, bot, ws } = await workspace();
    const a = owner.userId;
    const hours = { enabled: true, timezone: "Asia/Bangkok", offline_message: "", schedule: { monday: { start: "09:00", end: "18:00" }, tuesday: { start: "09:00", end: "18:00" }, wednesday: { start: "09:00", end: "18:00" }, thursday: { start: "09:00", end: "18:00" }, friday: { start: "09:00", end: "18:00" }, saturday: null, sunday: null } };
    await env.DB.prepare(`UPDATE chatbots SET business_hours = ?1 WHERE id = ?2`).bind(JSON.stringify(hours), bot.id).run();
    // Monday 17:50 Bangkok (10:50 UTC) the visitor writes; 17:55 A takes it; Tuesday 09:10 (02:10 UTC) A answers;
    // Tuesday 09:40 (02:40 UTC) resolved.
    const first = "2026-11-02T10:50:00.000Z";
    const assigned = "2026-11-02T10:55:00.000Z";
    const answered = "2026-11-03T02:10:00.000Z";
    const resolved = "2026-11-03T02:40:00.000Z";
    await write(
      conversation(ws, bot.id, `bh2_${bot.id}`, first).created().visitor(first, true).assigned(assigned, a)
        .firstResponse(answered, a, first).reply(answered, a, first).resolved(resolved, "agent", first, a).handled(resolved, a, assigned).rows,
    );
    // wall clock: FRT and reply 15 h 20 min = 55,200 s; resolution 15 h 50 min = 57,000 s; handle 15 h 45 min = 56,700 s
    const wall = await get(owner.token, "overview", WEEK);
    expect(wall.json).toMatchObject({
      first_response_time: { median_s: 55_200 }, reply_time: { median_s: 55_200 }, resolution_time: { median_s: 57_000 }, handle_time: { median_s: 56_700 },
    });
    // office hours: 10 min Monday + 10 min Tuesday = 1,200 s; 10 + 40 min = 3,000 s; 5 + 40 min = 2,700 s
    const office = await get(owner.token, "overview", `${WEEK}&business_hours=true`);
    expect(office.json).toMatchObject({
      first_response_time: { median_s: 1_200, p90_s: 1_200 }, reply_time: { median_s: 1_200 }, resolution_time: { median_s: 3_000 }, handle_time: { median_s: 2_700 },
    });
    const agents = await get(owner.token, "agents", `${WEEK}&business_hours=true`);
    expect(agents.json.data[0]).toMatchObject({
      agent_id: a, first_response_time: { median_s: 1_200 }, resolution_time: { median_s: 3_000 }, handle_time: { median_s: 2_700 }, handle_time_mean_s: 2_700, reply_time_mean_s: 1_200,
    });
  });

  it("an agent who takes the same conversation twice has handled one conversation", async () => {
    const { owner, bot, ws } = await workspace();
    const a = owner.userId;
    const b = (await addMember(ws, "agent")).userId;
    const T = (hhmm: string) => `2026-11-02T${hhmm}:00.000Z`;
    // A takes it, gives it back to the bot, takes it again, transfers it to B, B resolves
    await write(
      conversation(ws, bot.id, `tw_${bot.id}`, T("03:00")).created().visitor(T("03:00"), true)
        .assigned(T("03:01"), a).firstResponse(T("03:02"), a, T("03:00")).reply(T("03:02"), a, T("03:00"))
        .assigned(T("03:10"), a).assigned(T("03:20"), b).resolved(T("03:30"), "agent", T("03:00"), b).handled(T("03:30"), b, T("03:20")).rows,
    );
    const res = await get(owner.token, "agents", WEEK);
    const byId = new Map(res.json.data.map((r: any) => [r.agent_id, r]));
    expect(byId.get(a)).toMatchObject({ conversations: 1, replies: 1, resolved: 0 });
    expect(byId.get(b)).toMatchObject({ conversations: 1, replies: 0, resolved: 1, handle_time: { median_s: 600 } });
  });
});
