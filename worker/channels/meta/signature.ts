import { timingSafeEqual } from "../../lib/crypto";

/**
 * Meta's webhook signature (Messenger, Instagram, WhatsApp Cloud API):
 * `X-Hub-Signature-256: sha256=<hex>`, the HMAC-SHA256 of the raw body keyed
 * with the app secret.
 */
export async function hubSignature(appSecret: string, rawBody: string): Promise<string> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(appSecret), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  const mac = new Uint8Array(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(rawBody)));
  return `sha256=${[...mac].map((b) => b.toString(16).padStart(2, "0")).join("")}`;
}

export async function verifyHubSignature(appSecret: string, rawBody: string, header: string | null): Promise<boolean> {
  if (!header || !appSecret) return false;
  return timingSafeEqual(await hubSignature(appSecret, rawBody), header.trim().toLowerCase());
}

/**
 * The subscription handshake Meta sends to a webhook URL before using it:
 * `GET ?hub.mode=subscribe&hub.verify_token=…&hub.challenge=…`. Answers the
 * challenge when the token is the one generated for this connection, else null.
 */
export function answerHandshake(query: (name: string) => string | undefined, verifyToken: string | undefined): string | null {
  const challenge = query("hub.challenge");
  const token = query("hub.verify_token");
  if (query("hub.mode") !== "subscribe" || !challenge || !token || !verifyToken) return null;
  return timingSafeEqual(token, verifyToken) ? challenge : null;
}
