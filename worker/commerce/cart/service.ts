import type { Actor, CartChange } from "../../../durable-objects/conversation";
import type { Cart } from "../../../durable-objects/protocol";
import { actorOf, workspaceConversation } from "../../conversations/service";
import type { Call } from "../../lib/service";
import { unwrap } from "../../conversations/do-result";
import type { VisitorClaims } from "../../widget/token";
import { notFound } from "../../lib/errors";
import type { ConversationStub } from "../../widget/conversations";
import { lookupVariant } from "./catalog-port";

export type CartRequest = { op: "add" | "set"; variant_id: string; quantity: number } | { op: "remove"; variant_id: string } | { op: "clear" };

async function snapshotFor(env: Env, workspaceId: string, change: CartRequest) {
  if (change.op !== "add" && !(change.op === "set" && change.quantity > 0)) return null;
  const snap = await lookupVariant(env, workspaceId, change.variant_id);
  if (!snap) throw notFound("Product");
  return snap;
}

async function apply(env: Env, stub: ConversationStub, workspaceId: string, change: CartRequest, by: Actor | null): Promise<Cart> {
  const snapshot = await snapshotFor(env, workspaceId, change);
  return unwrap(await stub.changeCart(change as CartChange, snapshot, by));
}

// the visitor's own conversation (the route proved it from the conversation's D1 row): no view is read from the object first
export async function changeVisitorCart(env: Env, visitor: VisitorClaims, stub: ConversationStub, change: CartRequest): Promise<Cart> {
  return apply(env, stub, visitor.workspaceId, change, null);
}

export async function agentCart({ ctx, input: { conversationId } }: Call<{ conversationId: string }>): Promise<Cart> {
  const { stub } = await workspaceConversation({ ctx, input: { id: conversationId } });
  return stub.cart();
}

/** An agent changes the visitor's cart from the inbox; the conversation shows a line saying so. */
export async function changeAgentCart({ ctx, input: { conversationId, change } }: Call<{ conversationId: string; change: CartRequest }>): Promise<Cart> {
  const { stub } = await workspaceConversation({ ctx, input: { id: conversationId } });
  return apply(ctx.env, stub, ctx.auth.workspaceId, change, await actorOf({ ctx, input: undefined }));
}
