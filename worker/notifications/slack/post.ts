import { checkUrl, outboundFetch } from "../../lib/safe-fetch";
import { decryptSecret } from "../../lib/secrets";
import { nowIso } from "../../lib/ids";
import type { OutboundJobOf } from "../../outbound/messages";
import { DONE, failed, retry, type SendOutcome } from "../outcome";
import type { SlackEvent } from "../kinds";
import { slackSecretAd } from "./url";

const TIMEOUT_MS = 10_000;

export interface SlackFacts {
  key: string;
  conversationId: string;
  who: string;
  excerpt: string;
  reason?: string;
  offline?: boolean;
}

/** Queues one Slack post when the workspace has Slack connected for this event. */
export async function enqueueSlack(env: Env, workspaceId: string, event: SlackEvent, facts: SlackFacts): Promise<void> {
  const row = await env.DB.prepare(`SELECT events FROM slack_integrations WHERE workspace_id = ?1`).bind(workspaceId).first<{ events: string }>();
  if (!row || !(JSON.parse(row.events) as string[]).includes(event)) return;
  await env.OUTBOUND.send({ type: "slack.post", workspace_id: workspaceId, event, key: facts.key, text: slackText(env, event, facts) } satisfies OutboundJobOf<"slack.post">);
}

/** Slack's mrkdwn wants &, < and > escaped in text. */
const esc = (s: string) => s.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;");

export function slackText(env: Pick<Env, "APP_URL">, event: SlackEvent | "test", f: Partial<SlackFacts>): string {
  const link = `${(env.APP_URL ?? "").replace(/\/+$/, "")}/inbox${f.conversationId ? `/${f.conversationId}` : ""}`;
  const quote = f.excerpt ? `\n>${esc(f.excerpt.slice(0, 300)).replace(/\n/g, "\n>")}` : "";
  if (event === "test") return `:white_check_mark: MiniChat is connected: escalations and new conversations will be posted here. <${link}|Open the inbox>`;
  if (event === "escalation") {
    const why = f.reason === "unanswered" ? " (still nobody has picked it up)" : "";
    return `:rotating_light: *${esc(f.who ?? "A visitor")}* is waiting for a person${why}.${quote}\n<${link}|Open in the inbox>`;
  }
  return `:speech_balloon: ${f.offline ? "Offline message" : "New conversation"} from *${esc(f.who ?? "A visitor")}*.${quote}\n<${link}|Open in the inbox>`;
}

/**
 * Posts to the workspace's incoming webhook: 2xx done; 429 waits as asked and
 * 5xx/network retry with backoff; any other answer (a revoked or deleted hook)
 * fails for good and is shown on the Slack settings.
 */
export async function postToSlack(env: Env, workspaceId: string, text: string): Promise<SendOutcome> {
  const row = await env.DB.prepare(`SELECT webhook_url_enc FROM slack_integrations WHERE workspace_id = ?1`).bind(workspaceId).first<{ webhook_url_enc: string }>();
  if (!row) return DONE; // disconnected meanwhile
  const url = await decryptSecret(env, row.webhook_url_enc, slackSecretAd(workspaceId));
  const checked = await checkUrl(url);
  if (!checked.ok) return retry(`Slack URL refused: ${checked.message}`);
  let res: Response;
  try {
    res = await outboundFetch(
      new Request(checked.url.toString(), {
        method: "POST",
        redirect: "manual",
        signal: AbortSignal.timeout(TIMEOUT_MS),
        headers: { "content-type": "application/json", "user-agent": "MiniChat-Slack/1.0" },
        body: JSON.stringify({ text, unfurl_links: false }),
      }),
    );
  } catch (err) {
    return retry(`Slack unreachable: ${err instanceof Error ? err.message : String(err)}`);
  }
  const answer = (await res.text().catch(() => "")).slice(0, 200);
  if (res.ok) {
    await env.DB.prepare(`UPDATE slack_integrations SET last_error = NULL WHERE workspace_id = ?1 AND last_error IS NOT NULL`).bind(workspaceId).run();
    return DONE;
  }
  if (res.status === 429) return retry("Slack rate limit", Number(res.headers.get("retry-after")) || null);
  if (res.status >= 500) return retry(`Slack answered ${res.status}`);
  const reason = `Slack answered ${res.status}${answer ? `: ${answer}` : ""}`;
  await recordSlackError(env, workspaceId, reason);
  return failed(reason);
}

export async function recordSlackError(env: Env, workspaceId: string, error: string): Promise<void> {
  await env.DB.prepare(`UPDATE slack_integrations SET last_error = ?2, updated_at = ?3 WHERE workspace_id = ?1`).bind(workspaceId, error.slice(0, 300), nowIso()).run();
}

export const deliverSlack = (env: Env, job: OutboundJobOf<"slack.post">) => postToSlack(env, job.workspace_id, job.text);
