import { z } from "zod";
import { assertCanAdd } from "../billing/quota";
import { AppError, badRequest, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { decryptSecret, encryptSecret } from "../lib/secrets";
import type { Call, ServiceCtx } from "../lib/service";
import { activateConnection, prepareConnection, releaseConnection, verifyConnection } from "./connect";
import { emailChannelView, saveEmailChannel } from "./email/connect";
import { CONNECTABLE, EmailConfig, LineSecrets, MetaPageConfig, TelegramConfig, WhatsAppConfig, channelSecretAd, type ChannelType } from "./types";
import { storeTemplates } from "./whatsapp/templates";

/** The services take `{ ctx, input }` with the one `ServiceCtx`. */
type ChannelCtx = ServiceCtx;

export interface ChannelRow {
  id: string;
  workspace_id: string;
  chatbot_id: string;
  type: ChannelType;
  name: string | null;
  secrets_enc: string;
  active: number;
  created_at: string;
  updated_at: string;
  /** the provider's stable id of the account (0031; null for connections made before it) */
  provider_account_id?: string | null;
  /** from channel_status (joined) */
  last_event_at?: string | null;
  /** email channels: from email_channels (joined) */
  support_address?: string | null;
  from_name?: string | null;
  own_sender?: number | null;
}

const SECRETS: Partial<Record<ChannelType, z.ZodType<Record<string, string>>>> = {
  line: LineSecrets,
  telegram: TelegramConfig,
  messenger: MetaPageConfig,
  instagram: MetaPageConfig,
  whatsapp: WhatsAppConfig,
  email: EmailConfig as z.ZodType<Record<string, string>>,
};

/** The address the provider posts to: absolute, served by this app. */
export const webhookUrlOf = (env: Pick<Env, "APP_URL">, id: string) => `${env.APP_URL.replace(/\/+$/, "")}/api/v1/channels/${id}/webhook`;

const view = async (env: Env, r: ChannelRow) => ({
  id: r.id,
  type: r.type,
  chatbot_id: r.chatbot_id,
  name: r.name,
  active: Boolean(r.active),
  webhook_url: webhookUrlOf(env, r.id),
  last_event_at: r.last_event_at ?? null,
  created_at: r.created_at,
  updated_at: r.updated_at,
  ...(r.type === "email" ? { email: await emailChannelView(env, r) } : {}),
});
export type ChannelView = Awaited<ReturnType<typeof view>>;
const ROW_SELECT = `SELECT c.*, s.last_event_at, e.support_address, e.from_name, e.own_sender FROM channels c LEFT JOIN channel_status s ON s.channel_id = c.id LEFT JOIN email_channels e ON e.channel_id = c.id`;

/** Connects a channel (its secrets sealed per workspace and channel). */
export async function createChannel({ ctx, input }: Call<{ type: ChannelType; chatbot_id: string; name?: string | undefined; config: Record<string, unknown> }>) {
  if (!CONNECTABLE.includes(input.type)) {
    throw badRequest("CHANNEL_NOT_AVAILABLE", `${input.type} channels cannot be connected yet; available: ${CONNECTABLE.join(", ")}`);
  }
  const bot = await ctx.env.DB.prepare(`SELECT id FROM chatbots WHERE id = ?1 AND workspace_id = ?2 AND deleted_at IS NULL`).bind(input.chatbot_id, ctx.auth.workspaceId).first();
  if (!bot) throw notFound("Chatbot");
  const parsed = SECRETS[input.type]!.safeParse(input.config);
  if (!parsed.success) {
    throw badRequest("VALIDATION_ERROR", "The channel's config is not valid", { issues: parsed.error.issues.map((i) => ({ path: ["config", ...i.path].join("."), message: i.message, code: i.code })) });
  }
  // every channel type counts against the plan's channels limit (402 PLAN_LIMIT), after validation and before the provider is called
  await assertCanAdd(ctx.env, ctx.auth.workspaceId, "channels");
  const prepared = await prepareConnection(ctx.env, input.type, parsed.data);
  // one provider account, one connection (before the provider is pointed at a second webhook URL)
  if (prepared.accountId) await assertAccountFree(ctx, input.type, prepared.accountId);
  const id = newId("ch");
  const now = nowIso();
  try {
    await ctx.env.DB.prepare(
      `INSERT INTO channels (id, workspace_id, chatbot_id, type, name, secrets_enc, active, created_by, created_at, updated_at, provider_account_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?8, ?9)`,
    )
      .bind(
        id, ctx.auth.workspaceId, input.chatbot_id, input.type, input.name ?? prepared.name,
        await encryptSecret(ctx.env, JSON.stringify(prepared.secrets), channelSecretAd(ctx.auth.workspaceId, id)), ctx.auth.userId ?? null, now, prepared.accountId,
      )
      .run();
  } catch (err) {
    // two connects of the same account at once: the unique index lets one in
    if (prepared.accountId && /UNIQUE constraint failed/i.test(String(err))) await assertAccountFree(ctx, input.type, prepared.accountId);
    throw err;
  }
  try {
    await activateConnection(ctx.env, input.type, prepared.secrets, webhookUrlOf(ctx.env, id));
  } catch (err) {
    await ctx.env.DB.prepare(`DELETE FROM channels WHERE id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId).run();
    throw err;
  }
  if (input.type === "email") await saveEmailChannel(ctx.env, id, ctx.auth.workspaceId, parsed.data);
  if (prepared.templates) await storeTemplates(ctx.env, id, ctx.auth.workspaceId, prepared.templates);
  const created = await getChannel({ ctx, input: { id } });
  // Meta's handshake token: shown once, here, beside the webhook URL
  return prepared.secrets.verify_token ? { ...created, verify_token: prepared.secrets.verify_token } : created;
}

const PROVIDER_NAMES: Record<ChannelType, string> = { line: "LINE channel", telegram: "Telegram bot", messenger: "Facebook Page", instagram: "Instagram account", whatsapp: "WhatsApp number", email: "email address" };

/**
 * 409 CHANNEL_ALREADY_CONNECTED when another connection holds the provider
 * account: within the workspace it names the chatbot that has it; another
 * workspace's connection is not described (no tenant is revealed).
 */
async function assertAccountFree(ctx: ChannelCtx, type: ChannelType, accountId: string): Promise<void> {
  const held = await ctx.env.DB.prepare(
    `SELECT c.id, c.workspace_id, c.chatbot_id, b.name AS chatbot_name FROM channels c LEFT JOIN chatbots b ON b.id = c.chatbot_id WHERE c.type = ?1 AND c.provider_account_id = ?2`,
  )
    .bind(type, accountId)
    .first<{ id: string; workspace_id: string; chatbot_id: string; chatbot_name: string | null }>();
  if (!held) return;
  const what = PROVIDER_NAMES[type];
  if (held.workspace_id !== ctx.auth.workspaceId) {
    throw new AppError(409, "CHANNEL_ALREADY_CONNECTED", `This ${what} is already connected to another MiniChat workspace; disconnect it there first`);
  }
  throw new AppError(409, "CHANNEL_ALREADY_CONNECTED", `This ${what} is already connected to the chatbot “${held.chatbot_name ?? held.chatbot_id}”; disconnect it there first`, {
    channel_id: held.id,
    chatbot_id: held.chatbot_id,
    chatbot_name: held.chatbot_name,
  });
}

export async function listChannels({ ctx, input: { chatbotId } }: Call<{ chatbotId?: string | undefined }>) {
  const rows = await ctx.env.DB.prepare(`${ROW_SELECT} WHERE c.workspace_id = ?1 AND (?2 IS NULL OR c.chatbot_id = ?2) ORDER BY c.created_at DESC`)
    .bind(ctx.auth.workspaceId, chatbotId ?? null)
    .all<ChannelRow>();
  return Promise.all(rows.results.map((r) => view(ctx.env, r)));
}

async function rowOf(ctx: ChannelCtx, id: string): Promise<ChannelRow> {
  const row = await ctx.env.DB.prepare(`${ROW_SELECT} WHERE c.id = ?1 AND c.workspace_id = ?2`)
    .bind(id, ctx.auth.workspaceId)
    .first<ChannelRow>();
  if (!row) throw notFound("Channel");
  return row;
}

const secretsOf = async (env: Env, row: ChannelRow) => JSON.parse(await decryptSecret(env, row.secrets_enc, channelSecretAd(row.workspace_id, row.id))) as Record<string, string>;

export async function getChannel({ ctx, input: { id } }: Call<{ id: string }>): Promise<ChannelView> {
  return view(ctx.env, await rowOf(ctx, id));
}

/** The dashboard's verify step: credentials accepted, webhook pointed here, first event seen. */
export async function verifyChannel({ ctx, input: { id } }: Call<{ id: string }>) {
  const row = await rowOf(ctx, id);
  const checks = await verifyConnection(ctx.env, row.type, await secretsOf(ctx.env, row), webhookUrlOf(ctx.env, row.id), row.last_event_at ?? null);
  return { ok: checks.every((c) => c.ok), checks, last_event_at: row.last_event_at ?? null };
}

export async function deleteChannel({ ctx, input: { id } }: Call<{ id: string }>) {
  const row = await rowOf(ctx, id);
  await releaseConnection(ctx.env, row.type, await secretsOf(ctx.env, row)).catch(() => undefined);
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(`DELETE FROM channel_contacts WHERE channel_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM channel_events_seen WHERE channel_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM channel_status WHERE channel_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM channel_templates WHERE channel_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM email_channels WHERE channel_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM channels WHERE id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
  ]);
}

/** The channel a provider webhook names (any workspace: the signature decides), with its secrets opened. */
export async function channelForWebhook(env: Env, id: string): Promise<{ row: ChannelRow; secrets: Record<string, string> } | null> {
  if (!/^ch_[A-Za-z0-9]{1,64}$/.test(id)) return null;
  const row = await env.DB.prepare(`SELECT * FROM channels WHERE id = ?1 AND active = 1`).bind(id).first<ChannelRow>();
  if (!row) return null;
  return { row, secrets: await secretsOf(env, row) };
}

/** Delivery state of the outbound messages of a conversation (sent / failed with the provider's error). */
export async function conversationDeliveries({ ctx, input: { conversationId } }: Call<{ conversationId: string }>) {
  const rows = await ctx.env.DB.prepare(
    `SELECT message_id, channel_id, status, method, attempts, error, updated_at FROM channel_deliveries WHERE conversation_id = ?1 AND workspace_id = ?2 ORDER BY created_at, message_id`,
  )
    .bind(conversationId, ctx.auth.workspaceId)
    .all<{ message_id: string; channel_id: string; status: string; method: string | null; attempts: number; error: string | null; updated_at: string }>();
  return rows.results;
}
