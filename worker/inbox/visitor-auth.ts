import { bearerFromAuthorization, verifyVisitorToken } from "../widget/token";

export interface VisitorCaller {
  visitorId: string;
  chatbotId: string;
  workspaceId: string;
}

/** The widget's visitor token from `Authorization: Bearer …` (401 when missing, bad or expired). */
export async function verifyVisitorBearer(env: Pick<Env, "JWT_SECRET">, header: string | undefined): Promise<VisitorCaller> {
  const claims = await verifyVisitorToken(env, bearerFromAuthorization(header));
  return { visitorId: claims.visitorId, chatbotId: claims.chatbotId, workspaceId: claims.workspaceId };
}
