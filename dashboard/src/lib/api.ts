/**
 * The dashboard's one door to the HTTP API.
 *
 * The access token lives in memory only. On a 401 the client refreshes once
 * through the httpOnly refresh cookie (`POST /api/v1/auth/refresh`) and retries
 * the request; if the server says the session ended, listeners are told. A
 * minute before the access token expires the tab refreshes on its own, so an
 * open tab (and its live sockets) outlives every access token.
 *
 * Refresh tokens rotate on every use and all tabs share the one cookie, so
 * tabs refresh one at a time (Web Locks API): the next tab in line sends the
 * cookie the previous one just received instead of a rotated one.
 *
 * Types come from the contract (`api/contract.ts`, generated from the OpenAPI
 * document): `api("/api/v1/conversations/" + id)` without a type argument
 * resolves to that operation's documented response, and its `body` must be
 * the operation's documented request body.
 */
import { errorText } from "../i18n";
import type { Answer, BodyArg, HttpMethod, Schema } from "./api/contract";

export type { Answer, BodyOf, PathOf, QueryOf, ResponseOf, Schema } from "./api/contract";

export interface ValidationIssue {
  path: string;
  message: string;
  code?: string;
}

export class ApiError extends Error {
  constructor(
    readonly status: number,
    readonly code: string,
    message: string,
    readonly details?: unknown,
    readonly requestId?: string,
  ) {
    super(message);
    this.name = "ApiError";
  }

  /** Field messages from a 400 VALIDATION_ERROR, keyed by dotted path. */
  get fieldErrors(): Record<string, string> {
    const out: Record<string, string> = {};
    const details = this.details as { issues?: ValidationIssue[] } | undefined;
    for (const issue of details?.issues ?? []) {
      const key = issue.path || "_";
      if (!out[key]) out[key] = issue.message;
    }
    return out;
  }
}

/** What login, registration, invitation acceptance and refresh answer. */
export type TokenResponse = Schema<"TokenResponse">;
export type AuthUser = TokenResponse["user"];

let accessToken: string | null = null;
let refreshing: Promise<RefreshOutcome> | null = null;
let renewTimer: ReturnType<typeof setTimeout> | null = null;

/** "ended": the server refused the refresh token; "failed": network or server trouble, try later. */
type RefreshOutcome = "ok" | "ended" | "failed";

const REFRESH_LOCK = "minichat-auth-refresh";
/** Renew this long before the access token expires. */
const RENEW_EARLY_SECONDS = 60;
const sessionListeners = new Set<(tokens: TokenResponse | null) => void>();

export function getAccessToken(): string | null {
  return accessToken;
}

export function setSession(tokens: TokenResponse | null): void {
  accessToken = tokens?.access_token ?? null;
  if (renewTimer) clearTimeout(renewTimer);
  renewTimer = null;
  if (tokens?.expires_in) {
    const delay = Math.max(5, tokens.expires_in - RENEW_EARLY_SECONDS) * 1000;
    renewTimer = setTimeout(() => {
      void refreshOnce().then((outcome) => {
        if (outcome === "ended") emit(null);
      });
    }, delay);
  }
}

/** Called with the new tokens after a refresh, or null when the session ended. */
export function onSessionChange(listener: (tokens: TokenResponse | null) => void): () => void {
  sessionListeners.add(listener);
  return () => sessionListeners.delete(listener);
}

function emit(tokens: TokenResponse | null) {
  for (const l of sessionListeners) l(tokens);
}

/** Runs `fn` while holding the cross-tab refresh lock (or directly where the Web Locks API is missing). */
function withRefreshLock<T>(fn: () => Promise<T>): Promise<T> {
  const locks = typeof navigator !== "undefined" ? navigator.locks : undefined;
  return locks ? (locks.request(REFRESH_LOCK, fn) as Promise<T>) : fn();
}

/** Refreshes the access token once, sharing one in-flight call between the callers of this tab. */
function refreshOnce(): Promise<RefreshOutcome> {
  if (!refreshing) {
    refreshing = (async (): Promise<RefreshOutcome> => {
      try {
        // The refresh token travels only in its httpOnly cookie: tokens rotate on
        // every use, so a copy held by one tab would be stale in another.
        const res = await withRefreshLock(() =>
          fetch("/api/v1/auth/refresh", {
            method: "POST",
            credentials: "same-origin",
            headers: { accept: "application/json" },
          }),
        );
        if (res.status === 401) {
          setSession(null);
          return "ended";
        }
        if (!res.ok) return "failed";
        const tokens = (await res.json()) as TokenResponse;
        setSession(tokens);
        emit(tokens);
        return "ok";
      } catch {
        return "failed";
      } finally {
        queueMicrotask(() => {
          refreshing = null;
        });
      }
    })();
  }
  return refreshing;
}

/** Refreshes the access token once; true when this tab holds a fresh access token. */
export async function refreshSession(): Promise<boolean> {
  return (await refreshOnce()) === "ok";
}

export interface RequestOptions<M extends HttpMethod = HttpMethod> {
  method?: M;
  body?: unknown;
  query?: Record<string, string | number | boolean | undefined | null>;
  signal?: AbortSignal;
  /** Skip the refresh-and-retry dance (used by the auth calls themselves). */
  noRefresh?: boolean;
  headers?: Record<string, string>;
}

/** Options with the method as any string (a method chosen at run time). */
export type AnyRequestOptions = Omit<RequestOptions, "method"> & { method?: string };

export function withQuery(path: string, query?: RequestOptions["query"]): string {
  if (!query) return path;
  const params = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) {
    if (v !== undefined && v !== null && v !== "") params.set(k, String(v));
  }
  const qs = params.toString();
  return qs ? `${path}${path.includes("?") ? "&" : "?"}${qs}` : path;
}

async function send(path: string, opts: AnyRequestOptions): Promise<Response> {
  const headers: Record<string, string> = { accept: "application/json", ...opts.headers };
  let body: BodyInit | undefined;
  if (opts.body instanceof FormData || opts.body instanceof Blob) {
    body = opts.body;
  } else if (opts.body !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(opts.body);
  }
  if (accessToken) headers.authorization = `Bearer ${accessToken}`;
  return fetch(withQuery(path, opts.query), {
    method: opts.method ?? (opts.body === undefined ? "GET" : "POST"),
    headers,
    body,
    credentials: "same-origin",
    signal: opts.signal,
  });
}

async function toError(res: Response): Promise<ApiError> {
  let payload: { error?: { code?: string; message?: string; details?: unknown; request_id?: string } } = {};
  try {
    payload = await res.json();
  } catch {
    /* not JSON */
  }
  const e = payload.error ?? {};
  return new ApiError(
    res.status,
    e.code ?? `HTTP_${res.status}`,
    e.message ?? (res.statusText || "Request failed"),
    e.details,
    e.request_id,
  );
}

/** Sends a request and returns the raw Response (after the refresh-retry). Throws ApiError on non-2xx. */
export async function apiRaw(path: string, opts: AnyRequestOptions = {}): Promise<Response> {
  let res = await send(path, opts);
  if (res.status === 401 && !opts.noRefresh) {
    const outcome = await refreshOnce();
    if (outcome === "ok") {
      res = await send(path, opts);
    } else if (outcome === "ended") {
      emit(null);
    }
  }
  if (!res.ok) throw await toError(res);
  return res;
}

/** Only a caller that names the answer's type (`api<T>(…)`) reaches the untyped form with options. */
type NamedAnswer<T> = [unknown] extends [T] ? { typeArgumentRequired: never } : unknown;

/** GET without a body, POST with one, unless `method` says otherwise. */
type MethodOf<M extends HttpMethod, B> = HttpMethod extends M ? ([B] extends [undefined] ? "GET" : unknown extends B ? "GET" : "POST") : M;

/**
 * JSON request; resolves to the parsed body (undefined for 204). Without a type
 * argument the result is the contract's documented response for that path and method.
 */
export function api<L extends string, M extends HttpMethod = HttpMethod, B = undefined>(
  path: L,
  opts?: RequestOptions<M> & { body?: B } & { body?: NoInfer<BodyArg<L, MethodOf<M, B>>> },
): Promise<Answer<L, MethodOf<M, B>>>;
/**
 * With a type argument: the caller names the answer's type (paths built at run time, dev-only routes).
 * Without one this form does not take options, so a body that does not match a documented
 * operation is an error instead of silently falling through to here.
 */
export function api<T>(path: string, opts?: AnyRequestOptions & NamedAnswer<T>): Promise<T>;
export async function api(path: string, opts: AnyRequestOptions = {}): Promise<unknown> {
  const res = await apiRaw(path, opts);
  if (res.status === 204) return undefined;
  const text = await res.text();
  return text ? JSON.parse(text) : undefined;
}

/** Human message for anything thrown by `api`: the API's stable `code` in the dashboard's language when it knows it. */
export function errorMessage(err: unknown): string {
  if (err instanceof ApiError) return errorText(err.code, err.message);
  if (err instanceof TypeError && /fetch|network|load failed/i.test(err.message)) return errorText("NETWORK", err.message);
  if (err instanceof Error) return err.message;
  return String(err);
}
