import { authenticateJwt } from "../auth/middleware";
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
  return authenticateJwt(env, token);
}
