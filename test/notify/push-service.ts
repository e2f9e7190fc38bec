/**
 * An in-test push service and browser: a subscription with a real P-256 key
 * pair and auth secret (as PushManager.subscribe makes), and a receiver that
 * checks the VAPID JWT's ES256 signature against the key in the header and
 * DECRYPTS the aes128gcm body with the subscription's private key (RFC 8291),
 * written from the RFCs independently of the Worker's code.
 */
const te = new TextEncoder();

const b64u = (b: Uint8Array) => btoa(String.fromCharCode(...b)).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
const unb64u = (s: string): Uint8Array<ArrayBuffer> => {
  const t = s.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(t + "=".repeat((4 - (t.length % 4)) % 4)), (c) => c.charCodeAt(0));
};
const cat = (...p: Uint8Array[]): Uint8Array<ArrayBuffer> => {
  const o = new Uint8Array(p.reduce((n, x) => n + x.length, 0));
  let i = 0;
  for (const x of p) (o.set(x, i), (i += x.length));
  return o;
};

async function hmac(key: Uint8Array, data: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const k = await crypto.subtle.importKey("raw", cat(key), { name: "HMAC", hash: "SHA-256" }, false, ["sign"]);
  return new Uint8Array(await crypto.subtle.sign("HMAC", k, cat(data)));
}
/** HKDF written out as HMACs (extract, then one expand block). */
async function hkdf(salt: Uint8Array, ikm: Uint8Array, info: Uint8Array, len: number) {
  const prk = await hmac(salt, ikm);
  return (await hmac(prk, cat(info, new Uint8Array([1])))).slice(0, len);
}

export interface Browser {
  subscription: { endpoint: string; keys: { p256dh: string; auth: string } };
  decrypt(body: Uint8Array): Promise<unknown>;
}

export async function fakeBrowser(endpoint: string): Promise<Browser> {
  const pair = (await crypto.subtle.generateKey({ name: "ECDH", namedCurve: "P-256" }, true, ["deriveBits"])) as CryptoKeyPair;
  const uaPublic = new Uint8Array((await crypto.subtle.exportKey("raw", pair.publicKey)) as ArrayBuffer);
  const auth = crypto.getRandomValues(new Uint8Array(16));
  return {
    subscription: { endpoint, keys: { p256dh: b64u(uaPublic), auth: b64u(auth) } },
    async decrypt(body) {
      const salt = body.slice(0, 16);
      const rs = new DataView(body.buffer, body.byteOffset).getUint32(16);
      const idlen = body[20]!;
      const asPublic = body.slice(21, 21 + idlen);
      const ciphertext = body.slice(21 + idlen);
      if (rs < 18 || ciphertext.length > rs) throw new Error("bad record size");
      const asKey = await crypto.subtle.importKey("raw", cat(asPublic), { name: "ECDH", namedCurve: "P-256" }, false, []);
      const ecdh = new Uint8Array(await crypto.subtle.deriveBits({ name: "ECDH", public: asKey }, pair.privateKey, 256));
      const ikm = await hkdf(auth, ecdh, cat(te.encode("WebPush: info\0"), uaPublic, asPublic), 32);
      const cek = await hkdf(salt, ikm, te.encode("Content-Encoding: aes128gcm\0"), 16);
      const nonce = await hkdf(salt, ikm, te.encode("Content-Encoding: nonce\0"), 12);
      const key = await crypto.subtle.importKey("raw", cek, "AES-GCM", false, ["decrypt"]);
      const plain = new Uint8Array(await crypto.subtle.decrypt({ name: "AES-GCM", iv: nonce }, key, cat(ciphertext)));
      let end = plain.length - 1;
      while (end >= 0 && plain[end] === 0) end--;
      if (plain[end] !== 2) throw new Error("missing last-record delimiter");
      return JSON.parse(new TextDecoder().decode(plain.slice(0, end)));
    },
  };
}

/** Checks `Authorization: vapid t=…, k=…`: the JWT is ES256-signed by k, for the endpoint's origin, not expired, with a contact. */
export async function verifyVapid(authorization: string, endpoint: string, expectedKey?: string): Promise<{ sub: string; aud: string; exp: number }> {
  const m = /^vapid t=([\w-]+\.[\w-]+\.[\w-]+), k=([\w-]+)$/.exec(authorization);
  if (!m) throw new Error(`not a vapid header: ${authorization}`);
  const [h, c, s] = m[1]!.split(".") as [string, string, string];
  const k = m[2]!;
  if (expectedKey && k !== expectedKey) throw new Error("unexpected VAPID key");
  const header = JSON.parse(new TextDecoder().decode(unb64u(h)));
  if (header.alg !== "ES256") throw new Error("not ES256");
  const pub = await crypto.subtle.importKey("raw", unb64u(k), { name: "ECDSA", namedCurve: "P-256" }, false, ["verify"]);
  const ok = await crypto.subtle.verify({ name: "ECDSA", hash: "SHA-256" }, pub, unb64u(s), te.encode(`${h}.${c}`));
  if (!ok) throw new Error("bad VAPID signature");
  const claims = JSON.parse(new TextDecoder().decode(unb64u(c)));
  if (claims.aud !== new URL(endpoint).origin) throw new Error(`aud ${claims.aud}`);
  if (!(claims.exp > Date.now() / 1000 && claims.exp <= Date.now() / 1000 + 24 * 3600)) throw new Error("exp out of range");
  if (!/^(mailto:|https:)/.test(claims.sub)) throw new Error("no contact");
  return claims;
}
