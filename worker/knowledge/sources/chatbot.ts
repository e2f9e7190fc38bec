import { findChatbotRow } from "../../chatbots/store";
import { getDb } from "../../db/client";
import { notFound } from "../../lib/errors";

/**
 * Knowledge belongs to a chatbot: every source names one, and it must be a
 * live chatbot of the caller's workspace (another workspace's id is a 404).
 */
export async function requireChatbot(env: Pick<Env, "DB">, workspaceId: string, chatbotId: string): Promise<{ id: string; name: string }> {
  const row = await findChatbotRow(getDb(env), workspaceId, chatbotId);
  if (!row) throw notFound("Chatbot");
  return { id: row.id, name: row.name };
}
