import { appendAgentMessage } from "../../conversations/service";
import { badRequest, notFound } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import { decryptSecret } from "../../lib/secrets";
import type { Call } from "../../lib/service";
import { provider } from "../connect";
import { lastInboundOf, replyWindow } from "../reply-window";
import { channelSecretAd } from "../types";
import { approvedTemplates, type GraphTemplate } from "./api";

export interface TemplateView {
  name: string;
  language: string;
  category: string | null;
  body: string;
  param_count: number;
  synced_at: string;
}

/** The body's highest placeholder ({{1}} … {{n}}): how many parameters a send must give. */
const paramCount = (body: string) => Math.max(0, ...[...body.matchAll(/\{\{\s*(\d+)\s*\}\}/g)].map((m) => Number(m[1])));
const bodyOf = (t: GraphTemplate) => t.components?.find((c) => c.type.toUpperCase() === "BODY")?.text ?? "";

/** Replaces the channel's stored template list with the approved templates given (one batch). */
export async function storeTemplates(env: Env, channelId: string, workspaceId: string, templates: GraphTemplate[]): Promise<number> {
  const now = nowIso();
  const seen = new Set<string>();
  const rows = templates.filter((t) => t.name && t.language && !seen.has(`${t.name}|${t.language}`) && seen.add(`${t.name}|${t.language}`));
  await env.DB.batch([
    env.DB.prepare(`DELETE FROM channel_templates WHERE channel_id = ?1`).bind(channelId),
    ...rows.map((t) =>
      env.DB.prepare(`INSERT INTO channel_templates (channel_id, workspace_id, name, language, category, body, param_count, synced_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`).bind(
        channelId, workspaceId, t.name.slice(0, 512), t.language.slice(0, 20), t.category ?? null, bodyOf(t).slice(0, 4000), paramCount(bodyOf(t)), now,
      ),
    ),
  ]);
  return rows.length;
}

async function whatsappChannel(env: Env, workspaceId: string, id: string) {
  const row = await env.DB.prepare(`SELECT id, workspace_id, type, secrets_enc FROM channels WHERE id = ?1 AND workspace_id = ?2`).bind(id, workspaceId).first<{ id: string; workspace_id: string; type: string; secrets_enc: string }>();
  if (!row) throw notFound("Channel");
  if (row.type !== "whatsapp") throw badRequest("TEMPLATES_NOT_SUPPORTED", "Message templates belong to WhatsApp channels");
  return row;
}

export async function listTemplates({ ctx, input: { id } }: Call<{ id: string }>): Promise<TemplateView[]> {
  await whatsappChannel(ctx.env, ctx.auth.workspaceId, id);
  return templatesOf(ctx.env, id);
}

const templatesOf = async (env: Env, channelId: string) =>
  (await env.DB.prepare(`SELECT name, language, category, body, param_count, synced_at FROM channel_templates WHERE channel_id = ?1 ORDER BY name, language`).bind(channelId).all<TemplateView>()).results;

/** Fetches the WABA's approved templates again (the dashboard's "Sync templates"). */
export async function syncTemplates({ ctx, input: { id } }: Call<{ id: string }>): Promise<TemplateView[]> {
  const row = await whatsappChannel(ctx.env, ctx.auth.workspaceId, id);
  const secrets = JSON.parse(await decryptSecret(ctx.env, row.secrets_enc, channelSecretAd(row.workspace_id, row.id))) as Record<string, string>;
  const templates = await provider("WhatsApp", () => approvedTemplates(ctx.env, secrets.access_token!, secrets.waba_id!));
  await storeTemplates(ctx.env, row.id, row.workspace_id, templates);
  return templatesOf(ctx.env, row.id);
}

/** Whether the business may write on a conversation's channel now, and (WhatsApp) the templates it may send. */
export async function conversationReplyWindow({ ctx, input: { conversationId } }: Call<{ conversationId: string }>) {
  const owned = await ctx.env.DB.prepare(`SELECT 1 AS ok FROM conversations WHERE id = ?1 AND workspace_id = ?2`).bind(conversationId, ctx.auth.workspaceId).first();
  if (!owned) throw notFound("Conversation");
  const conv = (await lastInboundOf(ctx.env, conversationId))!;
  const window = replyWindow(conv.channel, conv.last_inbound_at);
  const templates = conv.channel === "whatsapp" && conv.channel_id ? await templatesOf(ctx.env, conv.channel_id) : [];
  return { channel: conv.channel, ...window, last_inbound_at: conv.last_inbound_at, templates };
}

/**
 * An agent sends an approved template (with its body parameters) on a
 * WhatsApp conversation — what reaches a customer whose 24-hour window has
 * closed. The choice is written before the message is appended (keyed by the
 * client id, so a repeated request is one message), the message goes through
 * the agent's usual path (the conversation's log, the inbox, the OUTBOUND
 * queue), and the channel send finds the template by the message id.
 */
export async function sendTemplate({ ctx, input }: Call<{ conversationId: string; name: string; language: string; parameters: string[]; client_id: string }>) {
  const conv = await ctx.env.DB.prepare(`SELECT c.channel_id, ch.type FROM conversations c LEFT JOIN channels ch ON ch.id = c.channel_id WHERE c.id = ?1 AND c.workspace_id = ?2`)
    .bind(input.conversationId, ctx.auth.workspaceId)
    .first<{ channel_id: string | null; type: string | null }>();
  if (!conv) throw notFound("Conversation");
  if (conv.type !== "whatsapp" || !conv.channel_id) throw badRequest("TEMPLATES_NOT_SUPPORTED", "Templates can be sent on WhatsApp conversations only");
  const t = await ctx.env.DB.prepare(`SELECT body, param_count FROM channel_templates WHERE channel_id = ?1 AND name = ?2 AND language = ?3`)
    .bind(conv.channel_id, input.name, input.language)
    .first<{ body: string; param_count: number }>();
  if (!t) throw notFound("Approved template");
  if (input.parameters.length !== t.param_count) {
    throw badRequest("TEMPLATE_PARAMETERS", `This template takes ${t.param_count} parameter(s); ${input.parameters.length} given`, { expected: t.param_count });
  }
  const text = t.body.replace(/\{\{\s*(\d+)\s*\}\}/g, (_m, n: string) => input.parameters[Number(n) - 1] ?? "").trim() || input.name;
  await ctx.env.DB.prepare(
    `INSERT OR IGNORE INTO channel_template_sends (conversation_id, client_id, workspace_id, channel_id, name, language, parameters, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
  )
    .bind(input.conversationId, input.client_id, ctx.auth.workspaceId, conv.channel_id, input.name, input.language, JSON.stringify(input.parameters), nowIso())
    .run();
  let sent: { message_id: string; seq: number };
  try {
    sent = await appendAgentMessage({ ctx, input: { id: input.conversationId, text: text.slice(0, 4000), client_id: input.client_id } });
  } catch (err) {
    await ctx.env.DB.prepare(`DELETE FROM channel_template_sends WHERE conversation_id = ?1 AND client_id = ?2 AND message_id IS NULL`).bind(input.conversationId, input.client_id).run();
    throw err;
  }
  await ctx.env.DB.prepare(`UPDATE channel_template_sends SET message_id = ?3 WHERE conversation_id = ?1 AND client_id = ?2`).bind(input.conversationId, input.client_id, sent.message_id).run();
  return { ...sent, text };
}
