import { AppError } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import { isLocalDevelopment } from "../../lib/environment";
import type { ChannelRow } from "../store";
import { bareAddress, emailDomain, inboundAddress } from "./address";

/** The sender address of the platform's own provider (`EMAIL_FROM`). */
export const platformSender = (env: Pick<Env, "EMAIL_FROM">) => bareAddress(env.EMAIL_FROM ?? "no-reply@minichat.app");

/** How replies of an email channel leave: the business's own Resend key, the platform's provider, or the local dev mailbox. */
export function emailSending(env: Pick<Env, "APP_ENV"> & { EMAIL_PROVIDER?: string }, secrets: Record<string, string | undefined>): { provider: string; apiKey?: string } | null {
  if (secrets.resend_api_key) return { provider: "resend", apiKey: secrets.resend_api_key };
  if (env.EMAIL_PROVIDER) return { provider: env.EMAIL_PROVIDER };
  return isLocalDevelopment(env) ? { provider: "dev" } : null;
}

/** Connecting email needs this deployment to receive mail (EMAIL_REPLY_DOMAIN routed to the Worker) and to be able to send replies. */
export async function prepareEmail(env: Env, config: Record<string, string>): Promise<{ secrets: Record<string, string>; name: string | null }> {
  if (!emailDomain(env)) {
    throw new AppError(400, "EMAIL_RECEIVING_NOT_CONFIGURED", "This deployment does not receive email yet: route a domain to the Worker with Email Routing and set EMAIL_REPLY_DOMAIN (see the README)");
  }
  const secrets: Record<string, string> = config.resend_api_key ? { resend_api_key: config.resend_api_key } : {};
  if (!emailSending(env, secrets)) {
    throw new AppError(400, "EMAIL_SENDING_NOT_CONFIGURED", "Replies could not be sent: give a Resend API key for your domain, or configure the platform's EMAIL_PROVIDER");
  }
  return { secrets, name: config.support_address ?? null };
}

/** The non-secret part of the connection: support address, sender name (default: the chatbot's name), who sends. */
export async function saveEmailChannel(env: Env, channelId: string, workspaceId: string, config: Record<string, string | undefined>): Promise<void> {
  await env.DB.prepare(
    `INSERT INTO email_channels (channel_id, workspace_id, support_address, from_name, own_sender, created_at)
     SELECT ?1, ?2, ?3, COALESCE(?4, b.name), ?5, ?6 FROM channels c JOIN chatbots b ON b.id = c.chatbot_id WHERE c.id = ?1`,
  )
    .bind(channelId, workspaceId, config.support_address, config.from_name ?? null, config.resend_api_key ? 1 : 0, nowIso())
    .run();
}

/** `"Name" <address>`, the name quoted when it needs to be. */
export function formatSender(name: string | null | undefined, address: string): string {
  const clean = (name ?? "").replace(/["\\\r\n<>]/g, "").trim();
  return clean ? `"${clean}" <${address}>` : address;
}

export interface EmailChannelSettings {
  support_address: string;
  from_name: string | null;
  own_sender: number;
}

/** The From of an email channel's replies. */
export const senderOf = (env: Pick<Env, "EMAIL_FROM">, s: EmailChannelSettings) => formatSender(s.from_name, s.own_sender ? s.support_address : platformSender(env));

/** What the channel shows besides the common fields: where to forward the support mailbox and who replies come from. */
export async function emailChannelView(env: Env, r: ChannelRow) {
  const settings = { support_address: r.support_address ?? "", from_name: r.from_name ?? null, own_sender: r.own_sender ?? 0 };
  return {
    inbound_address: await inboundAddress(env, r.id),
    support_address: settings.support_address,
    from_name: settings.from_name,
    from: senderOf(env, settings),
    reply_window: "none" as const,
  };
}

type Attempt = (key: "credentials" | "webhook" | "events", fn: () => Promise<string | null>) => Promise<void>;

/** The verify step: replies can be sent, this deployment receives mail (the first forwarded email shows as the first event). */
export async function verifyEmail(env: Env, secrets: Record<string, string>, attempt: Attempt): Promise<void> {
  await attempt("credentials", async () => {
    const sending = emailSending(env, secrets);
    if (!sending) throw new Error("No email provider is configured for replies");
    return sending.provider === "dev" ? "local dev mailbox" : sending.apiKey ? "your Resend account" : `platform provider (${sending.provider})`;
  });
  await attempt("webhook", async () => {
    const domain = emailDomain(env);
    if (!domain) throw new Error("EMAIL_REPLY_DOMAIN is not set: this deployment receives no email");
    return `mail to @${domain} reaches MiniChat`;
  });
}
