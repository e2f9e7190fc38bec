import { previousPeriod, type AnalyticsFilter } from "./filters";
import { type Bucket, bucketDistribution, durationBuckets } from "./duration-hist";
import { conversationCounts, durationOf, heatmap, hourly, type HourlyRow, ratingsOf, ratio, onlineSeconds, timeSeries, uniqueVisitors, unansweredByDay, type ConversationCounts, type Distribution } from "./metrics";
import { batched } from "./reads";
import { rollupPending } from "./rollup";
import type { Interval } from "./zones";

/**
 * The answers of the analytics endpoints, assembled from the measures in
 * metrics.ts. Every report first rolls up what the workspace's conversations
 * flushed since the last run (bounded), so a finished conversation shows at once.
 */
export async function catchUp(db: D1Database, workspaceId: string) {
  // the usual case, nothing new: one cheap look
  const idle = await db
    .prepare(
      `SELECT (SELECT 1 FROM analytics_events INDEXED BY idx_analytics_events_pending WHERE rolled_up <> 1 AND workspace_id = ?1 LIMIT 1) AS pending,
              (SELECT 1 FROM analytics_dirty_hours LIMIT 1) AS dirty`,
    )
    .bind(workspaceId)
    .first<{ pending: number | null; dirty: number | null }>();
  if (idle && !idle.pending && !idle.dirty) return;
  await rollupPending(db, workspaceId, 4);
}

function kpis(c: ConversationCounts) {
  return {
    conversations: c.conversations,
    resolved: c.resolved,
    bot_resolution: { confirmed: c.bot_confirmed, assumed: c.bot_assumed, pending: c.bot_pending, bot_handled: c.bot_handled },
    handoffs: c.handoffs,
    handoff_rate: ratio(c.handoffs, c.conversations),
    csat: ratio(c.satisfied, c.ratings),
    ratings: c.ratings,
    abandoned: c.abandoned,
  };
}

const SALES_EVENTS = ["order_placed", "order_paid", "order_refunded", "order_expired", "lead_stage_changed"];

/**
 * Sales of the range (amounts in the shop currency's minor units): orders placed, paid and refunded,
 * revenue = paid − refunded, average order value over paid orders, conversion = paid orders per
 * conversation, revenue by who served the conversation (bot only / a person took part), and
 * abandoned checkouts: orders whose payment window passed unpaid (count and their total); lead stage
 * changes of the range per new stage (a lead's creation counts as entering its first stage).
 */
function salesOf(rows: HourlyRow[], conversations: number) {
  const sum = (name: string, key: "count" | "sum_value", dim?: string) =>
    rows.filter((r) => r.name === name && (dim === undefined || r.dim === dim)).reduce((a, r) => a + r[key], 0);
  const paid = sum("order_paid", "sum_value");
  const refunded = sum("order_refunded", "sum_value");
  const paidOrders = sum("order_paid", "count");
  return {
    orders: sum("order_placed", "count"),
    paid_orders: paidOrders,
    refunded_orders: sum("order_refunded", "count"),
    revenue_minor: paid - refunded,
    refunded_minor: refunded,
    average_order_value_minor: paidOrders ? Math.round(paid / paidOrders) : null,
    conversion_rate: ratio(paidOrders, conversations),
    revenue_by: {
      bot: sum("order_paid", "sum_value", "bot") - sum("order_refunded", "sum_value", "bot"),
      agent: sum("order_paid", "sum_value", "agent") - sum("order_refunded", "sum_value", "agent"),
    },
    abandoned_checkouts: sum("order_expired", "count"),
    abandoned_minor: sum("order_expired", "sum_value"),
    lead_stage_changes: Object.fromEntries(rows.filter((r) => r.name === "lead_stage_changed").map((r) => [r.dim, r.count])),
  };
}

const dist = (d: Distribution) => ({ median_s: d.median_s, p90_s: d.p90_s, mean_s: d.mean_s, count: d.count });

export async function overview(db: D1Database, f: AnalyticsFilter, now?: string) {
  await catchUp(db, f.workspaceId);
  const prev = previousPeriod(f);
  const [cur, before, frt, resolution, messages, prevFrt, sales, reply, handle, visitors] = await batched(db, (r) =>
    Promise.all([
      conversationCounts(r, f, now),
      conversationCounts(r, prev, now),
      durationOf(r, f, "first_agent_response"),
      durationOf(r, f, "resolved"),
      hourly(r, f, ["visitor_message", "bot_answered", "agent_reply"]),
      durationOf(r, prev, "first_agent_response"),
      hourly(r, f, SALES_EVENTS),
      durationOf(r, f, "agent_reply"),
      durationOf(r, f, "handled"),
      uniqueVisitors(r, f),
    ]),
  );
  return {
    range: { from: f.from, to: f.to, time_zone: f.timeZone, business_hours: f.businessHours },
    ...kpis(cur),
    messages: messages.reduce((a, r) => a + r.count, 0),
    unique_visitors: visitors,
    first_response_time: dist(frt),
    reply_time: dist(reply),
    resolution_time: dist(resolution),
    handle_time: dist(handle),
    sales: salesOf(sales, cur.conversations),
    previous: { from: prev.from, to: prev.to, ...kpis(before), first_response_time: { median_s: prevFrt.median_s, p90_s: prevFrt.p90_s } },
  };
}

export async function conversationsSeries(db: D1Database, f: AnalyticsFilter, interval: Interval) {
  await catchUp(db, f.workspaceId);
  return { interval, time_zone: f.timeZone, data: await timeSeries(db, f, interval) };
}

export async function heatmapReport(db: D1Database, f: AnalyticsFilter) {
  await catchUp(db, f.workspaceId);
  return { time_zone: f.timeZone, weekdays: ["mon", "tue", "wed", "thu", "fri", "sat", "sun"], cells: await heatmap(db, f) };
}

/** Per agent: conversations handled (each conversation once per agent, counted when the agent first took it), replies, first response / reply / handle times, resolutions, CSAT. */
export async function agentsReport(db: D1Database, f: AnalyticsFilter, now?: string) {
  await catchUp(db, f.workspaceId);
  const [rows, frts, resolutions, handles, online, names] = await batched(db, (r) =>
    Promise.all([
      hourly(r, f, ["agent_conversation", "agent_reply", "resolved", "handled", "rated"], true),
      durationBuckets(r, f, "first_agent_response", true),
      durationBuckets(r, f, "resolved", true),
      durationBuckets(r, f, "handled", true),
      onlineSeconds(r, f, now),
      r.all<{ id: string; name: string }>(
        db.prepare(`SELECT u.id, u.name FROM memberships m JOIN users u ON u.id = m.user_id WHERE m.workspace_id = ?`).bind(f.workspaceId),
      ),
    ]),
  );
  const byAgent = new Map<string, { assigned: number; replies: number; replyN: number; replySum: number; resolved: number; handleN: number; handleSum: number; ratings: number; satisfied: number; frt: Bucket[]; resolution: Bucket[]; handle: Bucket[] }>();
  const get = (id: string) => {
    let a = byAgent.get(id);
    if (!a) byAgent.set(id, (a = { assigned: 0, replies: 0, replyN: 0, replySum: 0, resolved: 0, handleN: 0, handleSum: 0, ratings: 0, satisfied: 0, frt: [], resolution: [], handle: [] }));
    return a;
  };
  for (const r of rows) {
    if (!r.agent_id) continue;
    const a = get(r.agent_id);
    const sum = f.businessHours ? r.sum_bh : r.sum_value;
    if (r.name === "agent_conversation") a.assigned += r.count;
    else if (r.name === "agent_reply") (a.replies += r.count, a.replyN += r.n_value, a.replySum += sum);
    else if (r.name === "resolved" && r.dim === "agent") a.resolved += r.count;
    else if (r.name === "handled") (a.handleN += r.n_value, a.handleSum += sum);
    else if (r.name === "rated") (a.ratings += r.count, a.satisfied += Number(r.dim) >= 4 ? r.count : 0);
  }
  for (const [agentId, buckets] of frts) if (agentId) get(agentId).frt = buckets;
  for (const [agentId, buckets] of resolutions) if (agentId) get(agentId).resolution = buckets;
  for (const [agentId, buckets] of handles) if (agentId) get(agentId).handle = buckets;
  for (const agentId of online.keys()) get(agentId);
  const nameOf = new Map(names.map((n) => [n.id, n.name]));
  return {
    data: [...byAgent.entries()]
      .map(([id, a]) => {
        const frt = bucketDistribution(a.frt);
        const resolution = bucketDistribution(a.resolution);
        const handle = bucketDistribution(a.handle);
        return {
          agent_id: id,
          name: nameOf.get(id) ?? null,
          conversations: a.assigned,
          replies: a.replies,
          first_response_time: { median_s: frt.median_s, p90_s: frt.p90_s, count: frt.count },
          reply_time_mean_s: a.replyN ? Math.round((a.replySum / a.replyN) * 1000) / 1000 : null,
          resolved: a.resolved,
          resolution_time: { median_s: resolution.median_s, p90_s: resolution.p90_s, count: resolution.count },
          handle_time: { median_s: handle.median_s, p90_s: handle.p90_s, count: handle.count },
          handle_time_mean_s: a.handleN ? Math.round((a.handleSum / a.handleN) * 1000) / 1000 : null,
          ratings: a.ratings,
          csat: ratio(a.satisfied, a.ratings),
          online_s: online.get(id) ?? 0,
        };
      })
      .sort((x, y) => y.conversations - x.conversations || y.replies - x.replies),
  };
}

/** The bot: resolution confirmed vs assumed (never summed), hand-offs by reason, answers, feedback, unanswered questions. */
export async function botReport(db: D1Database, f: AnalyticsFilter, now?: string) {
  await catchUp(db, f.workspaceId);
  const bot = f.chatbotId ? "AND chatbot_id = ?" : "";
  const botBind = f.chatbotId ? [f.chatbotId] : [];
  const [counts, rows, fb, unanswered, gaps] = await batched(db, (r) =>
    Promise.all([
      conversationCounts(r, f, now),
      hourly(r, f, ["bot_answered", "escalated"]),
      r.first<{ up: number; down: number }>(
        db
          .prepare(`SELECT TOTAL(helpful = 1) AS up, TOTAL(helpful = 0) AS down FROM answer_feedback WHERE workspace_id = ? AND created_at >= ? AND created_at < ? ${bot}`)
          .bind(f.workspaceId, f.from, f.to, ...botBind),
      ),
      r.all<{ question: string; count: number; last_at: string }>(
        db
          .prepare(
            `SELECT question, COUNT(*) AS count, MAX(created_at) AS last_at FROM kb_queries INDEXED BY idx_kb_queries_unanswered
             WHERE workspace_id = ? AND created_at >= ? AND created_at < ? AND answered = 0 ${bot}
             GROUP BY lower(question) ORDER BY count DESC, last_at DESC LIMIT 10`,
          )
          .bind(f.workspaceId, f.from, f.to, ...botBind),
      ),
      unansweredByDay(r, f),
    ]),
  );
  const reasons = new Map<string, number>();
  let answers = 0;
  let confidenceSum = 0;
  let smalltalk = 0;
  for (const r of rows) {
    if (r.name === "escalated") reasons.set(r.dim, (reasons.get(r.dim) ?? 0) + r.count);
    else (answers += r.count, confidenceSum += r.sum_value, (smalltalk += r.dim === "smalltalk" ? r.count : 0));
  }
  return {
    conversations: counts.conversations,
    bot_resolution: {
      confirmed: counts.bot_confirmed,
      assumed: counts.bot_assumed,
      pending: counts.bot_pending,
      bot_handled: counts.bot_handled,
      confirmed_rate: ratio(counts.bot_confirmed, counts.conversations),
      assumed_rate: ratio(counts.bot_assumed, counts.conversations),
    },
    handoffs: counts.handoffs,
    handoff_rate: ratio(counts.handoffs, counts.conversations),
    handoff_reasons: [...reasons.entries()].map(([reason, count]) => ({ reason, count })).sort((a, b) => b.count - a.count || a.reason.localeCompare(b.reason)),
    deflected: counts.bot_handled,
    deflection_rate: ratio(counts.bot_handled, counts.conversations),
    answers,
    smalltalk_answers: smalltalk,
    mean_confidence: answers ? Math.round((confidenceSum / answers) * 1000) / 1000 : null,
    feedback: { helpful: Number(fb?.up ?? 0), not_helpful: Number(fb?.down ?? 0) },
    unanswered_questions: unanswered,
    unanswered_by_day: gaps,
  };
}

/** CSAT, the rating distribution and the latest comments. */
export async function satisfactionReport(db: D1Database, f: AnalyticsFilter) {
  await catchUp(db, f.workspaceId);
  const extra = [f.chatbotId ? "AND chatbot_id = ?" : "", f.channel ? "AND channel = ?" : "", f.agentId ? "AND agent_id = ?" : ""].join(" ");
  const [ratings, comments] = await batched(db, (r) =>
    Promise.all([
      ratingsOf(r, f),
      r.all<Record<string, unknown>>(
        db
          .prepare(
            `SELECT conversation_id, agent_id, value AS rating, json_extract(data, '$.comment') AS comment, at FROM analytics_events
             WHERE workspace_id = ? AND name = 'rated' AND at >= ? AND at < ? ${extra} AND json_extract(data, '$.comment') IS NOT NULL ORDER BY at DESC LIMIT 20`,
          )
          .bind(f.workspaceId, f.from, f.to, ...[f.chatbotId, f.channel, f.agentId].filter(Boolean)),
      ),
    ]),
  );
  const distribution: Record<string, number> = { "1": 0, "2": 0, "3": 0, "4": 0, "5": 0 };
  for (const r of ratings) distribution[String(r.rating)] = r.count;
  const total = Object.values(distribution).reduce((a, b) => a + b, 0);
  const satisfied = (distribution["4"] ?? 0) + (distribution["5"] ?? 0);
  return { csat: ratio(satisfied, total), ratings: total, distribution, comments };
}
