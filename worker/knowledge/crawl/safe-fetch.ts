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
  | { ok: true; url: string; status: number; contentType: string; body: string }
  | { ok: false; code: FetchRefusal; message: string; url: string; status?: number };

export interface SafeFetchOptions {
  maxBytes?: number;
  timeoutMs?: number;
  maxRedirects?: number;
  accept?: readonly string[];
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

/**
 * Fetches a public web page defensively: every hop of a redirect chain is
 * re-checked (≤ 5 hops), the body is read as a stream and abandoned past
 * `maxBytes` (2 MB), the whole fetch is bounded by `timeoutMs` (10 s), and
 * only text/html, text/plain and application/xhtml+xml are accepted.
 */
export async function safeFetch(raw: string, opts: SafeFetchOptions = {}): Promise<SafeFetchResult> {
  const maxBytes = opts.maxBytes ?? 2 * 1024 * 1024;
  const maxRedirects = opts.maxRedirects ?? 5;
  const accept = opts.accept ?? HTML_TYPES;
  const signal = AbortSignal.timeout(opts.timeoutMs ?? 10_000);
  let current = raw;
  try {
    for (let hop = 0; ; hop++) {
      const check = await checkUrl(current);
      if (!check.ok) return { ...check, url: current };
      const res = await network.fetch(
        new Request(check.url.toString(), {
          redirect: "manual",
          signal,
          headers: { "user-agent": opts.userAgent ?? CRAWLER_USER_AGENT, accept: "text/html,application/xhtml+xml,text/plain;q=0.9" },
        }),
      );
      if (res.status >= 300 && res.status < 400 && res.headers.get("location")) {
        await res.body?.cancel();
        if (hop >= maxRedirects) return { ok: false, code: "TOO_MANY_REDIRECTS", message: `More than ${maxRedirects} redirects`, url: current };
        current = new URL(res.headers.get("location")!, check.url).toString();
        continue;
      }
      if (res.status >= 400) {
        await res.body?.cancel();
        return { ok: false, code: "HTTP_ERROR", message: `The server answered ${res.status}`, url: current, status: res.status };
      }
      const contentType = (res.headers.get("content-type") ?? "").split(";")[0]!.trim().toLowerCase();
      if (!accept.includes(contentType)) {
        await res.body?.cancel();
        return { ok: false, code: "UNSUPPORTED_TYPE", message: `Content type ${contentType || "unknown"} is not crawled`, url: current, status: res.status };
      }
      const declared = Number(res.headers.get("content-length") ?? "0");
      if (declared > maxBytes) {
        await res.body?.cancel();
        return { ok: false, code: "TOO_LARGE", message: `The page is larger than ${maxBytes} bytes`, url: current, status: res.status };
      }
      const body = await readCapped(res, maxBytes);
      if (body === null) return { ok: false, code: "TOO_LARGE", message: `The page is larger than ${maxBytes} bytes`, url: current, status: res.status };
      return { ok: true, url: current, status: res.status, contentType, body: decode(body, res.headers.get("content-type")) };
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, code: "TIMEOUT", message: "The page took too long to answer", url: current };
    return { ok: false, code: "FETCH_FAILED", message: err instanceof Error ? err.message : "Fetch failed", url: current };
  }
}

/** The body up to `maxBytes` (null when larger: a declared length over the cap is refused before reading). */
export async function readCapped(res: Response, maxBytes: number): Promise<Uint8Array | null> {
  if (Number(res.headers.get("content-length") ?? "0") > maxBytes) {
    await res.body?.cancel();
    return null;
  }
  if (!res.body) return new Uint8Array();
  const reader = res.body.getReader();
  const parts: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  const out = new Uint8Array(size);
  let offset = 0;
  for (const p of parts) {
    out.set(p, offset);
    offset += p.byteLength;
  }
  return out;
}

function decode(bytes: Uint8Array, contentType: string | null): string {
  const charset = contentType?.match(/charset=["']?([\w-]+)/i)?.[1]?.toLowerCase() ?? "utf-8";
  try {
    return new TextDecoder(charset).decode(bytes);
  } catch {
    return new TextDecoder("utf-8").decode(bytes);
  }
}
