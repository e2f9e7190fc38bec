import { classifyHost, isAlwaysBlockedHost, isBlockedAddress } from "./ip";

/** Resolves a host name to its IP addresses (A and AAAA). */
export interface HostResolver {
  resolveHost(hostname: string): Promise<string[]>;
}

/** The network a crawl uses: replaceable so tests (and other runtimes) can serve their own. */
export interface CrawlNetwork extends HostResolver {
  fetch(request: Request): Promise<Response>;
}

/** DNS-over-HTTPS through Cloudflare's JSON API. */
export const dohResolver: HostResolver = {
  async resolveHost(hostname) {
    const answers: string[] = [];
    for (const type of ["A", "AAAA"]) {
      const res = await fetch(`https://cloudflare-dns.com/dns-query?name=${encodeURIComponent(hostname)}&type=${type}`, {
        headers: { accept: "application/dns-json" },
        signal: AbortSignal.timeout(5000),
      });
      if (!res.ok) throw new Error(`DNS lookup failed with HTTP ${res.status}`);
      const body = (await res.json()) as { Status?: number; Answer?: { type: number; data: string }[] };
      for (const a of body.Answer ?? []) if (a.type === 1 || a.type === 28) answers.push(a.data);
    }
    return answers;
  },
};

const defaultNetwork: CrawlNetwork = { fetch: (req) => fetch(req), resolveHost: (h) => dohResolver.resolveHost(h) };
let network: CrawlNetwork = defaultNetwork;

/** Replaces the crawl network (fetch + resolver); `null` restores the default. */
export function setCrawlNetwork(next: CrawlNetwork | null): void {
  network = next ?? defaultNetwork;
}

export type FetchRefusal =
  | "UNSUPPORTED_SCHEME"
  | "BLOCKED_HOST"
  | "DNS_FAILED"
  | "TOO_MANY_REDIRECTS"
  | "TOO_LARGE"
  | "TIMEOUT"
  | "UNSUPPORTED_TYPE"
  | "HTTP_ERROR"
  | "FETCH_FAILED";

export type SafeFetchResult =
  | { ok: true; url: string; status: number; contentType: string; headers: Headers; body: string; truncated: boolean }
  | { ok: false; code: FetchRefusal; message: string; url: string; status?: number };

export interface SafeFetchOptions {
  /** GET by default. */
  method?: string;
  /** Request headers; `host`, `cookie` and `content-length` are never sent. Without an `accept` / `user-agent`, the crawler's are used. */
  headers?: Record<string, string>;
  body?: string | null;
  /** The most bytes read from the answer (2 MB). */
  maxBytes?: number;
  /** An answer over `maxBytes`: refused as `TOO_LARGE` (default), or cut to its first `maxBytes` (`truncated: true`). */
  overflow?: "refuse" | "truncate";
  /** The whole call, every hop and the body included (10 s). */
  timeoutMs?: number;
  maxRedirects?: number;
  /**
   * Which redirects are followed: `all` (default), or only `same-method` ones
   * (307/308, which keep the method and body); a 301/302/303 is then the answer.
   */
  redirects?: "all" | "same-method";
  /** Content types accepted (text/html, text/plain, application/xhtml+xml by default); `null` accepts any. */
  accept?: readonly string[] | null;
  /** An answer of 400 or more: refused as `HTTP_ERROR` (default), or read and returned like any other. */
  errorStatus?: "refuse" | "read";
  /** Refuse plain http, on the first hop and every redirect. */
  httpsOnly?: boolean;
  userAgent?: string;
}

export const CRAWLER_USER_AGENT = "MiniChatBot/1.0 (+https://minichat.app/bot)";
const HTML_TYPES = ["text/html", "text/plain", "application/xhtml+xml"] as const;

/** Sends a request over the current network (after `checkUrl`): the one way out for guarded outbound calls. */
export function outboundFetch(request: Request): Promise<Response> {
  return network.fetch(request);
}

export interface CheckUrlOptions {
  /**
   * An owner's explicit allowance for a self-hosted endpoint (e.g. Ollama on
   * a LAN): private and loopback addresses pass, link-local/metadata never do.
   */
  allowPrivateNetwork?: boolean;
  /** only the URL itself (literal addresses, internal names); the resolved addresses are checked when it is fetched */
  skipDns?: boolean;
}

/**
 * Checks whether a URL may be fetched at all: http(s) only, and a host that
 * is neither an internal name nor (after DNS) any internal address.
 */
export async function checkUrl(raw: string, opts: CheckUrlOptions = {}): Promise<{ ok: true; url: URL } | { ok: false; code: FetchRefusal; message: string }> {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    return { ok: false, code: "UNSUPPORTED_SCHEME", message: "Not a valid URL" };
  }
  if (url.protocol !== "http:" && url.protocol !== "https:") return { ok: false, code: "UNSUPPORTED_SCHEME", message: `${url.protocol} URLs are not crawled` };
  if (url.username || url.password) return { ok: false, code: "BLOCKED_HOST", message: "URLs with credentials are not crawled" };
  if (opts.allowPrivateNetwork) return checkPrivateAllowed(url, opts);
  const kind = classifyHost(url.hostname);
  if (kind === "blocked") return { ok: false, code: "BLOCKED_HOST", message: `${url.hostname} is an internal or reserved address` };
  if (kind === "name" && !opts.skipDns) {
    let addresses: string[];
    try {
      addresses = await network.resolveHost(url.hostname.replace(/\.$/, ""));
    } catch {
      return { ok: false, code: "DNS_FAILED", message: `Could not resolve ${url.hostname}` };
    }
    if (addresses.length === 0) return { ok: false, code: "DNS_FAILED", message: `${url.hostname} has no address` };
    if (addresses.some(isBlockedAddress)) return { ok: false, code: "BLOCKED_HOST", message: `${url.hostname} resolves to an internal address` };
  }
  return { ok: true, url };
}

async function checkPrivateAllowed(url: URL, opts: CheckUrlOptions): Promise<{ ok: true; url: URL } | { ok: false; code: FetchRefusal; message: string }> {
  const host = url.hostname.toLowerCase().replace(/\.$/, "");
  if (!host || isAlwaysBlockedHost(host)) return { ok: false, code: "BLOCKED_HOST", message: `${url.hostname} is a link-local or metadata address` };
  if (classifyHost(host) === "name" && !host.endsWith(".localhost") && !opts.skipDns) {
    let addresses: string[] = [];
    try {
      addresses = await network.resolveHost(host);
    } catch {
      // a LAN name the public resolver does not know: the platform resolves it
    }
    if (addresses.some(isAlwaysBlockedHost)) return { ok: false, code: "BLOCKED_HOST", message: `${url.hostname} resolves to a link-local or metadata address` };
  }
  return { ok: true, url };
}

/** Headers that describe a body: dropped when a redirect turns the request into a GET without one. */
const BODY_HEADERS = ["content-type", "content-encoding", "content-language", "content-location"];
/** Credentials for the first origin: dropped when a redirect leaves it. */
const ORIGIN_CREDENTIALS = ["authorization", "proxy-authorization"];

/**
 * One request to somewhere on the public internet, defensively: http(s) only,
 * no credentials in the URL, no loopback, private, link-local or metadata
 * address (literal, internal name, or after DNS), every redirect hop checked
 * again (≤ 5), the whole call bounded by `timeoutMs` (10 s), the body read as
 * a stream and never past `maxBytes` (2 MB). Redirects follow HTTP: 303 (and
 * 301/302 of a POST) continue as a GET without the body or its headers,
 * 307/308 keep method, body and headers; leaving the origin drops
 * `authorization`. By default only text/html, text/plain and
 * application/xhtml+xml answers below 400 are accepted (the crawler).
 */
export async function safeFetch(raw: string, opts: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 5;
  const accept = opts.accept === undefined ? HTML_TYPES : opts.accept;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  const headers = new Headers();
  for (const [k, v] of Object.entries(opts.headers ?? {})) if (!/^(host|cookie|content-length)$/i.test(k)) headers.set(k, v);
  if (!headers.has("user-agent")) headers.set("user-agent", opts.userAgent ?? CRAWLER_USER_AGENT);
  if (!headers.has("accept")) headers.set("accept", "text/html,application/xhtml+xml,text/plain;q=0.9");
  let method = (opts.method ?? "GET").toUpperCase();
  let body = method === "GET" || method === "HEAD" ? null : (opts.body ?? null);
  let current = raw;
  try {
    for (let hop = 0; ; hop++) {
      if (opts.httpsOnly && !/^https:\/\//i.test(current)) return { ok: false, code: "UNSUPPORTED_SCHEME", message: "Only https URLs are called", url: current };
      const check = await checkUrl(current);
      if (!check.ok) return { ...check, url: current };
      const res = await network.fetch(new Request(check.url.toString(), { method, headers, body, redirect: "manual", signal }));
      const location = res.headers.get("location");
      const follow = res.status >= 300 && res.status < 400 && location && (opts.redirects !== "same-method" || res.status === 307 || res.status === 308);
      if (follow) {
        await res.body?.cancel();
        if (hop >= maxRedirects) return { ok: false, code: "TOO_MANY_REDIRECTS", message: `More than ${maxRedirects} redirects`, url: current };
        const next = new URL(location, check.url);
        if ((res.status === 303 && method !== "GET" && method !== "HEAD") || ((res.status === 301 || res.status === 302) && method === "POST")) {
          method = "GET";
          body = null;
          for (const h of BODY_HEADERS) headers.delete(h);
        }
        if (next.origin !== check.url.origin) for (const h of ORIGIN_CREDENTIALS) headers.delete(h);
        current = next.toString();
        continue;
      }
      if (res.status >= 400 && opts.errorStatus !== "read") {
        await res.body?.cancel();
        return { ok: false, code: "HTTP_ERROR", message: `The server answered ${res.status}`, url: current, status: res.status };
      }
      const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (accept && !accept.includes(contentType)) {
        await res.body?.cancel();
        return { ok: false, code: "UNSUPPORTED_TYPE", message: `Content type ${contentType || "unknown"} is not crawled`, url: current, status: res.status };
      }
      const truncate = opts.overflow === "truncate";
      const read = await readBody(res, maxBytes, truncate);
      if (read.over && !truncate) return { ok: false, code: "TOO_LARGE", message: `The page is larger than ${maxBytes} bytes`, url: current, status: res.status };
      return { ok: true, url: current, status: res.status, contentType, headers: res.headers, body: decode(read.bytes, res.headers.get("content-type")), truncated: read.over };
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, code: "TIMEOUT", message: "The page took too long to answer", url: current };
    return { ok: false, code: "FETCH_FAILED", message: err instanceof Error ? err.message : "Fetch failed", url: current };
  }
}

/**
 * The body up to `maxBytes`. By default a larger body is refused (null; a
 * declared length over the cap before reading anything); with `truncate` its
 * first `maxBytes` bytes are returned and the rest is never read.
 */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array | null>;
export async function readCapped(res: Response, maxBytes: number, opts: { truncate: true }): Promise<Uint8Array>;
export async function readCapped(res: Response, maxBytes: number, opts: { truncate?: boolean } = {}): Promise<Uint8Array | null> {
  const read = await readBody(res, maxBytes, opts.truncate === true);
  return read.over && !opts.truncate ? null : read.bytes;
}

/** Reads at most `maxBytes`; `over` says the body had more (then, unless truncating, `bytes` is empty). */
async function readBody(res: Response, maxBytes: number, truncate: boolean): Promise<{ bytes: Uint8Array; over: boolean }> {
  if (!truncate && Number(res.headers.get("content-length") ?? "0") > maxBytes) {
    await res.body?.cancel();
    return { bytes: new Uint8Array(), over: true };
  }
  if (!res.body) return { bytes: new Uint8Array(), over: false };
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  let over = false;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    if (size + value.byteLength > maxBytes) {
      over = true;
      await reader.cancel().catch(() => undefined);
      if (!truncate) return { bytes: new Uint8Array(), over };
      parts.push(value.subarray(0, maxBytes - size));
      size = maxBytes;
      break;
    }
    size += value.byteLength;
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return { bytes: out, over };
}

function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = contentType?.match(/charset=["']?([\w-]+)/i)?.[1]?.toLowerCase() ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
