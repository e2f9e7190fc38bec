import { checkFileType } from "../../inbox/attachments";
import { outboundFetch } from "../../lib/safe-fetch";
import { PermanentFailure, RetryLater } from "../../outbound/messages";

type TelegramEnv = Pick<Env, "TELEGRAM_API_BASE_URL" | "APP_ENV" | "APP_URL">;

/** Local development talks to the built-in fake (`/api/v1/dev/telegram`) unless a base URL is set. */
const devFake = (env: TelegramEnv) => (env.APP_ENV === "development" ? `${env.APP_URL.replace(/\/+$/, "")}/api/v1/dev/telegram` : null);
export const telegramBase = (env: TelegramEnv) => (env.TELEGRAM_API_BASE_URL ?? devFake(env) ?? "https://api.telegram.org").replace(/\/+$/, "");

interface TelegramAnswer<T> {
  ok: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number };
}

/**
 * One Bot API call. The token is part of the URL, so no error message ever
 * carries the URL: failures name the method, status and Telegram's
 * description. 429 → retry after `retry_after`, 5xx/network → retry, any
 * other refusal is permanent.
 */
export async function telegramCall<T>(env: TelegramEnv, token: string, method: string, payload?: Record<string, unknown>): Promise<T> {
  let res: Response;
  try {
    res = await outboundFetch(
      new Request(`${telegramBase(env)}/bot${token}/${method}`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify(payload ?? {}),
        signal: AbortSignal.timeout(10_000),
      }),
    );
  } catch (err) {
    throw new RetryLater(`Telegram ${method} unreachable: ${err instanceof Error ? err.message.replaceAll(token, "…") : "network error"}`);
  }
  const body = (await res.json().catch(() => null)) as TelegramAnswer<T> | null;
  if (res.ok && body?.ok) return body.result as T;
  const status = body?.error_code ?? res.status;
  const message = `Telegram ${method} answered ${status}${body?.description ? `: ${body.description.slice(0, 300)}` : ""}`;
  if (status === 429) throw new RetryLater(message, body?.parameters?.retry_after ?? (Number(res.headers.get("retry-after")) || null));
  if (status >= 500 || !body) throw new RetryLater(message);
  throw new PermanentFailure(message);
}

export const getMe = (env: TelegramEnv, token: string) => telegramCall<{ id: number; username?: string; first_name?: string }>(env, token, "getMe");

export const setWebhook = (env: TelegramEnv, token: string, url: string, secret: string) =>
  telegramCall<boolean>(env, token, "setWebhook", { url, secret_token: secret, allowed_updates: ["message", "callback_query", "my_chat_member"] });

export const deleteWebhook = (env: TelegramEnv, token: string) => telegramCall<boolean>(env, token, "deleteWebhook");

export interface WebhookInfo {
  url: string;
  pending_update_count?: number;
  last_error_date?: number;
  last_error_message?: string;
}
export const getWebhookInfo = (env: TelegramEnv, token: string) => telegramCall<WebhookInfo>(env, token, "getWebhookInfo");

/** Stops the button's spinner in the user's app (best effort: a stale query id is harmless). */
export async function answerCallback(env: TelegramEnv, token: string, callbackId: string): Promise<void> {
  await telegramCall(env, token, "answerCallbackQuery", { callback_query_id: callbackId }).catch(() => undefined);
}

/** The bytes of a file a user sent (photo, document, voice …), fetched once into R2. Bot API downloads stop at 20 MB. */
export async function telegramFile(env: TelegramEnv, token: string, fileId: string): Promise<{ bytes: Uint8Array<ArrayBuffer>; type: string } | null> {
  const file = await telegramCall<{ file_path?: string }>(env, token, "getFile", { file_id: fileId }).catch(() => null);
  if (!file?.file_path) return null;
  const res = await outboundFetch(new Request(`${telegramBase(env)}/file/bot${token}/${file.file_path}`, { signal: AbortSignal.timeout(20_000) })).catch(() => null);
  if (!res?.ok) {
    await res?.body?.cancel();
    return null;
  }
  const bytes = new Uint8Array(await res.arrayBuffer());
  return { bytes, type: sniffType(bytes) ?? res.headers.get("content-type") ?? "application/octet-stream" };
}

/** Telegram's file server answers application/octet-stream for everything: the type comes from the bytes. */
function sniffType(bytes: Uint8Array): string | null {
  for (const type of ["image/jpeg", "image/png", "image/gif", "image/webp", "application/pdf"]) {
    try {
      return checkFileType(type, bytes.subarray(0, 16));
    } catch {
      // not this one
    }
  }
  return null;
}
