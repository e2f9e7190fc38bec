import { env } from "cloudflare:test";
import type { AnalyticsRow } from "../../durable-objects/conversation/analytics";
import { analyticsStatements } from "../../worker/analytics/sink";
import { api } from "../helpers";

/** Writes hand-built analytics rows through the same statements the ConversationDO's outbox flush uses. */
export async function write(rows: AnalyticsRow[]) {
  await env.DB.batch(rows.flatMap((r) => analyticsStatements(env.DB, r)));
}

/** A conversation's analytics rows with explicit times. */
export function conversation(workspaceId: string, chatbotId: string, id: string, createdAt: string, visitorId = `vis_${id}`) {
  const rows: AnalyticsRow[] = [];
  const base = { workspace_id: workspaceId, chatbot_id: chatbotId, conversation_id: id, visitor_id: visitorId, conversation_created_at: createdAt, channel: "web", dim: "", value: null, started_at: null, data: null, agent_id: "" };
  const add = (name: string, at: string, extra: Partial<AnalyticsRow> = {}, key: string | null = null) => {
    rows.push({ ...base, id: key ? `${id}:${name}:${key}` : `${id}:${name}`, name, at, ...extra });
    return api;
  };
  const c = {
    rows,
    created: () => (add("conversation_created", createdAt), c),
    visitor: (at: string, first = false) => {
      if (first) add("first_visitor_message", at);
      add("visitor_message", at, {}, at);
      return c;
    },
    bot: (at: string, question = true) => (add("bot_answered", at, { dim: question ? "question" : "smalltalk", value: 0.8 }, at), c),
    escalated: (at: string, reason = "explicit_request") => (add("escalated", at, { dim: reason }, at), c),
    assigned: (at: string, agentId: string) => (add("agent_assigned", at, { agent_id: agentId, dim: "takeover" }, at), c),
    firstResponse: (at: string, agentId: string, from: string) =>
      (add("first_agent_response", at, { agent_id: agentId, value: (Date.parse(at) - Date.parse(from)) / 1000, started_at: from }), c),
    reply: (at: string, agentId: string, from: string | null) =>
      (add("agent_reply", at, { agent_id: agentId, value: from ? (Date.parse(at) - Date.parse(from)) / 1000 : null, started_at: from }, at), c),
    resolved: (at: string, by: "bot" | "agent", from: string, agentId = "") =>
      (add("resolved", at, { dim: by, agent_id: agentId, value: (Date.parse(at) - Date.parse(from)) / 1000, started_at: from }, at), c),
    handled: (at: string, agentId: string, assignedAt: string) =>
      (add("handled", at, { agent_id: agentId, value: (Date.parse(at) - Date.parse(assignedAt)) / 1000, started_at: assignedAt }, at), c),
    rated: (at: string, rating: number, comment?: string, agentId = "") =>
      (add("rated", at, { dim: String(rating), value: rating, agent_id: agentId, data: comment ? { comment } : null }, at), c),
  };
  return c;
}

export const iso = (ms: number) => new Date(ms).toISOString();
