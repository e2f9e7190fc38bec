import { deliverEmail } from "../notify/providers";
import { sendToChannel, markChannelFailed } from "../channels/deliver";
import { fanOutActivity } from "./activity";
import { deliverWebhook, markWebhookDead } from "../webhooks/deliver";
import { loadAnalytics, loadNotify } from "../lazy";
import type { SendOutcome } from "../notifications/outcome";
import { MAX_ATTEMPTS, OutboundJob, PermanentFailure, RetryLater, backoffSeconds } from "./messages";

/**
 * The OUTBOUND consumer: emails through the configured provider, webhook
 * deliveries, channel sends and the fan-out of conversation activity. Each
 * message is validated; success acks it, a transient failure retries it
 * with exponential backoff (429 Retry-After respected), a permanent one
 * records the failure where people see it and acks, and past the retry
 * budget the failure is recorded and the platform moves it to the DLQ.
 */
export async function handleOutboundBatch(batch: MessageBatch<unknown>, env: Env, _ctx: ExecutionContext): Promise<void> {
  for (const msg of batch.messages) {
    const parsed = OutboundJob.safeParse(msg.body);
    if (!parsed.success) {
      // never ack-and-drop: an unknown message goes to the dead-letter queue for someone to look at
      console.error(`OUTBOUND: unknown message ${msg.id} (${describe(msg.body)}); retrying towards the dead-letter queue`, parsed.error.issues.slice(0, 3));
      msg.retry({ delaySeconds: backoffSeconds(msg.attempts) });
      continue;
    }
    const job = parsed.data;
    const last = msg.attempts >= MAX_ATTEMPTS;
    try {
      await run(env, job, msg.attempts);
      msg.ack();
    } catch (err) {
      const reason = err instanceof Error ? err.message : String(err);
      if (err instanceof PermanentFailure) {
        await giveUp(env, job, reason);
        msg.ack();
        continue;
      }
      console.error(`OUTBOUND ${job.type} ${msg.id} attempt ${msg.attempts} failed: ${reason}`);
      if (last) await giveUp(env, job, reason);
      msg.retry({ delaySeconds: retryDelay(err, msg.attempts) });
    }
  }
}

/** Seconds before the next try: what a 429 asked for, else the backoff for this attempt (≤ 12 h, the platform's maximum). */
export function retryDelay(err: unknown, attempts: number): number {
  const wait = err instanceof RetryLater && err.afterSeconds ? err.afterSeconds : backoffSeconds(attempts);
  return Math.min(wait, 43_200);
}

function run(env: Env, job: OutboundJob, attempts: number): Promise<void> {
  switch (job.type) {
    case "email":
      return deliverEmail(env, job);
    case "conversation.activity":
      return fanOutActivity(env, job);
    case "webhook.delivery":
      return deliverWebhook(env, job.delivery_id, attempts);
    case "channel.send":
      return sendToChannel(env, job.message_id);
    case "analytics.export":
      return loadAnalytics().then((lib) => lib.runExportStep(env, job)).then(() => undefined);
    case "push.send":
      return loadNotify().then((lib) => lib.sendPush(env, job)).then(settle);
    case "slack.post":
      return loadNotify().then((lib) => lib.deliverSlack(env, job)).then(settle);
  }
}

/** A lazily loaded sender's answer as this consumer's own failures (a lazy module's classes are its own copies). */
function settle(out: SendOutcome): void {
  if (out.status === "retry") throw new RetryLater(out.reason, out.afterSeconds ?? null);
  if (out.status === "failed") throw new PermanentFailure(out.reason);
}

/** Makes a delivery that will not happen visible where people look (the delivery log, the message in the inbox). */
async function giveUp(env: Env, job: OutboundJob, reason: string): Promise<void> {
  try {
    if (job.type === "webhook.delivery") await markWebhookDead(env, job.delivery_id, reason);
    else if (job.type === "channel.send") {
      await markChannelFailed(env, job.message_id, reason);
      await (await loadNotify()).notifyFailedSend(env, job.message_id, reason);
    } else if (job.type === "slack.post") await (await loadNotify()).recordSlackError(env, job.workspace_id, reason);
    else if (job.type === "analytics.export") await (await loadAnalytics()).failExport(env, job.export_id, reason);
    else if (job.type === "email") console.error(`email to ${job.message.to.replace(/^(.).*@/, "$1…@")} not delivered: ${reason}`);
  } catch (err) {
    console.error("recording a failed delivery failed", err);
  }
}

function describe(body: unknown): string {
  if (body && typeof body === "object" && "type" in body) return `type ${JSON.stringify((body as { type: unknown }).type).slice(0, 40)}`;
  return typeof body;
}
