import { jwtVerify } from "jose";
import { unauthorized } from "../lib/errors";

export interface VisitorCaller {
  visitorId: string;
  chatbotId: string | null;
  workspaceId: string | null;
}

/**
 * Reads the widget's visitor token (`Authorization: Bearer …`): a short-lived
 * HS256 JWT for the "visitor" audience whose subject is the visitor id.
 */
export async function verifyVisitorBearer(env: Pick<Env, "JWT_SECRET">, header: string | undefined): Promise<VisitorCaller> {
  const token = header?.match(/^Bearer\s+(.+)$/i)?.[1]?.trim();
  if (!token) throw unauthorized("Missing visitor token");
  try {
    const { payload } = await jwtVerify(token, new TextEncoder().encode(env.JWT_SECRET), { audience: "visitor", algorithms: ["HS256"] });
    if (typeof payload.sub !== "string") throw new Error("no subject");
    const str = (k: string) => (typeof payload[k] === "string" ? (payload[k] as string) : null);
    return { visitorId: payload.sub, chatbotId: str("cb") ?? str("chatbot_id"), workspaceId: str("ws") ?? str("workspace_id") };
  } catch {
    throw unauthorized("Invalid or expired visitor token", "INVALID_TOKEN");
  }
}
