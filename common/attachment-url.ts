import { hmacHex } from "./hmac";

/** How long a signed attachment link stays valid. */
export const SIGNED_URL_TTL_SECONDS = 10 * 60;

/**
 * `…/api/v1/attachments/<id>?exp=<unix>&sig=<hmac>`, valid for ten minutes.
 * The Durable Objects sign links on every message they send; the Worker's
 * attachment route checks them (`worker/inbox/attachments.ts`).
 */
export async function signedAttachmentUrl(env: Pick<Env, "JWT_SECRET">, baseUrl: string, id: string, nowMs = Date.now()): Promise<string> {
  const exp = Math.floor(nowMs / 1000) + SIGNED_URL_TTL_SECONDS;
  const sig = await hmacHex(env.JWT_SECRET, `attachment:${id}:${exp}`);
  return `${baseUrl}/api/v1/attachments/${encodeURIComponent(id)}?exp=${exp}&sig=${sig}`;
}
