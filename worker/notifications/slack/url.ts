/** Where Slack incoming webhooks live; `SLACK_WEBHOOK_BASE_URL` points local development at a fake. */
export const SLACK_HOOKS_BASE = "https://hooks.slack.com/services/";

/** An incoming-webhook URL this workspace may store: https, under Slack's hooks (or the configured base), no credentials. */
export function checkSlackUrl(env: Pick<Env, "SLACK_WEBHOOK_BASE_URL">, raw: string): { ok: true; url: string } | { ok: false; message: string } {
  let url: URL;
  try {
    url = new URL(raw.trim());
  } catch {
    return { ok: false, message: "Not a valid URL" };
  }
  const bases = [SLACK_HOOKS_BASE, ...(env.SLACK_WEBHOOK_BASE_URL ? [env.SLACK_WEBHOOK_BASE_URL] : [])];
  const href = url.toString();
  if (url.username || url.password) return { ok: false, message: "The URL must not carry credentials" };
  if (!bases.some((b) => href.startsWith(b) && href.length > b.length)) return { ok: false, message: `A Slack incoming-webhook URL starts with ${SLACK_HOOKS_BASE}` };
  if (url.protocol !== "https:" && !(env.SLACK_WEBHOOK_BASE_URL && href.startsWith(env.SLACK_WEBHOOK_BASE_URL))) return { ok: false, message: "The URL must use https" };
  return { ok: true, url: href };
}

export const slackSecretAd = (workspaceId: string) => `slack-webhook:${workspaceId}`;
