import { generateCookie } from "hono/cookie";
import { parse } from "hono/utils/cookie";
import { REFRESH_TOKEN_TTL_SECONDS } from "./sessions";

export const REFRESH_COOKIE = "mc_refresh";
const REFRESH_COOKIE_PATH = "/api/v1/auth";

/** Secure everywhere except plain-http development hosts. */
export function isLocalHttp(requestUrl: string): boolean {
  const url = new URL(requestUrl);
  return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
}

/** The `Set-Cookie` value that stores the refresh token (httpOnly, Strict, only sent to the auth routes). */
export function refreshCookie(token: string, requestUrl: string): string {
  return generateCookie(REFRESH_COOKIE, token, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: !isLocalHttp(requestUrl),
    maxAge: REFRESH_TOKEN_TTL_SECONDS,
  });
}

/** The `Set-Cookie` value that makes the browser drop the refresh cookie. */
export function expiredRefreshCookie(requestUrl: string): string {
  return generateCookie(REFRESH_COOKIE, "", { path: REFRESH_COOKIE_PATH, secure: !isLocalHttp(requestUrl), httpOnly: true, sameSite: "Strict", maxAge: 0 });
}

/** The refresh token from a request's `Cookie` header, if it carries one. */
export function readRefreshCookie(cookieHeader: string | null | undefined): string | undefined {
  if (!cookieHeader) return undefined;
  return parse(cookieHeader, REFRESH_COOKIE)[REFRESH_COOKIE];
}
