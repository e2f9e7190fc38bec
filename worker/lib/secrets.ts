/**
 * AES-256-GCM encryption of small secrets at rest (TOTP secrets, AI provider
 * keys, channel tokens) with the `ENCRYPTION_KEY` (base64, 32 bytes).
 * Stored form: `v1.<iv b64>.<ciphertext+tag b64>`, or `v2.…` when bound to
 * associated data; a fresh 12-byte IV each time.
 */
const VERSION = "v1";
const VERSION_BOUND = "v2";
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

/**
 * Encrypts `plaintext`. With `associatedData` (e.g. workspace id + purpose) the
 * result is `v2.…` and only decrypts with the same associated data, so a
 * ciphertext copied to another row (another workspace, another provider) is
 * useless there.
 */
export async function encryptSecret(env: Pick<Env, "ENCRYPTION_KEY">, plaintext: string, associatedData?: string): Promise<string> {
  const iv = crypto.getRandomValues(new Uint8Array(12));
  const params: AesGcmParams = associatedData === undefined ? { name: "AES-GCM", iv } : { name: "AES-GCM", iv, additionalData: enc.encode(associatedData) };
  const ct = await crypto.subtle.encrypt(params, await importKey(env), enc.encode(plaintext));
  return `${associatedData === undefined ? VERSION : VERSION_BOUND}.${bytesToBase64(iv)}.${bytesToBase64(new Uint8Array(ct))}`;
}

/**
 * Throws if the value was not produced by `encryptSecret` with this key (and,
 * for `v2`, this associated data) or was tampered with.
 */
export async function decryptSecret(env: Pick<Env, "ENCRYPTION_KEY">, stored: string, associatedData?: string): Promise<string> {
  const [version, ivB64, ctB64] = stored.split(".");
  if (!ivB64 || !ctB64) throw new Error("Not an encrypted secret");
  if (version === VERSION_BOUND && associatedData === undefined) throw new Error("This secret is bound to associated data");
  if (version !== VERSION && version !== VERSION_BOUND) throw new Error("Not an encrypted secret");
  const iv = base64ToBytes(ivB64);
  const params: AesGcmParams = version === VERSION_BOUND ? { name: "AES-GCM", iv, additionalData: enc.encode(associatedData!) } : { name: "AES-GCM", iv };
  const pt = await crypto.subtle.decrypt(params, await importKey(env), base64ToBytes(ctB64));
  return dec.decode(pt);
}

/** Whether a stored value is bound to associated data (`v2`). */
export const isBoundSecret = (stored: string) => stored.startsWith(`${VERSION_BOUND}.`);

/** `sk-…abcd`: enough to recognise a stored secret without revealing it. */
export function maskSecret(plaintext: string): string {
  if (plaintext.length <= 8) return "••••";
  return `${plaintext.slice(0, 3)}…${plaintext.slice(-4)}`;
}
