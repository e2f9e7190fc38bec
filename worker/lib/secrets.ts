/**
 * AES-256-GCM encryption of small secrets at rest (TOTP secrets, AI provider
 * keys, channel tokens) with the `ENCRYPTION_KEY` (base64, 32 bytes).
 * Stored form: `v1.<iv b64>.<ciphertext+tag b64>`; a fresh 12-byte IV each time.
 */
const VERSION = "v1";
const enc = new TextEncoder();
const dec = new TextDecoder();

export function bytesToBase64(bytes: Uint8Array): string {
  let s = "";
  for (const b of bytes) s += String.fromCharCode(b);
  return btoa(s);
}

export function base64ToBytes(b64: string): Uint8Array<ArrayBuffer> {
  const s = atob(b64);
  const out = new Uint8Array(s.length);
  for (let i = 0; i < s.length; i++) out[i] = s.charCodeAt(i);
  return out;
}

const keyCache = new Map<string, Promise<CryptoKey>>();

function importKey(env: Pick<Env, "ENCRYPTION_KEY">): Promise<CryptoKey> {
  const raw = env.ENCRYPTION_KEY;
  if (!raw) throw new Error("ENCRYPTION_KEY is not set");
  let key = keyCache.get(raw);
  if (!key) {
    const bytes = base64ToBytes(raw);
    if (bytes.length !== 32) throw new Error("ENCRYPTION_KEY must be 32 bytes, base64-encoded");
    key = crypto.subtle.importKey("raw", bytes, { name: "AES-GCM" }, false, ["encrypt", "decrypt"]);
    keyCache.set(raw, key);
  }
  return key;
}

export async function encryptSecret(env: Pick<Env, "ENCRYPTION_KEY">, plaintext: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const ct = await crypto.subtle.encrypt({ name: "AES-GCM", iv }, await importKey(env), enc.encode(plaintext));
  return `${VERSION}.${bytesToBase64(iv)}.${bytesToBase64(new Uint8Array(ct))}`;
}

/** Throws if the value was not produced by `encryptSecret` with this key or was tampered with. */
export async function decryptSecret(env: Pick<Env, "ENCRYPTION_KEY">, stored: string): Promise<string> {
  const [version, ivB64, ctB64] = stored.split(".");
  if (version !== VERSION || !ivB64 || !ctB64) throw new Error("Not an encrypted secret");
  const pt = await crypto.subtle.decrypt({ name: "AES-GCM", iv: base64ToBytes(ivB64) }, await importKey(env), base64ToBytes(ctB64));
  return dec.decode(pt);
}

/** `sk-…abcd`: enough to recognise a stored secret without revealing it. */
export function maskSecret(plaintext: string): string {
  if (plaintext.length <= 8) return "••••";
  return `${plaintext.slice(0, 3)}…${plaintext.slice(-4)}`;
}
