import { decryptSecret, encryptSecret } from "../../lib/secrets";
import { nowIso } from "../../lib/ids";
import { b64urlEncode } from "./encrypt";

const KEY_ID = "default";
const AD = "vapid:private-key";


export interface VapidKeys {
  /** the uncompressed P-256 point, base64url: the browser's `applicationServerKey` */
  publicKey: string;
  privateJwk: JsonWebKey;
}

/**
 * The platform's VAPID key pair (RFC 8292, ES256), made on first use and kept
 * in D1 with the private key sealed like provider secrets. Two first uses at
 * once both try to insert; the first row wins and both read it back.
 */
export async function vapidKeys(env: Pick<Env, "DB" | "ENCRYPTION_KEY">): Promise<VapidKeys> {
  const existing = await readKeys(env);
  if (existing) return existing;
  const pair = (await crypto.subtle.generateKey({ name: "ECDSA", namedCurve: "P-256" }, true, ["sign", "verify"])) as CryptoKeyPair;
  const publicKey = b64urlEncode(new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer));
  const privateJwk = (await crypto.subtle.exportKey("jwk", pair.privateKey)) as JsonWebKey;
  const sealed = await encryptSecret(env, JSON.stringify({ kty: privateJwk.kty, crv: privateJwk.crv, x: privateJwk.x, y: privateJwk.y, d: privateJwk.d }), AD);
  await env.DB.prepare(`INSERT OR IGNORE INTO push_vapid_keys (id, public_key, private_key_enc, created_at) VALUES (?1, ?2, ?3, ?4)`).bind(KEY_ID, publicKey, sealed, nowIso()).run();
  const stored = await readKeys(env);
  if (!stored) throw new Error("VAPID keys could not be stored");
  return stored;
}

/** Only the public half (no decryption): what `GET …/push/public-key` answers. */
export async function vapidPublicKey(env: Pick<Env, "DB" | "ENCRYPTION_KEY">): Promise<string> {
  const row = await env.DB.prepare(`SELECT public_key FROM push_vapid_keys WHERE id = ?1`).bind(KEY_ID).first<{ public_key: string }>();
  return row?.public_key ?? (await vapidKeys(env)).publicKey;
}

async function readKeys(env: Pick<Env, "DB" | "ENCRYPTION_KEY">): Promise<VapidKeys | null> {
  const row = await env.DB.prepare(`SELECT public_key, private_key_enc FROM push_vapid_keys WHERE id = ?1`).bind(KEY_ID).first<{ public_key: string; private_key_enc: string }>();
  if (!row) return null;
  return { publicKey: row.public_key, privateJwk: JSON.parse(await decryptSecret(env, row.private_key_enc, AD)) as JsonWebKey };
}

/** `mailto:` or https contact the push services may use about this sender. */
export function vapidSubject(env: Pick<Env, "VAPID_SUBJECT" | "APP_URL">): string {
  if (env.VAPID_SUBJECT) return env.VAPID_SUBJECT;
  let host = "minichat.app";
  try {
    host = new URL(env.APP_URL).hostname || host;
  } catch {
    /* keep the default */
  }
  return `mailto:push@${host}`;
}
