import { checkUrl } from "../lib/safe-fetch";

export const WEBHOOK_EVENTS = ["conversation.created", "message.created", "conversation.escalated", "conversation.resolved", "rating.created", "lead.updated"] as const;
export type WebhookEvent = (typeof WEBHOOK_EVENTS)[number];

/** Creation and every delivery: http(s) only (https in production), no credentials, no private/loopback/metadata host (after DNS at delivery). */
export async function checkDeliveryUrl(env: Pick<Env, "APP_ENV">, url: string, opts: { skipDns?: boolean } = {}) {
  if (env.APP_ENV === "production" && !url.startsWith("https://")) return { ok: false as const, code: "HTTPS_REQUIRED", message: "Webhook URLs must use https" };
  return checkUrl(url, opts);
}
