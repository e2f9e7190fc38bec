import { checkUrl, outboundFetch } from "../../lib/safe-fetch";

/**
 * The only `fetch` an AI provider gets. Every request must go to the base URL
 * the workspace's key was saved with (so the key never travels anywhere
 * else), passes the crawler's SSRF guard (private, loopback, link-local,
 * metadata and IPv6 transition ranges; private ranges only with the owner's
 * self-hosted allowance), and is not allowed to follow redirects.
 */
export class ProviderEndpointError extends Error {
  override name = "ProviderEndpointError";
}

const DEFAULT_BASE_URLS = {
  openai_compatible: "https://api.openai.com/v1",
  anthropic: "https://api.anthropic.com/v1",
} as const;

export function defaultBaseUrl(provider: keyof typeof DEFAULT_BASE_URLS): string {
  return DEFAULT_BASE_URLS[provider];
}

/** `https://x/v1/` → `https://x/v1` (the form stored and compared). */
export function normaliseBaseUrl(raw: string): string {
  const url = new URL(raw);
  url.hash = "";
  url.search = "";
  return url.toString().replace(/\/+$/, "");
}

/** Whether `requestUrl` is the bound base URL or below it (same origin, path prefix on a segment boundary). */
export function isUnderBase(requestUrl: string, base: string): boolean {
  let req: URL;
  let b: URL;
  try {
    req = new URL(requestUrl);
    b = new URL(base);
  } catch {
    return false;
  }
  if (req.origin !== b.origin || req.username || req.password) return false;
  const prefix = b.pathname.replace(/\/+$/, "");
  return req.pathname === prefix || req.pathname.startsWith(`${prefix}/`) || prefix === "";
}

const okHosts = new Map<string, number>();
const CHECK_TTL_MS = 60_000;

export function guardedProviderFetch(boundBase: string, opts: { allowPrivateNetwork: boolean }): typeof fetch {
  const guarded = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const request = new Request(input instanceof URL ? input.toString() : input, init);
    if (!isUnderBase(request.url, boundBase)) throw new ProviderEndpointError("refused: the request is not for the endpoint the provider key was saved with");
    const url = new URL(request.url);
    const cacheKey = `${opts.allowPrivateNetwork ? "p" : "-"}|${url.protocol}//${url.host}`;
    if ((okHosts.get(cacheKey) ?? 0) < Date.now()) {
      const check = await checkUrl(request.url, { allowPrivateNetwork: opts.allowPrivateNetwork });
      if (!check.ok) throw new ProviderEndpointError(`refused: ${check.message}`);
      okHosts.set(cacheKey, Date.now() + CHECK_TTL_MS);
    }
    const res = await outboundFetch(new Request(request, { redirect: "manual" }));
    if (res.status >= 300 && res.status < 400) {
      await res.body?.cancel();
      throw new ProviderEndpointError("refused: the provider answered with a redirect");
    }
    return res;
  };
  return guarded as typeof fetch;
}

/** Forgets cached host checks (tests change the network between cases). */
export function clearEndpointChecks(): void {
  okHosts.clear();
}
