/**
 * Structured logs: one JSON line per request and per queue batch, alarm or
 * cron run. Fields are ids, routes, statuses, timings and error codes only —
 * never message text, tokens, secrets or request bodies. Workers Logs
 * (`[observability]` in wrangler.toml) indexes the JSON fields.
 */
export type LogFields = Record<string, string | number | boolean | null | undefined>;

/** Tests run thousands of requests; their log would drown the test output. */
let enabled = true;
export function configureLogging(env: Pick<Env, "APP_ENV">): void {
  enabled = env.APP_ENV !== "test";
}

export function logLine(kind: "request" | "queue" | "alarm" | "cron" | "error", fields: LogFields): void {
  if (!enabled) return;
  const line: LogFields = { kind, at: new Date().toISOString(), ...fields };
  for (const k of Object.keys(line)) if (line[k] === undefined) delete line[k];
  const text = JSON.stringify(line);
  if (kind === "error" || (typeof fields.status === "number" && fields.status >= 500)) console.error(text);
  else console.log(text);
}
