import { verifyAccessToken } from "../auth/tokens";
import type { AuthContext } from "../lib/context";
import { unauthorized } from "../lib/errors";
import { bearerFromAuthorization, bearerFromProtocol } from "../widget/token";

/**
 * Authenticates a dashboard WebSocket upgrade. Browsers cannot set headers on a
 * WebSocket, so the access token rides in `Sec-WebSocket-Protocol: minichat.v1, bearer.<jwt>`
 * (never in the URL); other clients may send `Authorization: Bearer`. Honoured
 * only while the membership is active and the session family is not revoked.
 */
export async function authenticateDashboardSocket(env: Env, req: Request): Promise<AuthContext> {
  const token = bearerFromProtocol(req.headers.get("sec-websocket-protocol")) ?? bearerFromAuthorization(req.headers.get("authorization"));
  if (!token) throw unauthorized("Missing access token");
  const claims = await verifyAccessToken(env, token);
  if (!claims) throw unauthorized("Invalid or expired access token", "INVALID_TOKEN");
  const row = await env.DB.prepare(
    `select m.role as role from memberships m join users u on u.id = m.user_id
     where m.workspace_id = ?1 and m.user_id = ?2 and m.status = 'active' and u.status = 'active'
       and exists (select 1 from sessions s where s.family_id = ?3 and s.revoked_at is null)`,
  )
    .bind(claims.ws, claims.sub, claims.sid)
    .first<{ role: AuthContext["role"] }>();
  if (!row) throw unauthorized("This session has ended; sign in again", "SESSION_REVOKED");
  return { workspaceId: claims.ws, userId: claims.sub, role: row.role, apiKeyId: null, scopes: null };
}
