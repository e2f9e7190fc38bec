import { SignJWT, jwtVerify } from "jose";
import type { Role } from "./permissions";

export const ACCESS_TOKEN_TTL_SECONDS = 15 * 60;
const ISSUER = "minichat";

export interface AccessClaims {
  sub: string; // user id
  ws: string; // workspace id
  role: Role;
  sid: string; // session family id (revocable)
}

function key(env: Pick<Env, "JWT_SECRET">) {
  if (!env.JWT_SECRET || env.JWT_SECRET.length < 32) throw new Error("JWT_SECRET is missing or shorter than 32 characters");
  return new TextEncoder().encode(env.JWT_SECRET);
}

export async function signAccessToken(env: Pick<Env, "JWT_SECRET">, claims: AccessClaims): Promise<string> {
  return new SignJWT({ ws: claims.ws, role: claims.role, sid: claims.sid })
    .setProtectedHeader({ alg: "HS256", typ: "JWT" })
    .setSubject(claims.sub)
    .setIssuer(ISSUER)
    .setAudience("dashboard")
    .setIssuedAt()
    .setExpirationTime(`${ACCESS_TOKEN_TTL_SECONDS}s`)
    .sign(key(env));
}

/** Returns the claims, or null for a bad, expired or foreign token. */
export async function verifyAccessToken(env: Pick<Env, "JWT_SECRET">, token: string): Promise<AccessClaims | null> {
  try {
    const { payload } = await jwtVerify(token, key(env), { issuer: ISSUER, audience: "dashboard", algorithms: ["HS256"] });
    if (typeof payload.sub !== "string" || typeof payload.ws !== "string" || typeof payload.sid !== "string") return null;
    return { sub: payload.sub, ws: payload.ws, role: payload.role as Role, sid: payload.sid };
  } catch {
    return null;
  }
}
