import { recordAudit } from "../audit/record";
import { forbidden } from "../lib/errors";
import type { Call, RequestCtx } from "../lib/service";
import type { VisitorClaims } from "../widget/token";
import { eraseVisitor } from "./erase";
import { exportVisitor } from "./export";

/**
 * Visitor data rights, asked for by the workspace (owners/admins) or by the
 * visitor from the widget when the chatbot allows it. Every export and
 * erasure is written to the workspace's audit log.
 */

export async function exportVisitorForWorkspace({ ctx, input }: Call<{ visitorId: string; baseUrl: string }>) {
  const { auth } = ctx;
  const { visitorId } = input;
  const doc = await exportVisitor(ctx.env, input.baseUrl, auth.workspaceId, visitorId);
  await recordAudit(ctx, auth, { action: "visitor.exported", resource_type: "visitor", resource_id: visitorId, changes: { conversations: doc.conversations.length } });
  return doc;
}

export async function eraseVisitorForWorkspace({ ctx, input }: Call<{ visitorId: string }>) {
  const { auth } = ctx;
  const { visitorId } = input;
  const result = await eraseVisitor(ctx.env, auth.workspaceId, visitorId);
  await recordAudit(ctx, auth, { action: "visitor.erased", resource_type: "visitor", resource_id: visitorId, changes: { ...result, by: "workspace" } });
  return result;
}

/** The chatbot's "Download / delete my data" switch (data_collection.visitor_data_requests); 403 when off. */
async function requireSelfService(env: Env, visitor: VisitorClaims) {
  const row = await env.DB.prepare(`select json_extract(data_collection, '$.visitor_data_requests') as on_ from chatbots where id = ?1 and workspace_id = ?2 and deleted_at is null`)
    .bind(visitor.chatbotId, visitor.workspaceId)
    .first<{ on_: number | null }>();
  if (!row?.on_) throw forbidden("This chat does not offer data downloads or deletion; contact the site owner", "DATA_REQUESTS_DISABLED");
}

export async function exportOwnData({ ctx, input }: Call<{ visitor: VisitorClaims; baseUrl: string }, RequestCtx>) {
  const { visitor } = input;
  await requireSelfService(ctx.env, visitor);
  const doc = await exportVisitor(ctx.env, input.baseUrl, visitor.workspaceId, visitor.visitorId);
  await recordAudit(ctx, { workspaceId: visitor.workspaceId }, {
    action: "visitor.exported",
    resource_type: "visitor",
    resource_id: visitor.visitorId,
    changes: { conversations: doc.conversations.length, by: "visitor" },
  });
  return doc;
}

export async function eraseOwnData({ ctx, input }: Call<{ visitor: VisitorClaims }, RequestCtx>) {
  const { visitor } = input;
  await requireSelfService(ctx.env, visitor);
  const result = await eraseVisitor(ctx.env, visitor.workspaceId, visitor.visitorId);
  await recordAudit(ctx, { workspaceId: visitor.workspaceId }, { action: "visitor.erased", resource_type: "visitor", resource_id: visitor.visitorId, changes: { ...result, by: "visitor" } });
  return result;
}
