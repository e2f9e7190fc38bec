import { and, desc, eq } from "drizzle-orm";
import { getDb } from "../../db/client";
import { orders } from "../../db/schema";
import type { VisitorClaims } from "../../widget/token";
import { expireDueOrders, itemsOf, serializeOrder } from "./orders";

/** The visitor's own orders placed from this conversation (their status, items and totals); the caller has proven the conversation is theirs (ownConversation). */
export async function visitorOrders(env: Env, visitor: VisitorClaims, conversationId: string) {
  await expireDueOrders(env, visitor.workspaceId);
  const rows = await getDb(env)
    .select()
    .from(orders)
    .where(and(eq(orders.workspaceId, visitor.workspaceId), eq(orders.conversationId, conversationId), eq(orders.visitorId, visitor.visitorId)))
    .orderBy(desc(orders.createdAt))
    .limit(50);
  const items = await itemsOf(env, rows.map((o) => o.id));
  return rows.map((o) => serializeOrder(o, items.get(o.id) ?? []));
}
