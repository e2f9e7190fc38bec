import { badRequest, notFound } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import { encryptSecret } from "../../lib/secrets";
import type { Call } from "../../lib/service";
import { SLACK_EVENTS, type SlackEvent } from "../kinds";
import { postToSlack, slackText } from "./post";
import { checkSlackUrl, slackSecretAd } from "./url";

export interface SlackSettingsOut {
  connected: boolean;
  events: SlackEvent[];
  last_error: string | null;
  updated_at: string | null;
}

/** The workspace's Slack connection; the webhook URL itself is never returned. */
export async function getSlack({ ctx }: Call<void>): Promise<SlackSettingsOut> {
  const row = await ctx.env.DB.prepare(`SELECT events, last_error, updated_at FROM slack_integrations WHERE workspace_id = ?1`)
    .bind(ctx.auth.workspaceId)
    .first<{ events: string; last_error: string | null; updated_at: string }>();
  if (!row) return { connected: false, events: [...SLACK_EVENTS], last_error: null, updated_at: null };
  return { connected: true, events: (JSON.parse(row.events) as SlackEvent[]).filter((e) => SLACK_EVENTS.includes(e)), last_error: row.last_error, updated_at: row.updated_at };
}

/** Connects (or changes) the incoming webhook: a new URL is checked and sealed; events alone may change without it. */
export async function putSlack({ ctx, input }: Call<{ webhook_url?: string | undefined; events?: SlackEvent[] | undefined }>): Promise<SlackSettingsOut> {
  const ws = ctx.auth.workspaceId;
  const now = nowIso();
  const events = JSON.stringify([...new Set(input.events ?? SLACK_EVENTS)]);
  if (input.webhook_url === undefined) {
    const r = await ctx.env.DB.prepare(`UPDATE slack_integrations SET events = ?2, updated_at = ?3 WHERE workspace_id = ?1`).bind(ws, events, now).run();
    if (!r.meta.changes) throw badRequest("SLACK_URL_REQUIRED", "Connect Slack with an incoming-webhook URL first");
    return getSlack({ ctx, input: undefined });
  }
  const checked = checkSlackUrl(ctx.env, input.webhook_url);
  if (!checked.ok) throw badRequest("SLACK_URL_INVALID", checked.message);
  const sealed = await encryptSecret(ctx.env, checked.url, slackSecretAd(ws));
  await ctx.env.DB.prepare(
    `INSERT INTO slack_integrations (workspace_id, webhook_url_enc, events, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?4)
     ON CONFLICT (workspace_id) DO UPDATE SET webhook_url_enc = excluded.webhook_url_enc, events = excluded.events, last_error = NULL, updated_at = excluded.updated_at`,
  )
    .bind(ws, sealed, events, now)
    .run();
  return getSlack({ ctx, input: undefined });
}

export async function deleteSlack({ ctx }: Call<void>): Promise<void> {
  const r = await ctx.env.DB.prepare(`DELETE FROM slack_integrations WHERE workspace_id = ?1`).bind(ctx.auth.workspaceId).run();
  if (!r.meta.changes) throw notFound("Slack connection");
}

/** Posts a test line now and says whether Slack took it (the answer is shown next to the button). */
export async function testSlack({ ctx }: Call<void>): Promise<{ delivered: true }> {
  const current = await getSlack({ ctx, input: undefined });
  if (!current.connected) throw notFound("Slack connection");
  const out = await postToSlack(ctx.env, ctx.auth.workspaceId, slackText(ctx.env, "test", {}));
  if (out.status !== "done") throw badRequest("SLACK_TEST_FAILED", out.reason);
  return { delivered: true };
}
