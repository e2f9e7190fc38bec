import { outboundFetch } from "../../lib/safe-fetch";
import { PermanentFailure, RetryLater } from "../../outbound/messages";

type WhatsAppEnv = Pick<Env, "WHATSAPP_API_BASE_URL" | "APP_ENV" | "APP_URL">;

/** The Graph API version MiniChat speaks; `WHATSAPP_API_BASE_URL` replaces the whole base (tests and local fakes). */
export const GRAPH_BASE = "https://graph.facebook.com/v21.0";
/** Local development talks to the built-in fake (`/api/v1/dev/whatsapp`) unless a base URL is set. */
const devFake = (env: WhatsAppEnv) => (env.APP_ENV === "development" ? `${env.APP_URL.replace(/\/+$/, "")}/api/v1/dev/whatsapp` : null);
export const graphBase = (env: WhatsAppEnv) => (env.WHATSAPP_API_BASE_URL ?? devFake(env) ?? GRAPH_BASE).replace(/\/+$/, "");

interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number; error_data?: { details?: string } };
}

/** Graph error codes that mean "slow down" (throughput, pair rate limit, spam rate limit) even when the HTTP status is 400. */
const RATE_LIMITED = new Set([4, 80007, 130429, 131048, 131056]);

/**
 * One Graph API call with the channel's access token. The token never appears
 * in an error: failures name the call, the status and Graph's own message and
 * code. 429, rate-limit codes, 5xx and network errors → retry later; any other
 * refusal is permanent.
 */
export async function graphCall<T>(env: WhatsAppEnv, token: string, what: string, path: string, init: { method?: string; body?: unknown } = {}): Promise<T> {
  let res: Response;
  try {
    res = await outboundFetch(
      new Request(path.startsWith("http") ? path : `${graphBase(env)}${path}`, {
        method: init.method ?? "GET",
        headers: { authorization: `Bearer ${token}`, ...(init.body !== undefined ? { "content-type": "application/json" } : {}) },
        ...(init.body !== undefined ? { body: JSON.stringify(init.body) } : {}),
        signal: AbortSignal.timeout(10_000),
      }),
    );
  } catch (err) {
    throw new RetryLater(`WhatsApp ${what} unreachable: ${err instanceof Error ? err.message.replaceAll(token, "…") : "network error"}`);
  }
  const body = (await res.json().catch(() => null)) as (T & GraphError) | null;
  if (res.ok && body && !body.error) return body;
  const e = body?.error;
  const message = `WhatsApp ${what} answered ${res.status}${e?.code ? ` (${e.code})` : ""}${e?.message ? `: ${e.message.replaceAll(token, "…").slice(0, 300)}` : ""}`;
  if (res.status === 429 || (e?.code && RATE_LIMITED.has(e.code))) throw new RetryLater(message, Number(res.headers.get("retry-after")) || null);
  if (res.status >= 500 || !body) throw new RetryLater(message);
  throw new PermanentFailure(message);
}

/** The business phone number behind the connection (the connect check: token and phone number id belong together). */
export const phoneNumberInfo = (env: WhatsAppEnv, token: string, phoneNumberId: string) =>
  graphCall<{ id: string; display_phone_number?: string; verified_name?: string }>(env, token, "phone number", `/${encodeURIComponent(phoneNumberId)}?fields=display_phone_number,verified_name`);

export interface GraphTemplate {
  name: string;
  language: string;
  status: string;
  category?: string;
  components?: { type: string; text?: string; format?: string }[];
}

/** The WABA's approved templates, every page (at most 10 pages of 100). */
export async function approvedTemplates(env: WhatsAppEnv, token: string, wabaId: string): Promise<GraphTemplate[]> {
  const out: GraphTemplate[] = [];
  let after: string | undefined;
  for (let page = 0; page < 10; page++) {
    const q = new URLSearchParams({ status: "APPROVED", limit: "100", fields: "name,language,status,category,components" });
    if (after) q.set("after", after);
    const res = await graphCall<{ data?: GraphTemplate[]; paging?: { cursors?: { after?: string }; next?: string } }>(env, token, "message templates", `/${encodeURIComponent(wabaId)}/message_templates?${q}`);
    out.push(...(res.data ?? []).filter((t) => t.status === "APPROVED"));
    after = res.paging?.next ? res.paging.cursors?.after : undefined;
    if (!after) break;
  }
  return out;
}

/** Sends one message (Cloud API body without `messaging_product`/`to`); answers WhatsApp's message id (wamid). */
export async function sendWhatsApp(env: WhatsAppEnv, token: string, phoneNumberId: string, to: string, message: Record<string, unknown>): Promise<string> {
  const res = await graphCall<{ messages?: { id: string }[] }>(env, token, `send ${String(message.type)}`, `/${encodeURIComponent(phoneNumberId)}/messages`, {
    method: "POST",
    body: { messaging_product: "whatsapp", recipient_type: "individual", to, ...message },
  });
  const id = res.messages?.[0]?.id;
  if (!id) throw new RetryLater("WhatsApp accepted the message without a message id");
  return id;
}

/**
 * The bytes of a file a person sent: the media id resolves to a short-lived
 * URL (GET /{media-id}), fetched with the same token, once, into R2.
 */
export async function whatsappMedia(env: WhatsAppEnv, token: string, mediaId: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | null> {
  const meta = await graphCall<{ url?: string; mime_type?: string }>(env, token, "media", `/${encodeURIComponent(mediaId)}`).catch(() => null);
  if (!meta?.url || !/^https?:\/\//.test(meta.url)) return null;
  const res = await outboundFetch(new Request(meta.url, { headers: { authorization: `Bearer ${token}` }, signal: AbortSignal.timeout(20_000) })).catch(() => null);
  if (!res?.ok) {
    await res?.body?.cancel();
    return null;
  }
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: (meta.mime_type ?? res.headers.get("content-type") ?? "application/octet-stream").split(";")[0]!.trim() };
}
