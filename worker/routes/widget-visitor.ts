import type { Context } from "hono";
import type { AppEnv } from "../lib/context";
import { allInOrder } from "../lib/settle";
import { visitorConversationStub } from "../widget/conversations";
import { allowOrigin } from "../widget/cors";
import { bearerFromAuthorization, verifyVisitorToken } from "../widget/token";
import { requireActiveVisitor } from "../widget/visitors";

/** The visitor's network address, or null when the platform gave none (bans never match a missing address). */
export const visitorIp = (c: Context<AppEnv>) => c.req.header("cf-connecting-ip") ?? null;

/** The claims of the widget's bearer token; the token's origin is allowed for CORS. The caller still checks the visitor's standing. */
export async function visitorClaimsOf(c: Context<AppEnv>) {
  const claims = await verifyVisitorToken(c.env, bearerFromAuthorization(c.req.header("authorization")));
  allowOrigin(c.req.raw, claims.origin);
  return claims;
}

/** The visitor behind the bearer token: a banned visitor, or a visitor on a banned network, is refused (403 VISITOR_BANNED). */
export async function visitorOf(c: Context<AppEnv>) {
  const claims = await visitorClaimsOf(c);
  await requireActiveVisitor(c.env, claims.workspaceId, claims.visitorId, visitorIp(c));
  return claims;
}

/**
 * The object of one of the visitor's own conversations (404 for anyone
 * else's), with the visitor's standing read side by side with the
 * conversation's ownership: one round trip, and a ban answers before a
 * missing conversation.
 */
export async function ownConversation(c: Context<AppEnv>, conversationId: string) {
  const visitor = await visitorClaimsOf(c);
  const [row, stub] = await allInOrder([
    requireActiveVisitor(c.env, visitor.workspaceId, visitor.visitorId, visitorIp(c)),
    visitorConversationStub(c.env, visitor, conversationId),
  ]);
  return { visitor, row, stub };
}
