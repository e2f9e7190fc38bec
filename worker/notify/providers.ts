import { isLocalDevelopment } from "../lib/environment";
import type { EmailMessage as OutgoingEmail } from "./email";
import { newId, nowIso } from "../lib/ids";
import { outboundFetch } from "../lib/safe-fetch";
import { PermanentFailure, RetryLater, type OutboundJobOf } from "../outbound/messages";

/**
 * Email provider adapters the OUTBOUND consumer delivers through, chosen by
 * `EMAIL_PROVIDER`:
 * - `resend` (or `http`, any Resend-compatible HTTP API): `POST {EMAIL_API_BASE_URL}/emails`
 *   with `Authorization: Bearer {EMAIL_API_KEY}` and the job id as `Idempotency-Key`;
 * - `cloudflare`: the `SEND_EMAIL` binding (`send_email` in wrangler.toml);
 * - `dev`: the local mailbox (local development and tests only).
 */
export async function deliverEmail(env: Env, job: OutboundJobOf<"email">): Promise<void> {
  return sendMail(env, { provider: job.provider, id: job.id, from: env.EMAIL_FROM ?? "MiniChat <no-reply@minichat.app>", message: job.message });
}

/** One email through one adapter (an email channel's reply may use the business's own Resend key). */
export interface MailSend {
  provider: string;
  /** the provider's idempotency key: a retried send is not delivered twice */
  id?: string | undefined;
  from: string;
  message: OutgoingEmail;
  /** an API key other than the platform's EMAIL_API_KEY */
  apiKey?: string | undefined;
}

export async function sendMail(env: Env, job: MailSend): Promise<void> {
  const { from } = job;
  const m = job.message;
  switch (job.provider) {
    case "resend":
    case "http":
      return httpProvider(env, job, from);
    case "cloudflare": {
      if (!env.SEND_EMAIL) throw new PermanentFailure("EMAIL_PROVIDER=cloudflare needs the SEND_EMAIL (send_email) binding");
      const { EmailMessage } = await import("cloudflare:email");
      await env.SEND_EMAIL.send(new EmailMessage(addressOf(from), m.to, mime(from, job)));
      return;
    }
    case "dev":
      if (!isLocalDevelopment(env)) throw new PermanentFailure("The dev mailbox exists only in local development");
      await env.DB.prepare(`insert or ignore into dev_mail (id, workspace_id, "to", subject, text, html, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)`)
        .bind(job.id ?? newId("mail"), m.workspaceId ?? null, m.to, m.subject, m.text, m.html ?? null, nowIso())
        .run();
      return;
    default:
      throw new Error(`Unknown EMAIL_PROVIDER "${job.provider}"`);
  }
}

async function httpProvider(env: Env, job: MailSend, from: string): Promise<void> {
  const key = job.apiKey ?? env.EMAIL_API_KEY;
  if (!key) throw new Error(`EMAIL_PROVIDER=${job.provider} needs EMAIL_API_KEY`);
  const base = (job.apiKey ? "https://api.resend.com" : (env.EMAIL_API_BASE_URL ?? "https://api.resend.com")).replace(/\/+$/, "");
  const m = job.message;
  let res: Response;
  try {
    res = await outboundFetch(
      new Request(`${base}/emails`, {
        method: "POST",
        headers: {
          authorization: `Bearer ${key}`,
          "content-type": "application/json",
          ...(job.id ? { "idempotency-key": job.id } : {}),
        },
        body: JSON.stringify({ from, to: [m.to], subject: m.subject, text: m.text, ...(m.html ? { html: m.html } : {}), ...(m.replyTo ? { reply_to: m.replyTo } : {}), ...(m.headers ? { headers: m.headers } : {}) }),
        signal: AbortSignal.timeout(10_000),
      }),
    );
  } catch (err) {
    throw new RetryLater(`email provider unreachable: ${err instanceof Error ? err.message : err}`);
  }
  await throwForStatus(res, "email provider");
}

/** 2xx passes; 429/5xx retry (429 after Retry-After); any other status is a permanent refusal. */
export async function throwForStatus(res: Response, who: string): Promise<void> {
  if (res.ok) {
    await res.body?.cancel();
    return;
  }
  const excerpt = (await res.text().catch(() => "")).slice(0, 300);
  const message = `${who} answered ${res.status}${excerpt ? `: ${excerpt}` : ""}`;
  if (res.status === 429) throw new RetryLater(message, Number(res.headers.get("retry-after")) || null);
  if (res.status >= 500) throw new RetryLater(message);
  throw new PermanentFailure(message);
}

const addressOf = (from: string) => from.match(/<([^>]+)>/)?.[1] ?? from.trim();

/** A minimal RFC 5322 message: text, or text + HTML as multipart/alternative (UTF-8, base64 bodies). */
export function mime(from: string, job: MailSend): string {
  const m = job.message;
  const b64 = (s: string) => btoa(String.fromCharCode(...new TextEncoder().encode(s))).replace(/.{76}/g, "$&\r\n");
  const word = (s: string) => (/^[\x20-\x7e]*$/.test(s) ? s : `=?UTF-8?B?${btoa(String.fromCharCode(...new TextEncoder().encode(s)))}?=`);
  const named = /^"?([^"<]*?)"?\s*<([^>]+)>$/.exec(from.trim());
  const extra = Object.entries(m.headers ?? {}).filter(([k, v]) => /^[A-Za-z-]{1,40}$/.test(k) && !/[\r\n]/.test(v));
  const head = [
    `From: ${named && named[1] ? `${/^[\x20-\x7e]*$/.test(named[1]) ? `"${named[1]}"` : word(named[1])} <${named[2]}>` : from}`,
    `To: ${m.to}`,
    `Subject: ${word(m.subject)}`,
    ...(extra.some(([k]) => k.toLowerCase() === "message-id") ? [] : [`Message-ID: <${job.id ?? newId("mail")}@minichat>`]),
    `Date: ${new Date().toUTCString()}`,
    ...(m.replyTo ? [`Reply-To: ${m.replyTo}`] : []),
    ...extra.map(([k, v]) => `${k}: ${v}`),
    "MIME-Version: 1.0",
  ];
  const part = (type: string, body: string) => [`Content-Type: ${type}; charset=UTF-8`, "Content-Transfer-Encoding: base64", "", b64(body)].join("\r\n");
  if (!m.html) return [...head, part("text/plain", m.text)].join("\r\n");
  const boundary = `mc-${crypto.randomUUID()}`;
  return [...head, `Content-Type: multipart/alternative; boundary="${boundary}"`, "", `--${boundary}`, part("text/plain", m.text), `--${boundary}`, part("text/html", m.html), `--${boundary}--`, ""].join("\r\n");
}
