import { isLocalDevelopment } from "../lib/environment";
import { newId, nowIso } from "../lib/ids";

export interface EmailMessage {
  workspaceId?: string | null;
  to: string;
  subject: string;
  text: string;
  html?: string | null;
  /** where replies go (a signed conversation address for continuation by email) */
  replyTo?: string | null;
  /** threading headers of a reply (Message-ID, In-Reply-To, References) */
  headers?: Record<string, string> | undefined;
}

/** The queue message an email provider worker would consume from OUTBOUND. */
export interface OutboundEmailJob {
  type: "email";
  /** the provider's idempotency key: a retried job is not sent twice */
  id: string;
  provider: string;
  message: EmailMessage;
}

export type MailEnv = Pick<Env, "DB" | "OUTBOUND" | "APP_ENV"> & { EMAIL_PROVIDER?: string };

/**
 * Sends a transactional email. With `EMAIL_PROVIDER` configured the message is
 * enqueued on OUTBOUND for the provider to deliver. Without one, local
 * development and tests capture it in the `dev_mail` table (readable at
 * GET /api/v1/dev/mail); in production it is dropped with a warning that names
 * no link or token, so verification, reset and invitation tokens are never
 * stored readable.
 */
export async function sendEmail(env: MailEnv, message: EmailMessage, opts: { id?: string } = {}): Promise<void> {
  if (env.EMAIL_PROVIDER) {
    await env.OUTBOUND.send({ type: "email", id: opts.id ?? newId("mail"), provider: env.EMAIL_PROVIDER, message } satisfies OutboundEmailJob);
    return;
  }
  if (!isLocalDevelopment(env)) {
    console.warn(`email not sent (no EMAIL_PROVIDER configured): "${message.subject}"`);
    return;
  }
  await env.DB.prepare(`insert or ignore into dev_mail (id, workspace_id, "to", subject, text, html, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7)`)
    .bind(opts.id ?? newId("mail"), message.workspaceId ?? null, message.to, message.subject, message.text, message.html ?? null, nowIso())
    .run();
}
