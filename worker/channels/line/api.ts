import { outboundFetch } from "../../lib/safe-fetch";
import { throwForStatus } from "../../notify/providers";
import { RetryLater } from "../../outbound/messages";

type LineEnv = Pick<Env, "LINE_API_BASE_URL" | "LINE_DATA_API_BASE_URL" | "APP_ENV" | "APP_URL">;
/** Local development talks to the built-in fake (`/api/v1/dev/line`) unless a base URL is set. */
const devFake = (env: LineEnv) => (env.APP_ENV === "development" ? `${env.APP_URL.replace(/\/+$/, "")}/api/v1/dev/line` : null);
const apiBase = (env: LineEnv) => (env.LINE_API_BASE_URL ?? devFake(env) ?? "https://api.line.me").replace(/\/+$/, "");
const dataBase = (env: LineEnv) => (env.LINE_DATA_API_BASE_URL ?? devFake(env) ?? "https://api-data.line.me").replace(/\/+$/, "");

async function call(url: string, token: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await outboundFetch(new Request(url, { ...init, headers: { authorization: `Bearer ${token}`, ...(init.headers as Record<string, string>) }, signal: AbortSignal.timeout(10_000) }));
  } catch (err) {
    throw new RetryLater(`LINE unreachable: ${err instanceof Error ? err.message : err}`);
  }
}

/** What LINE answers to an accepted reply or push: the id of the first message sent, when it says. */
export interface LineSent {
  id: string | null;
}

async function sentOf(res: Response): Promise<LineSent> {
  const body = (await res.json().catch(() => null)) as { sentMessages?: { id?: string }[] } | null;
  return { id: body?.sentMessages?.[0]?.id ?? null };
}

/** Replies with a reply token (free; single use, valid about a minute). null: the token was refused (expired/used): push instead. */
export async function lineReply(env: LineEnv, token: string, replyToken: string, messages: unknown[]): Promise<LineSent | null> {
  const res = await call(`${apiBase(env)}/v2/bot/message/reply`, token, { method: "POST", headers: { "content-type": "application/json" }, body: JSON.stringify({ replyToken, messages }) });
  if (res.status === 400) {
    await res.body?.cancel();
    return null;
  }
  if (!res.ok) await throwForStatus(res, "LINE reply");
  return sentOf(res);
}

/** Pushes to a user (counted against the workspace's LINE quota); `retryKey` makes a retried push a no-op at LINE (409 = already accepted). */
export async function linePush(env: LineEnv, token: string, to: string, messages: unknown[], retryKey: string): Promise<LineSent> {
  const res = await call(`${apiBase(env)}/v2/bot/message/push`, token, {
    method: "POST",
    headers: { "content-type": "application/json", "x-line-retry-key": retryKey },
    body: JSON.stringify({ to, messages }),
  });
  if (res.status === 409) {
    await res.body?.cancel();
    return { id: null }; // the same retry key was accepted before: sent once
  }
  if (!res.ok) await throwForStatus(res, "LINE push");
  return sentOf(res);
}

export async function lineProfile(env: LineEnv, token: string, userId: string): Promise<{ displayName?: string; pictureUrl?: string } | null> {
  const res = await call(`${apiBase(env)}/v2/bot/profile/${encodeURIComponent(userId)}`, token).catch(() => null);
  if (!res?.ok) {
    await res?.body?.cancel();
    return null;
  }
  return (await res.json()) as { displayName?: string; pictureUrl?: string };
}

/** The bytes of an image/video/audio/file a user sent (fetched once, kept in R2). */
export async function lineContent(env: LineEnv, token: string, messageId: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | null> {
  const res = await call(`${dataBase(env)}/v2/bot/message/${encodeURIComponent(messageId)}/content`, token);
  if (!res.ok) {
    await res.body?.cancel();
    return null;
  }
  return { bytes: new Uint8Array(await res.arrayBuffer()), type: res.headers.get("content-type") ?? "application/octet-stream" };
}

/** A stable UUID from a message id: the X-Line-Retry-Key of every attempt of that message. */
export async function retryKeyOf(messageId: string): Promise<string> {
  const h = new Uint8Array(await crypto.subtle.digest("SHA-256", new TextEncoder().encode(`line:${messageId}`))).slice(0, 16);
  h[6] = (h[6]! & 0x0f) | 0x40;
  h[8] = (h[8]! & 0x3f) | 0x80;
  const hex = [...h].map((b) => b.toString(16).padStart(2, "0")).join("");
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/** The bot behind a channel access token (connect and the verify step's credentials check); `userId` is the bot's stable id (the webhook's `destination`). */
export async function lineBotInfo(env: LineEnv, token: string): Promise<{ userId?: string; displayName?: string; basicId?: string }> {
  const res = await call(`${apiBase(env)}/v2/bot/info`, token);
  if (!res.ok) await throwForStatus(res, "LINE bot info");
  return ((await res.json().catch(() => null)) ?? {}) as { userId?: string; displayName?: string; basicId?: string };
}

/** The webhook URL set in the LINE console and whether "Use webhook" is on. */
export async function lineWebhookEndpoint(env: LineEnv, token: string): Promise<{ endpoint?: string; active?: boolean }> {
  const res = await call(`${apiBase(env)}/v2/bot/channel/webhook/endpoint`, token);
  if (!res.ok) await throwForStatus(res, "LINE webhook endpoint");
  return (await res.json()) as { endpoint?: string; active?: boolean };
}
