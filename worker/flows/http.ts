import type { FlowHttpResult } from "../../common/flows/engine";
import { safeFetch } from "../lib/safe-fetch";

export const FLOW_HTTP_TIMEOUT_MS = 8_000;
export const FLOW_HTTP_MAX_BYTES = 256 * 1024;
const MAX_REDIRECTS = 3;

/**
 * The HTTP node's call, through the shared SSRF-guarded fetch (lib/safe-fetch.ts):
 * https only, no credentials in the URL, no loopback, private, link-local or
 * metadata address (literal or after DNS), every redirect hop checked again (a
 * redirect into an internal address is refused; a 303, or a 301/302 of a POST,
 * continues as a GET without the body, a 307/308 keeps both), the whole call
 * bounded by a timeout and the answer by a size cap.
 * The answer is parsed as JSON when it is JSON (else kept as `{text}`).
 */
export async function flowHttp(req: { method: string; url: string; headers: Record<string, string>; body: string | null }): Promise<FlowHttpResult> {
  const method = req.method.toUpperCase();
  const headers: Record<string, string> = { ...req.headers, accept: "application/json" };
  if (req.body !== null && !Object.keys(req.headers).some((k) => k.toLowerCase() === "content-type")) headers["content-type"] = "application/json";
  const res = await safeFetch(req.url, {
    method,
    headers,
    body: req.body,
    httpsOnly: true,
    maxRedirects: MAX_REDIRECTS,
    timeoutMs: FLOW_HTTP_TIMEOUT_MS,
    maxBytes: FLOW_HTTP_MAX_BYTES,
    accept: null,
    errorStatus: "read",
  });
  if (!res.ok) {
    if (res.code === "TIMEOUT") return { ok: false, code: "TIMEOUT", message: "The endpoint took too long to answer" };
    if (res.code === "TOO_LARGE") return { ok: false, code: "TOO_LARGE", message: `The answer is larger than ${FLOW_HTTP_MAX_BYTES} bytes`, ...(res.status ? { status: res.status } : {}) };
    return { ok: false, code: res.code, message: res.message };
  }
  if (res.status >= 400) return { ok: false, code: "HTTP_ERROR", message: `The server answered ${res.status}`, status: res.status };
  let json: unknown;
  try {
    json = res.body ? JSON.parse(res.body) : null;
  } catch {
    json = { text: res.body };
  }
  return { ok: true, status: res.status, json };
}
