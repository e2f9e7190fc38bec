import { channelSendJobs } from "../channels/deliver";
import { emailDepartedVisitor } from "../notify/continuation";
import { emailTranscriptOnResolve } from "../notify/transcript";
import { webhookJobs } from "../webhooks/events";
import type { OutboundJob, OutboundJobOf } from "./messages";
import { loadAutomation, loadNotify } from "../lazy";

/**
 * One conversation flush → the channel sends and webhook deliveries it causes,
 * each its own queue message (retried on its own), and the workspace's
 * automation rules for what happened (idempotent per rule and event), and the
 * notifications and Slack posts it causes (idempotent per member and event),
 * and emails to the visitor (an agent's reply when they left, the transcript
 * on resolve when the chatbot offers it).
 */
export async function fanOutActivity(env: Env, job: OutboundJobOf<"conversation.activity">): Promise<void> {
  const jobs: OutboundJob[] = [...(job.channel !== "web" ? await channelSendJobs(env, job) : []), ...(await webhookJobs(env, job))];
  await emailDepartedVisitor(env, job);
  await emailTranscriptOnResolve(env, job);
  for (let i = 0; i < jobs.length; i += 100) await env.OUTBOUND.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })));
  await (await loadAutomation()).rulesOfActivity(env, job);
  await (await loadNotify()).notificationsOfActivity(env, job);
}
