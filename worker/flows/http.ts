import type { FlowHttpResult } from "../../common/flows/engine";
import { checkUrl, outboundFetch, readCapped } from "../knowledge/crawl/safe-fetch";

export const FLOW_HTTP_TIMEOUT_MS = 8_000;
export const FLOW_HTTP_MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;

/**
 * The HTTP node's call. Through the crawler's SSRF guard: https only, no
 * credentials in the URL, no loopback, private, link-local or metadata
 * address (literal or after DNS), every redirect hop checked again (a
 * redirect into an internal address is refused, a POST becomes a GET after
 * 301–303), the whole call bounded by a timeout and the answer by a size cap.
 * The answer is parsed as JSON when it is JSON (else kept as `{text}`).
 */
export async function flowHttp(req: { method: string; url: string; headers: Record<string, string>; body: string | null }): Promise<FlowHttpResult> {
  const signal = AbortSignal.timeout(FLOW_HTTP_TIMEOUT_MS);
  let url = req.url;
  let method = req.method.toUpperCase();
  let body = req.body;
  try {
    for (let hop = 0; ; hop++) {
      if (!/^https:\/\//i.test(url)) return { ok: false, code: "UNSUPPORTED_SCHEME", message: "Only https URLs are called" };
      const check = await checkUrl(url);
      if (!check.ok) return { ok: false, code: check.code, message: check.message };
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (!/^(host|cookie|content-length)$/i.test(k)) headers.set(k, v);
      headers.set("accept", "application/json");
      if (body !== null && !headers.has("content-type")) headers.set("content-type", "application/json");
      const res = await outboundFetch(new Request(check.url.toString(), { method, headers, body: method === "GET" || method === "HEAD" ? null : body, redirect: "manual", signal }));
      const location = res.headers.get("location");
      if (res.status >= 300 && res.status < 400 && location) {
        await res.body?.cancel();
        if (hop >= MAX_REDIRECTS) return { ok: false, code: "TOO_MANY_REDIRECTS", message: `More than ${MAX_REDIRECTS} redirects` };
        url = new URL(location, check.url).toString();
        if (res.status <= 303 && method !== "GET") {
          method = "GET";
          body = null;
        }
        continue;
      }
      const bytes = await readCapped(res, FLOW_HTTP_MAX_BYTES);
      if (bytes === null) return { ok: false, code: "TOO_LARGE", message: `The answer is larger than ${FLOW_HTTP_MAX_BYTES} bytes`, status: res.status };
      const text = new TextDecoder().decode(bytes);
      if (res.status >= 400) return { ok: false, code: "HTTP_ERROR", message: `The server answered ${res.status}`, status: res.status };
      let json: unknown;
      try {
        json = text ? JSON.parse(text) : null;
      } catch {
        json = { text };
      }
      return { ok: true, status: res.status, json };
    }
  } catch (err) {
    const name = err instanceof Error ? err.name : "";
    if (name === "TimeoutError" || name === "AbortError") return { ok: false, code: "TIMEOUT", message: "The endpoint took too long to answer" };
    return { ok: false, code: "FETCH_FAILED", message: err instanceof Error ? err.message : "The call failed" };
  }
}
