import { z } from "zod";
import type { EmailThreadInfo } from "./email/thread";

/** Channel types of the contract; those with an adapter today accept connections. */
export const CHANNEL_TYPES = ["line", "telegram", "messenger", "instagram", "whatsapp", "email"] as const;
export type ChannelType = (typeof CHANNEL_TYPES)[number];
export const CONNECTABLE: readonly ChannelType[] = ["line", "telegram", "messenger", "instagram", "whatsapp", "email"];

/** Provider secrets per type (sealed at rest, never returned). */
export const LineSecrets = z.strictObject({
  channel_secret: z.string().trim().min(8).max(200),
  channel_access_token: z.string().trim().min(8).max(1000),
});
export type LineSecrets = z.infer<typeof LineSecrets>;

/** Telegram: the bot token from @BotFather; the webhook's secret token is generated on connect and kept beside it. */
export const TelegramConfig = z.strictObject({
  bot_token: z
    .string()
    .trim()
    .regex(/^\d{3,20}:[A-Za-z0-9_-]{20,100}$/, "A bot token looks like 123456789:AA… (from @BotFather)"),
});
export interface TelegramSecrets {
  bot_token: string;
  webhook_secret: string;
}

/**
 * Messenger and Instagram: the Page access token and the Meta app's secret
 * (it signs the webhooks). The Page id (and for Instagram the linked
 * professional account) comes from the Graph API on connect; the webhook's
 * verify token is generated then and kept beside them.
 */
/** A Meta app's secret (App settings → Basic): it signs every webhook (X-Hub-Signature-256). */
const MetaAppSecret = z.string().trim().regex(/^[0-9a-f]{32}$/i, "An app secret is 32 hexadecimal characters (App settings → Basic)");

export const MetaPageConfig = z.strictObject({
  page_access_token: z.string().trim().min(20).max(1000),
  app_secret: MetaAppSecret,
});

/** WhatsApp Cloud API: the business phone number, its WhatsApp Business Account, a (system-user) access token and the Meta app's secret (X-Hub-Signature-256). */
export const WhatsAppConfig = z.strictObject({
  phone_number_id: z.string().trim().regex(/^\d{5,30}$/, "The phone number ID is the number shown under API Setup (not the phone number)"),
  waba_id: z.string().trim().regex(/^\d{5,30}$/, "The WhatsApp Business Account ID is a number"),
  access_token: z.string().trim().min(20).max(1000),
  app_secret: MetaAppSecret,
});

/**
 * Email: the support address customers write to (forwarded to the channel's
 * inbound address), the name replies are signed with, and optionally the
 * business's own Resend API key: with it, replies are sent from the support
 * address itself (its domain verified at Resend); without it, through the
 * platform's email provider from the platform's sender address.
 */
export const EmailConfig = z.strictObject({
  support_address: z.string().trim().toLowerCase().email("The support address is an email address, e.g. support@yourshop.com").max(254),
  from_name: z.string().trim().min(1).max(80).optional(),
  resend_api_key: z.string().trim().regex(/^re_[A-Za-z0-9_]{8,200}$/, "A Resend API key starts with re_").optional(),
});

export const channelSecretAd = (workspaceId: string, channelId: string) => `channel:${workspaceId}:${channelId}`;

/** One inbound happening on a channel, as every adapter normalises it. */
export interface InboundEvent {
  /** the provider's event id (LINE webhookEventId, Telegram update_id): duplicates are ignored */
  eventId: string;
  kind: "message" | "follow" | "unfollow" | "status";
  /** the person's id on the channel */
  userId: string;
  text?: string;
  /** a file to fetch into R2 (provider message id + what it is) */
  media?: { providerId: string; kind: "image" | "video" | "audio" | "file"; name: string };
  replyToken?: string;
  /** the person's name and picture when the event carries them (Telegram, email); LINE asks its profile API */
  profile?: { displayName?: string | undefined; pictureUrl?: string; email?: string };
  /** files that came with the event itself (email attachments), stored in R2 as the message's attachments */
  files?: File[];
  /** the conversation the event continues (an email reply), when it is this person's on this channel */
  conversationId?: string | undefined;
  /** email: the thread the message belongs to (subject, Message-ID, References) */
  email?: EmailThreadInfo;
  /** a pressed inline button (Telegram callback query id) to acknowledge */
  callbackId?: string;
  at: string;
  /** a provider's delivery report on a message the business sent (WhatsApp statuses) */
  status?: { providerMessageId: string; state: "sent" | "delivered" | "read" | "failed"; error?: string };
}

/** A message on its way to a channel, as the delivery reads it (the adapters take this or a part of it). */
export interface OutgoingMessage {
  message_id: string;
  workspace_id: string;
  conversation_id: string;
  channel_id: string;
  text: string;
  rich: string | null;
  attachments: string | null;
  /** the person's id on the channel (LINE user id, Telegram chat id, PSID, phone number, email address) */
  channel_user_id: string | null;
  type: string | null;
}
