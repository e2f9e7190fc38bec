import { bearerFromAuthorization, verifyVisitorToken } from "../widget/token";
import { requireActiveVisitor } from "../widget/visitors";

export interface VisitorCaller {
  visitorId: string;
  chatbotId: string;
  workspaceId: string;
}

/**
 * The widget's visitor token from `Authorization: Bearer …` (401 when missing,
 * bad or expired; 403 VISITOR_BANNED for a banned visitor or network `ip`).
 */
export async function verifyVisitorBearer(env: Pick<Env, "DB" | "JWT_SECRET">, header: string | undefined, ip: string | null = null): Promise<VisitorCaller> {
  const claims = await verifyVisitorToken(env, bearerFromAuthorization(header));
  await requireActiveVisitor(env, claims.workspaceId, claims.visitorId, ip);
  return { visitorId: claims.visitorId, chatbotId: claims.chatbotId, workspaceId: claims.workspaceId };
}
