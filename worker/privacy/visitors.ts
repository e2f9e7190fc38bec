import type { Context } from "hono";
import { recordAudit } from "../audit/record";
import type { AppEnv, AuthContext } from "../lib/context";
import { forbidden } from "../lib/errors";
import type { VisitorClaims } from "../widget/token";
import { eraseVisitor } from "./erase";
import { exportVisitor } from "./export";

/**
 * Visitor data rights, asked for by the workspace (owners/admins) or by the
 * visitor from the widget when the chatbot allows it. Every export and
 * erasure is written to the workspace's audit log.
 */

export async function exportVisitorForWorkspace(c: Context<AppEnv>, visitorId: string) {
  const auth: AuthContext = c.get("auth");
  const doc = await exportVisitor(c.env, new URL(c.req.url).origin, auth.workspaceId, visitorId);
  await recordAudit(c, auth, { action: "visitor.exported", resource_type: "visitor", resource_id: visitorId, changes: { conversations: doc.conversations.length } });
  return doc;
}

export async function eraseVisitorForWorkspace(c: Context<AppEnv>, visitorId: string) {
  const auth: AuthContext = c.get("auth");
  const result = await eraseVisitor(c.env, auth.workspaceId, visitorId);
  await recordAudit(c, auth, { action: "visitor.erased", resource_type: "visitor", resource_id: visitorId, changes: { ...result, by: "workspace" } });
  return result;
}

/** The chatbot's "Download / delete my data" switch (data_collection.visitor_data_requests); 403 when off. */
async function requireSelfService(env: Env, visitor: VisitorClaims) {
  const row = await env.DB.prepare(`select json_extract(data_collection, '$.visitor_data_requests') as on_ from chatbots where id = ?1 and workspace_id = ?2 and deleted_at is null`)
    .bind(visitor.chatbotId, visitor.workspaceId)
    .first<{ on_: number | null }>();
  if (!row?.on_) throw forbidden("This chat does not offer data downloads or deletion; contact the site owner", "DATA_REQUESTS_DISABLED");
}

export async function exportOwnData(c: Context<AppEnv>, visitor: VisitorClaims) {
  await requireSelfService(c.env, visitor);
  const doc = await exportVisitor(c.env, new URL(c.req.url).origin, visitor.workspaceId, visitor.visitorId);
  await recordAudit(c, { workspaceId: visitor.workspaceId }, {
    action: "visitor.exported",
    resource_type: "visitor",
    resource_id: visitor.visitorId,
    changes: { conversations: doc.conversations.length, by: "visitor" },
  });
  return doc;
}

export async function eraseOwnData(c: Context<AppEnv>, visitor: VisitorClaims) {
  await requireSelfService(c.env, visitor);
  const result = await eraseVisitor(c.env, visitor.workspaceId, visitor.visitorId);
  await recordAudit(c, { workspaceId: visitor.workspaceId }, { action: "visitor.erased", resource_type: "visitor", resource_id: visitor.visitorId, changes: { ...result, by: "visitor" } });
  return result;
}
