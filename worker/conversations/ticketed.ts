import { conversationStub } from "../../durable-objects/stubs";
import { AppError, notFound } from "../lib/errors";
import { socketTicketValid } from "./socket-ticket";

/**
 * The conversation a socket ticket opens. The ticket must be signed for this
 * conversation and unexpired (401 otherwise), and the conversation must exist
 * (404): only then is its Durable Object touched, which then takes the ticket
 * (once) and knows whose it is.
 */
export async function ticketedConversation(env: Env, conversationId: string, ticket: string) {
  if (!(await socketTicketValid(env, ticket, `conv:${conversationId}`))) throw new AppError(401, "INVALID_TICKET", "Invalid or expired ticket");
  const row = await env.DB.prepare(`select 1 as ok from conversations where id = ?1`).bind(conversationId).first();
  if (!row) throw notFound("Conversation");
  return conversationStub(env, conversationId);
}
