import { isLocalDevelopment } from "../../lib/environment";
import { timingSafeEqual, toHex } from "../../lib/crypto";

/** Local development and tests receive mail on this domain (wrangler dev's email endpoint accepts any address). */
export const LOCAL_EMAIL_DOMAIN = "mail.minichat.localhost";

type AddressEnv = Pick<Env, "JWT_SECRET" | "EMAIL_REPLY_DOMAIN" | "APP_ENV">;

/**
 * The domain whose mail Email Routing hands to this Worker's `email()`
 * handler (`EMAIL_REPLY_DOMAIN`); locally a built-in one. null: this
 * deployment receives no email (email channels cannot be connected).
 */
export function emailDomain(env: Pick<Env, "EMAIL_REPLY_DOMAIN" | "APP_ENV">): string | null {
  return env.EMAIL_REPLY_DOMAIN?.trim() || (isLocalDevelopment(env) ? LOCAL_EMAIL_DOMAIN : null);
}

/** A short HMAC of `purpose:value` with the platform's secret (hex). */
export async function addressTag(env: Pick<Env, "JWT_SECRET">, purpose: string, value: string, length: number): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(`${purpose}:${env.JWT_SECRET}`), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(value))).slice(0, length);
}

/** The address a business forwards its support mailbox to: `inbox+<channel>.<signature>@<domain>`. */
export async function inboundAddress(env: AddressEnv, channelId: string): Promise<string | null> {
  const domain = emailDomain(env);
  // signed over the lower-case id: some mail systems lower-case the local part on the way
  return domain ? `inbox+${channelId}.${await addressTag(env, "email-inbox", channelId.toLowerCase(), 12)}@${domain}` : null;
}

export type Recipient =
  | { kind: "channel"; channelId: string /* lower case */ }
  | { kind: "reply"; conversationId: string }
  | { kind: "forged" }
  | { kind: "unknown" };

/**
 * What an inbound recipient names: a channel's inbound address, a signed
 * reply-to address of a conversation, a known shape whose signature does not
 * hold (forged), or nothing of ours.
 */
export async function recipientOf(env: AddressEnv, address: string): Promise<Recipient> {
  const a = address.trim().toLowerCase();
  const inbox = /^inbox\+(ch_[a-z0-9]{1,64})\.([0-9a-f]{12})@/.exec(a);
  if (inbox) {
    // the channel id in lower case (the caller looks it up case-insensitively)
    const id = inbox[1]!;
    return timingSafeEqual(await addressTag(env, "email-inbox", id, 12), inbox[2]!) ? { kind: "channel", channelId: id } : { kind: "forged" };
  }
  const reply = /^reply\+(conv_[a-z0-9]{1,64})\.([0-9a-f]{20})@/.exec(a);
  if (reply) {
    // reply-to addresses are signed over the conversation id as issued
    const id = address.trim().slice(6, 6 + reply[1]!.length);
    return timingSafeEqual(await addressTag(env, "reply-to", id, 20), reply[2]!) ? { kind: "reply", conversationId: id } : { kind: "forged" };
  }
  return { kind: "unknown" };
}

/** `Name <a@b>` → `a@b` (lower case). */
export const bareAddress = (value: string) => (value.match(/<([^>]+)>/)?.[1] ?? value).trim().toLowerCase();
