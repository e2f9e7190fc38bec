import { parseLineEvents, verifyLineSignature } from "./line/webhook";
import { verifyHubSignature } from "./meta/signature";
import { parseMetaEvents } from "./messenger/webhook";
import type { ChannelRow } from "./store";
import { parseTelegramUpdate, verifyTelegramSecret } from "./telegram/webhook";
import type { InboundEvent } from "./types";
import { parseWhatsAppEvents } from "./whatsapp/webhook";

/**
 * A provider's webhook request checked the provider's way — LINE:
 * `x-line-signature` over the raw body; Telegram: the
 * `X-Telegram-Bot-Api-Secret-Token` given to setWebhook; Messenger and
 * Instagram: `X-Hub-Signature-256` with the app secret — and its events.
 * null: not authentic (the route answers 401 and stores nothing).
 */
export async function authenticEvents(channel: { row: ChannelRow; secrets: Record<string, string> }, raw: string, header: (name: string) => string | undefined): Promise<InboundEvent[] | null> {
  switch (channel.row.type) {
    case "line":
      return (await verifyLineSignature(channel.secrets.channel_secret ?? "", raw, header("x-line-signature") ?? null)) ? parseLineEvents(raw) : null;
    case "telegram":
      return verifyTelegramSecret(channel.secrets.webhook_secret, header("x-telegram-bot-api-secret-token") ?? null) ? parseTelegramUpdate(raw) : null;
    case "messenger":
    case "instagram":
      return (await verifyHubSignature(channel.secrets.app_secret ?? "", raw, header("x-hub-signature-256") ?? null))
        ? parseMetaEvents(raw, channel.row.type, channel.secrets.instagram_account_id ?? channel.secrets.page_id)
        : null;
    case "whatsapp":
      return (await verifyHubSignature(channel.secrets.app_secret ?? "", raw, header("x-hub-signature-256") ?? null)) ? parseWhatsAppEvents(raw, channel.secrets.phone_number_id ?? "") : null;
    default:
      return null;
  }
}
