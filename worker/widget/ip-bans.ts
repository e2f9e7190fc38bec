import { forbidden } from "../lib/errors";
import { toHex } from "../lib/crypto";

/**
 * Client networks are kept only as a keyed hash (HMAC with the app secret,
 * per workspace), so a stored value cannot be turned back into an address.
 * IPv6 clients are hashed by their /64, the block one subscriber holds.
 */
export async function ipHashOf(env: Pick<Env, "JWT_SECRET">, workspaceId: string, ip: string | null | undefined): Promise<string | null> {
  const network = ip ? networkOf(ip) : null;
  if (!network) return null;
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(env.JWT_SECRET), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return toHex(await crypto.subtle.sign("HMAC", key, new TextEncoder().encode(`visitor-ip:${workspaceId}:${network}`)));
}

/** An IPv4 address as is; an IPv6 address as its /64 prefix (IPv4-mapped ones as IPv4). */
export function networkOf(raw: string): string | null {
  const ip = raw.trim().toLowerCase();
  if (!ip) return null;
  if (!ip.includes(":")) return ip;
  if (ip.includes(".")) return ip.slice(ip.lastIndexOf(":") + 1);
  const [head = "", tail] = ip.split("::");
  const h = head ? head.split(":") : [];
  const t = tail === undefined ? [] : tail ? tail.split(":") : [];
  const groups = tail === undefined ? h : [...h, ...Array<string>(Math.max(0, 8 - h.length - t.length)).fill("0"), ...t];
  if (groups.length !== 8 || groups.some((g) => !/^[0-9a-f]{1,4}$/.test(g))) return null;
  return `${groups.slice(0, 4).map((g) => parseInt(g, 16).toString(16)).join(":")}::/64`;
}

/** Refuses a network banned in this workspace (403 VISITOR_BANNED, like a banned visitor). */
export async function assertNetworkNotBanned(env: Pick<Env, "DB">, workspaceId: string, ipHash: string | null): Promise<void> {
  if (!ipHash) return;
  const row = await env.DB.prepare(`select 1 as hit from visitor_ip_bans where workspace_id = ?1 and ip_hash = ?2 and expires_at > ?3 limit 1`)
    .bind(workspaceId, ipHash, new Date().toISOString())
    .first();
  if (row) throw forbidden("This visitor has been blocked", "VISITOR_BANNED");
}
