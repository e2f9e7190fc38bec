import { timingSafeEqual } from "./crypto";
import { hmacHex as hmac } from "./hmac";

/**
 * Socket tickets are signed for one scope (`conv:<conversation id>` or
 * `hub:<workspace id>`), so the Worker can refuse a forged, expired or
 * misdirected ticket before it touches any Durable Object. The object that
 * issued it still keeps its hash, which makes it single-use.
 */
export const SOCKET_TICKET_TTL_MS = 30_000;

export async function signSocketTicket(env: Pick<Env, "JWT_SECRET">, scope: string, nowMs = Date.now()): Promise<{ ticket: string; expires_in: number }> {
  const nonce = crypto.randomUUID().replace(/-/g, "");
  const exp = Math.floor((nowMs + SOCKET_TICKET_TTL_MS) / 1000);
  const sig = await hmac(env.JWT_SECRET, `socket-ticket:${scope}:${nonce}:${exp}`);
  return { ticket: `wst_${nonce}.${exp}.${sig}`, expires_in: SOCKET_TICKET_TTL_MS / 1000 };
}

/** True when `ticket` was signed by this app for `scope` and has not expired. */
export async function socketTicketValid(env: Pick<Env, "JWT_SECRET">, ticket: string | undefined | null, scope: string, nowMs = Date.now()): Promise<boolean> {
  const m = ticket?.match(/^wst_([0-9a-f]{32})\.(\d{1,12})\.([0-9a-f]{64})$/);
  if (!m) return false;
  const [, nonce, exp, sig] = m;
  if (Number(exp) * 1000 < nowMs) return false;
  return timingSafeEqual(await hmac(env.JWT_SECRET, `socket-ticket:${scope}:${nonce}:${exp}`), sig!);
}
