import type { FlowRuntime } from "../../durable-objects/ports";
import { answer, matchTrigger, newRun, step, wake } from "../../common/flows/engine";
import type { FlowGraph } from "../../common/flows/schema";
import { flowHttp } from "./http";

const MAX_TAGS = 20;

/**
 * The Worker's side of a running flow, handed to the ConversationDO through
 * its port (`durable-objects/ports.ts` FlowRuntime): the engine itself, the
 * pinned version's graph, the visitor's contact fields, tags and the guarded
 * HTTP call. Loaded as its own module (worker/lazy/flows.ts) on first use.
 */
export const flowRuntime: FlowRuntime = {
  engine: { newRun, step, answer, wake, matchTrigger },

  async loadVersion(env, workspaceId, versionId) {
    const row = await env.DB.prepare(`SELECT id, flow_id, version, graph FROM flow_versions WHERE id = ?1 AND workspace_id = ?2`)
      .bind(versionId, workspaceId)
      .first<{ id: string; flow_id: string; version: number; graph: string }>();
    return row ? { flow_id: row.flow_id, version_id: row.id, version: row.version, graph: JSON.parse(row.graph) as FlowGraph } : null;
  },

  async contact(env, workspaceId, visitorId) {
    const row = await env.DB.prepare(`SELECT name, email, phone FROM visitors WHERE id = ?1 AND workspace_id = ?2`)
      .bind(visitorId, workspaceId)
      .first<{ name: string | null; email: string | null; phone: string | null }>();
    const vars: Record<string, string> = {};
    if (row?.name) vars["contact.name"] = row.name;
    if (row?.email) vars["contact.email"] = row.email;
    if (row?.phone) vars["contact.phone"] = row.phone;
    return vars;
  },

  async setContact(env, workspaceId, visitorId, field, value) {
    const column = field === "email" ? "email" : field === "phone" ? "phone" : "name";
    await env.DB.prepare(`UPDATE visitors SET ${column} = ?1 WHERE id = ?2 AND workspace_id = ?3`).bind(value.slice(0, 200), visitorId, workspaceId).run();
  },

  async tag(env, workspaceId, conversationId, tags) {
    const clean = [...new Set(tags.map((t) => t.trim().toLowerCase().slice(0, 40)).filter(Boolean))];
    if (!clean.length) return;
    // merged with the tags already there; the row exists once the conversation's first flush ran
    await env.DB.prepare(
      `UPDATE conversations SET tags = (
         SELECT json_group_array(value) FROM (
           SELECT value FROM json_each(coalesce(conversations.tags, '[]'))
           UNION SELECT value FROM json_each(?1) LIMIT ${MAX_TAGS}))
       WHERE id = ?2 AND workspace_id = ?3`,
    )
      .bind(JSON.stringify(clean), conversationId, workspaceId)
      .run();
  },

  http: (_env, _workspaceId, req) => flowHttp(req),
};
