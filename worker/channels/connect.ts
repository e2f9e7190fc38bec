import { AppError } from "../lib/errors";
import { PermanentFailure } from "../outbound/messages";
import { prepareEmail, verifyEmail } from "./email/connect";
import { lineBotInfo, lineWebhookEndpoint } from "./line/api";
import { activateMeta, prepareMeta, releaseMeta, verifyMeta } from "./messenger/connect";
import { deleteWebhook, getMe, getWebhookInfo, setWebhook } from "./telegram/api";
import { prepareWhatsApp, verifyWhatsApp } from "./whatsapp/connect";
import type { ChannelType } from "./types";
import type { GraphTemplate } from "./whatsapp/api";

/**
 * What connecting, verifying and disconnecting mean per provider. Connecting
 * Telegram checks the bot token with the provider before anything is stored
 * and registers the webhook URL with a secret token; LINE's webhook URL is
 * pasted in the LINE console, and the verify step checks it there.
 */

/**
 * The credentials as the provider sees them: extra secrets to keep (Telegram's
 * webhook secret), a default name, and the provider's stable id of the
 * account (`accountId`: Telegram bot id, LINE bot user id, Page id, Instagram
 * account id, WhatsApp phone_number_id), which one connection at most may hold.
 */
export async function prepareConnection(
  env: Env,
  type: ChannelType,
  config: Record<string, string>,
): Promise<{ secrets: Record<string, string>; name: string | null; accountId: string | null; templates?: GraphTemplate[] }> {
  if (type === "whatsapp") return { ...(await prepareWhatsApp(env, config, randomSecret())), accountId: config.phone_number_id ?? null };
  if (type === "telegram") {
    const me = await provider("Telegram", () => getMe(env, config.bot_token!));
    return { secrets: { bot_token: config.bot_token!, webhook_secret: randomSecret() }, name: me.username ? `@${me.username}` : (me.first_name ?? null), accountId: me.id ? String(me.id) : null };
  }
  if (type === "messenger" || type === "instagram") {
    const prepared = await provider(metaName(type), () => prepareMeta(env, type, config));
    return { ...prepared, accountId: (type === "instagram" ? prepared.secrets.instagram_account_id : prepared.secrets.page_id) ?? null };
  }
  if (type === "email") return { ...(await prepareEmail(env, config)), accountId: null };
  // LINE: the token is checked now (a wrong one is refused before anything is stored); the bot's user id names the account
  const bot = await provider("LINE", () => lineBotInfo(env, config.channel_access_token!));
  return { secrets: config, name: bot.displayName ?? null, accountId: bot.userId ?? null };
}

/** After the row exists: points the provider at the webhook URL (Telegram: required, with the secret token). */
export async function activateConnection(env: Env, type: ChannelType, secrets: Record<string, string>, webhookUrl: string): Promise<void> {
  if (type === "telegram") await provider("Telegram", () => setWebhook(env, secrets.bot_token!, webhookUrl, secrets.webhook_secret!));
  if (type === "messenger" || type === "instagram") await provider(metaName(type), () => activateMeta(env, secrets));
}

/** On disconnect: the provider stops posting to a URL that no longer answers (best effort). */
export async function releaseConnection(env: Env, type: string, secrets: Record<string, string>): Promise<void> {
  if (type === "telegram") await deleteWebhook(env, secrets.bot_token!).catch(() => undefined);
  if (type === "messenger" || type === "instagram") await releaseMeta(env, secrets).catch(() => undefined);
}

export interface VerifyCheck {
  key: "credentials" | "webhook" | "events";
  ok: boolean;
  detail: string | null;
}

/** The verify step: are the credentials accepted, does the provider post to our URL, has an event arrived. */
export async function verifyConnection(env: Env, type: string, secrets: Record<string, string>, webhookUrl: string, lastEventAt: string | null): Promise<VerifyCheck[]> {
  const checks: VerifyCheck[] = [];
  const attempt = async (key: VerifyCheck["key"], fn: () => Promise<string | null>) => {
    try {
      checks.push({ key, ok: true, detail: await fn() });
    } catch (err) {
      checks.push({ key, ok: false, detail: err instanceof Error ? err.message : String(err) });
    }
  };
  if (type === "telegram") {
    await attempt("credentials", async () => `@${(await getMe(env, secrets.bot_token!)).username ?? "bot"}`);
    await attempt("webhook", async () => {
      const info = await getWebhookInfo(env, secrets.bot_token!);
      if (info.url !== webhookUrl) throw new Error(info.url ? `Telegram posts to ${info.url}, not to this channel's URL` : "Telegram has no webhook URL for this bot");
      if (info.last_error_message) throw new Error(`Telegram's last delivery failed: ${info.last_error_message}`);
      return `${info.pending_update_count ?? 0} pending`;
    });
  } else if (type === "messenger" || type === "instagram") {
    await verifyMeta(env, type, secrets, attempt);
  } else if (type === "line") {
    await attempt("credentials", async () => (await lineBotInfo(env, secrets.channel_access_token!))?.displayName ?? null);
    await attempt("webhook", async () => {
      const ep = await lineWebhookEndpoint(env, secrets.channel_access_token!);
      if (ep.endpoint !== webhookUrl) throw new Error(ep.endpoint ? `LINE posts to ${ep.endpoint}; paste this channel's webhook URL in the LINE console` : "No webhook URL in the LINE console yet");
      if (!ep.active) throw new Error('"Use webhook" is off in the LINE console');
      return null;
    });
  }
  if (type === "whatsapp") await verifyWhatsApp(env, secrets, attempt);
  if (type === "email") await verifyEmail(env, secrets, attempt);
  checks.push({ key: "events", ok: lastEventAt !== null, detail: lastEventAt ?? "Waiting for the first message: write to the bot from the app" });
  return checks;
}

/** A provider refusal of the credentials is the caller's 400; the provider down is a 502. */
export async function provider<T>(who: string, fn: () => Promise<T>): Promise<T> {
  try {
    return await fn();
  } catch (err) {
    const reason = err instanceof Error ? err.message : String(err);
    if (err instanceof PermanentFailure) throw new AppError(400, "CHANNEL_CREDENTIALS_REJECTED", `${who} refused the credentials`, { provider_error: reason });
    throw new AppError(502, "CHANNEL_PROVIDER_UNAVAILABLE", `${who} could not be reached; try again`, { provider_error: reason });
  }
}

const metaName = (type: "messenger" | "instagram") => (type === "instagram" ? "Instagram" : "Messenger");

function randomSecret(): string {
  return [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
