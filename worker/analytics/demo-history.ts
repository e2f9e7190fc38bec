import type { AnalyticsRow } from "../../durable-objects/conversation/analytics";
import { rollupPending } from "./rollup";
import { analyticsStatements } from "./sink";

export const DEMO_HISTORY_DAYS = 14;
export const DEMO_PER_DAY = 3;

/**
 * Two weeks of reporting history for the demo workspace (3 conversations a
 * day, half a day apart from now): every third one handed to the owner
 * (first response 60–180 s, resolved, rated), every third resolved by the bot
 * and rated 5 (confirmed), the rest answered by the bot and left alone
 * (assumed once 24 h have passed). Deterministic ids: seeding twice adds nothing.
 */
export async function seedAnalyticsHistory(db: D1Database, ws: { workspaceId: string; chatbotId: string; ownerUserId: string }, now = Date.now()) {
  const rows: AnalyticsRow[] = [];
  for (let i = 0; i < DEMO_HISTORY_DAYS * DEMO_PER_DAY; i++) {
    const day = Math.floor(i / DEMO_PER_DAY);
    const created = now - (day + 0.5) * 86_400_000 + (i % DEMO_PER_DAY) * 3 * 3_600_000;
    const id = `conv_demohist_${ws.chatbotId}_${i}`;
    const at = (s: number) => new Date(created + s * 1000).toISOString();
    const base = {
      workspace_id: ws.workspaceId, chatbot_id: ws.chatbotId, conversation_id: id, visitor_id: `vis_demohist_${i}`,
      conversation_created_at: at(0), channel: "web", agent_id: "", dim: "", value: null, started_at: null, data: null,
    };
    const add = (name: string, s: number, extra: Partial<AnalyticsRow> = {}, once = false) =>
      rows.push({ ...base, id: once ? `${id}:${name}` : `${id}:${name}:${s}`, name, at: at(s), ...extra });
    add("conversation_created", 0, {}, true);
    add("first_visitor_message", 2, {}, true);
    add("visitor_message", 2);
    add("bot_answered", 4, { dim: "question", value: 0.7 });
    if (i % 3 === 0) {
      const frt = 60 + 30 * (i % 5);
      add("escalated", 30, { dim: i % 2 ? "low_confidence" : "explicit_request" });
      add("agent_assigned", 40, { agent_id: ws.ownerUserId, dim: "takeover" });
      add("first_agent_response", 30 + frt, { agent_id: ws.ownerUserId, value: frt, started_at: at(30) }, true);
      add("agent_reply", 30 + frt, { agent_id: ws.ownerUserId, value: frt - 28, started_at: at(2) });
      add("resolved", 900, { dim: "agent", agent_id: ws.ownerUserId, value: 898, started_at: at(2) });
      add("handled", 900, { agent_id: ws.ownerUserId, value: 860, started_at: at(40) });
      add("rated", 960, { dim: String(i % 2 ? 4 : 5), value: i % 2 ? 4 : 5, agent_id: ws.ownerUserId, data: { comment: "Thanks for the quick help" } });
    } else if (i % 3 === 1) {
      add("resolved", 300, { dim: "bot", value: 298, started_at: at(2) });
      add("rated", 360, { dim: "5", value: 5 });
    }
  }
  for (let i = 0; i < rows.length; i += 40) await db.batch(rows.slice(i, i + 40).flatMap((r) => analyticsStatements(db, r)));
  await rollupPending(db, ws.workspaceId);
}
