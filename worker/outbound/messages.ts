import type { ConversationActivityJob } from "../../durable-objects/conversation/integrations";
import { z } from "zod";

/**
 * Every message the OUTBOUND queue carries, validated on the way in by the
 * consumer: a body that matches none of these fails loudly (retried, then
 * the dead-letter queue), it is never acknowledged and dropped.
 */
export const EmailJob = z.object({
  type: z.literal("email"),
  /** idempotency key handed to the provider */
  id: z.string().max(64).optional(),
  provider: z.string().min(1).max(32),
  message: z.object({
    workspaceId: z.string().nullable().optional(),
    to: z.string().min(3).max(320),
    subject: z.string().max(998),
    text: z.string(),
    html: z.string().nullable().optional(),
    replyTo: z.string().max(320).nullable().optional(),
  }),
});

/** What one conversation flush wrote to D1 that integrations may care about (ids only: the consumer reads the mirror). */
export const ActivityJob = z.object({
  type: z.literal("conversation.activity"),
  workspace_id: z.string(),
  conversation_id: z.string(),
  channel: z.string(),
  messages: z.array(z.object({ id: z.string(), role: z.string() })).max(200),
  events: z.array(z.object({ id: z.string(), type: z.string(), to_status: z.string().nullable() })).max(200),
  visitor_id: z.string().nullable(),
  /** web: whether a widget socket of the visitor was open (agent replies are mailed to a visitor who left) */
  visitor_online: z.boolean().optional(),
});

export const WebhookDeliveryJob = z.object({ type: z.literal("webhook.delivery"), delivery_id: z.string() });
export const ChannelSendJob = z.object({ type: z.literal("channel.send"), message_id: z.string() });
/** One step of an analytics CSV export (worker/analytics/exports/jobs.ts). */
export const AnalyticsExportJob = z.object({ type: z.literal("analytics.export"), export_id: z.string(), part: z.number().int().min(0) });

/** One Web Push message to one browser (worker/notifications/push/send.ts). */
export const PushSendJob = z.object({
  type: z.literal("push.send"),
  subscription_id: z.string(),
  payload: z.object({ kind: z.string(), title: z.string().max(200), body: z.string().max(400), url: z.string().max(300), tag: z.string().max(200) }),
});
/** One post to a workspace's Slack incoming webhook (worker/notifications/slack/post.ts). */
export const SlackPostJob = z.object({ type: z.literal("slack.post"), workspace_id: z.string(), event: z.string(), key: z.string(), text: z.string().max(3000) });

export const OutboundJob = z.discriminatedUnion("type", [EmailJob, ActivityJob, WebhookDeliveryJob, ChannelSendJob, AnalyticsExportJob, PushSendJob, SlackPostJob]);
export type OutboundJob = z.infer<typeof OutboundJob>;
export type OutboundJobOf<T extends OutboundJob["type"]> = Extract<OutboundJob, { type: T }>;

// the ConversationDO declares the activity message on its side (it imports nothing from the Worker): both must agree
type ActivityAgrees = ConversationActivityJob extends OutboundJobOf<"conversation.activity"> ? (OutboundJobOf<"conversation.activity"> extends ConversationActivityJob ? true : false) : false;
export const activityShapesAgree: ActivityAgrees = true;

/** The provider refused for good (4xx other than 429, a deleted target): retrying cannot help. */
export class PermanentFailure extends Error {
  override name = "PermanentFailure";
}

/** The provider asked to wait (429 Retry-After) or is down (5xx, network). */
export class RetryLater extends Error {
  override name = "RetryLater";
  constructor(
    message: string,
    readonly afterSeconds: number | null = null,
  ) {
    super(message);
  }
}

/** Attempts a message gets in all: `max_retries` of the OUTBOUND consumer in wrangler.toml + the first. */
export const MAX_ATTEMPTS = 9;

/** Exponential backoff of the OUTBOUND retries: ~23.5 hours from the first try to the dead-letter queue. */
export const BACKOFF_SECONDS = [30, 120, 600, 1800, 3600, 10_800, 21_600, 43_200];
export const backoffSeconds = (attempts: number) => BACKOFF_SECONDS[Math.min(Math.max(attempts, 1), BACKOFF_SECONDS.length) - 1]!;
