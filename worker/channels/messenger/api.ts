import { hmacHex } from "../../../common/hmac";
import { outboundFetch, readCapped } from "../../lib/safe-fetch";
import { PermanentFailure, RetryLater } from "../../outbound/messages";

type GraphEnv = Pick<Env, "MESSENGER_API_BASE_URL" | "APP_ENV" | "APP_URL">;

/** Local development talks to the built-in fake (`/api/v1/dev/messenger`) unless a base URL is set. */
const devFake = (env: GraphEnv) => (env.APP_ENV === "development" ? `${env.APP_URL.replace(/\/+$/, "")}/api/v1/dev/messenger` : null);
/** The Graph API with its version: Messenger and Instagram messaging share it. */
export const graphBase = (env: GraphEnv) => (env.MESSENGER_API_BASE_URL ?? devFake(env) ?? "https://graph.facebook.com/v21.0").replace(/\/+$/, "");

/** The Page token and the app secret every call is made with (the secret as `appsecret_proof`). */
export interface PageAuth {
  page_access_token: string;
  app_secret: string;
}

interface GraphError {
  error?: { message?: string; type?: string; code?: number; error_subcode?: number };
}

/** Graph error codes that mean "later": rate limits (4, 17, 32, 613), temporary failures (1, 2, 1200). */
const TRANSIENT = new Set([1, 2, 4, 17, 32, 613, 1200]);

/**
 * One Graph API call, authenticated with the Page token in the Authorization
 * header (never in the URL, so no error ever carries it) and the
 * `appsecret_proof` that ties it to the app secret: a wrong secret is refused
 * like a wrong token. Rate limits and 5xx → retry, other refusals are permanent.
 */
export async function graphCall<T>(env: GraphEnv, auth: PageAuth, method: "GET" | "POST" | "DELETE", path: string, body?: unknown): Promise<T> {
  const url = new URL(`${graphBase(env)}/${path.replace(/^\//, "")}`);
  url.searchParams.set("appsecret_proof", await hmacHex(auth.app_secret, auth.page_access_token));
  const what = method === "POST" && path.endsWith("/messages") ? "Send API" : `Graph API ${method} ${path.split("?")[0]!.replace(/^\/?\d{5,}/, "{id}")}`;
  let res: Response;
  try {
    res = await outboundFetch(
      new Request(url, {
        method,
        headers: { authorization: `Bearer ${auth.page_access_token}`, ...(body ? { "content-type": "application/json" } : {}) },
        ...(body ? { body: JSON.stringify(body) } : {}),
        signal: AbortSignal.timeout(10_000),
      }),
    );
  } catch (err) {
    throw new RetryLater(`${what} unreachable: ${err instanceof Error ? err.message.replaceAll(auth.page_access_token, "…") : "network error"}`);
  }
  const json = (await res.json().catch(() => null)) as (T & GraphError) | null;
  if (res.ok && json && !json.error) return json;
  const e = json?.error;
  const message = `${what} answered ${res.status}${e ? ` (code ${e.code ?? "?"}${e.error_subcode ? `/${e.error_subcode}` : ""}): ${(e.message ?? "").slice(0, 300)}` : ""}`;
  if (res.status === 429 || (e?.code !== undefined && TRANSIENT.has(e.code))) throw new RetryLater(message, Number(res.headers.get("retry-after")) || null);
  if (res.status >= 500 || !json) throw new RetryLater(message);
  throw new PermanentFailure(message);
}

export interface PageInfo {
  id: string;
  name?: string;
  instagram_business_account?: { id: string; username?: string };
}

/** The Page behind the token (and its linked Instagram professional account): the connect and verify steps' credentials check. */
export const pageInfo = (env: GraphEnv, auth: PageAuth) => graphCall<PageInfo>(env, auth, "GET", "me?fields=id,name,instagram_business_account{id,username}");

/** Subscribes the app to the Page's messaging events (what makes Meta post them to the app's webhook). */
export const subscribeApp = (env: GraphEnv, auth: PageAuth, pageId: string) =>
  graphCall<{ success: boolean }>(env, auth, "POST", `${pageId}/subscribed_apps`, { subscribed_fields: ["messages", "messaging_postbacks"] });

export const unsubscribeApp = (env: GraphEnv, auth: PageAuth, pageId: string) => graphCall<{ success: boolean }>(env, auth, "DELETE", `${pageId}/subscribed_apps`);

export const subscribedApps = (env: GraphEnv, auth: PageAuth, pageId: string) =>
  graphCall<{ data: { id?: string; name?: string; subscribed_fields?: string[] }[] }>(env, auth, "GET", `${pageId}/subscribed_apps`);

/** One Send API request (a message, or a sender action). */
export const sendMessage = (env: GraphEnv, auth: PageAuth, pageId: string, body: Record<string, unknown>) =>
  graphCall<{ recipient_id?: string; message_id?: string }>(env, auth, "POST", `${pageId}/messages`, body);

/** The person's name and picture: Messenger's user profile (first/last name) or Instagram's (name/username). */
export async function userProfile(env: GraphEnv, auth: PageAuth, type: "messenger" | "instagram", userId: string): Promise<{ displayName?: string; pictureUrl?: string } | null> {
  const fields = type === "instagram" ? "name,username,profile_pic" : "first_name,last_name,profile_pic";
  const p = await graphCall<{ first_name?: string; last_name?: string; name?: string; username?: string; profile_pic?: string }>(env, auth, "GET", `${encodeURIComponent(userId)}?fields=${fields}`).catch(() => null);
  if (!p) return null;
  const displayName = (type === "instagram" ? p.name || (p.username ? `@${p.username}` : "") : [p.first_name, p.last_name].filter(Boolean).join(" ")) || undefined;
  return { ...(displayName ? { displayName } : {}), ...(p.profile_pic ? { pictureUrl: p.profile_pic } : {}) };
}

/** The bytes of a file a person sent: the webhook carries a short-lived CDN link (capped at the attachment limit). */
export async function attachmentBytes(url: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | null> {
  if (!/^https?:\/\//.test(url)) return null;
  const res = await outboundFetch(new Request(url, { signal: AbortSignal.timeout(20_000) })).catch(() => null);
  if (!res?.ok) {
    await res?.body?.cancel();
    return null;
  }
  const bytes = await readCapped(res, 10 * 1024 * 1024);
  if (!bytes) return null;
  return { bytes: new Uint8Array(bytes), type: (res.headers.get("content-type") ?? "application/octet-stream").split(";")[0]!.trim() };
}
