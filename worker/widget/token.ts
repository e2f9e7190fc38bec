import { SignJWT, jwtVerify } from "jose";
import { unauthorized } from "../lib/errors";

export const VISITOR_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = "minichat";

/** Who a widget request comes from: a visitor of one chatbot of one workspace, on one site origin. */
export interface VisitorClaims {
  visitorId: string;
  chatbotId: string;
  workspaceId: string;
  origin: string | null;
}

function key(env: Pick<Env, "JWT_SECRET">) {
  return new TextEncoder().encode(env.JWT_SECRET);
}

export async function signVisitorToken(env: Pick<Env, "JWT_SECRET">, c: VisitorClaims): Promise<string> {
  return new SignJWT({ cb: c.chatbotId, ws: c.workspaceId, ...(c.origin ? { origin: c.origin } : {}) })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(c.visitorId)
    .setIssuer(ISSUER)
    .setAudience("visitor")
    .setIssuedAt()
    .setExpirationTime(`${VISITOR_TOKEN_TTL_SECONDS}s`)
    .sign(key(env));
}

export async function verifyVisitorToken(env: Pick<Env, "JWT_SECRET">, token: string | null | undefined): Promise<VisitorClaims> {
  if (!token) throw unauthorized("Missing visitor token");
  try {
    const { payload } = await jwtVerify(token, key(env), { issuer: ISSUER, audience: "visitor", algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.cb !== "string" || typeof payload.ws !== "string") throw new Error("claims");
    return { visitorId: payload.sub, chatbotId: payload.cb, workspaceId: payload.ws, origin: typeof payload.origin === "string" ? payload.origin : null };
  } catch {
    throw unauthorized("Invalid or expired visitor token", "INVALID_TOKEN");
  }
}

/** The bearer token of a WebSocket upgrade: `Sec-WebSocket-Protocol: minichat.v1, bearer.<token>`. */
export function bearerFromProtocol(header: string | null | undefined): string | null {
  if (!header) return null;
  for (const part of header.split(",")) {
    const p = part.trim();
    if (p.startsWith("bearer.")) return p.slice("bearer.".length) || null;
  }
  return null;
}

export function bearerFromAuthorization(header: string | null | undefined): string | null {
  return header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim() ?? null;
}
