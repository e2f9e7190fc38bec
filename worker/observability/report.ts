/**
 * Sends an unexpected error to a Sentry-compatible endpoint when `SENTRY_DSN`
 * is set (nothing is sent otherwise), as one envelope over HTTPS. Only the
 * error's type, message and stack, the request id and the route pattern go
 * out: no bodies, headers, cookies or user data.
 *
 * (A small sender instead of an SDK: the Workers SDKs reference the legacy
 * global workers types, which clash with the generated runtime types here.)
 */
export function reportError(env: Pick<Env, "SENTRY_DSN" | "APP_ENV">, err: unknown, tags: Record<string, string>, ctx?: { waitUntil(p: Promise<unknown>): void }): void {
  const dsn = parseDsn(env.SENTRY_DSN);
  if (!dsn) return;
  const error = err instanceof Error ? err : new Error(String(err));
  const eventId = crypto.randomUUID().replace(/-/g, "");
  const event = {
    event_id: eventId,
    timestamp: Date.now() / 1000,
    platform: "javascript",
    level: "error",
    environment: env.APP_ENV,
    tags,
    exception: { values: [{ type: error.name, value: error.message.slice(0, 1000), stacktrace: { frames: framesOf(error.stack) } }] },
  };
  const body = [JSON.stringify({ event_id: eventId, dsn: env.SENTRY_DSN }), JSON.stringify({ type: "event" }), JSON.stringify(event)].join("\n");
  const send = fetch(dsn.envelopeUrl, {
    method: "POST",
    headers: { "content-type": "application/x-sentry-envelope", "x-sentry-auth": `Sentry sentry_version=7, sentry_client=minichat/1, sentry_key=${dsn.publicKey}` },
    body,
  }).catch(() => undefined);
  ctx?.waitUntil(send);
}

export function parseDsn(value: string | undefined): { envelopeUrl: string; publicKey: string } | null {
  if (!value) return null;
  try {
    const url = new URL(value);
    const projectId = url.pathname.split("/").filter(Boolean).pop();
    if (url.protocol !== "https:" || !url.username || !projectId) return null;
    const prefix = url.pathname.slice(0, url.pathname.lastIndexOf("/"));
    return { envelopeUrl: `https://${url.host}${prefix}/api/${projectId}/envelope/`, publicKey: url.username };
  } catch {
    return null;
  }
}

function framesOf(stack: string | undefined) {
  return (stack ?? "")
    .split("\n")
    .slice(1, 30)
    .map((line) => ({ function: line.trim().replace(/^at\s+/, "").slice(0, 200) }))
    .reverse();
}
