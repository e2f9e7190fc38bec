import type { Context } from "hono";
import { deleteCookie, getCookie, setCookie } from "hono/cookie";
import type { AppEnv } from "../lib/context";
import { REFRESH_TOKEN_TTL_SECONDS, type ClientInfo } from "./sessions";

export const REFRESH_COOKIE = "mc_refresh";
const REFRESH_COOKIE_PATH = "/api/v1/auth";

/** Secure everywhere except plain-http development hosts. */
export function isLocalHttp(c: Context<AppEnv>): boolean {
  const url = new URL(c.req.url);
  return url.protocol === "http:" && (url.hostname === "127.0.0.1" || url.hostname === "localhost");
}

export function clientInfo(c: Context<AppEnv>): ClientInfo {
  return { ip: c.req.header("cf-connecting-ip") ?? null, userAgent: c.req.header("user-agent")?.slice(0, 512) ?? null };
}

export function setRefreshCookie(c: Context<AppEnv>, token: string): void {
  setCookie(c, REFRESH_COOKIE, token, {
    path: REFRESH_COOKIE_PATH,
    httpOnly: true,
    sameSite: "Strict",
    secure: !isLocalHttp(c),
    maxAge: REFRESH_TOKEN_TTL_SECONDS,
  });
}

export function clearRefreshCookie(c: Context<AppEnv>): void {
  deleteCookie(c, REFRESH_COOKIE, { path: REFRESH_COOKIE_PATH, secure: !isLocalHttp(c), httpOnly: true, sameSite: "Strict" });
}

export const readRefreshCookie = (c: Context<AppEnv>) => getCookie(c, REFRESH_COOKIE);
