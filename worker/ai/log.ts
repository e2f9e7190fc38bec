import { newId, nowIso } from "../lib/ids";
import { isEscalation } from "./decide";
import type { AnswerInput, AnswerResult } from "./types";

/** Records one bot question for the knowledge-gaps report. */
export async function logKbQuery(env: Env, input: AnswerInput, result: AnswerResult, topScore: number, resultCount: number): Promise<void> {
  await env.DB.prepare(
    `insert into kb_queries (id, workspace_id, chatbot_id, conversation_id, question, confidence, top_score, result_count, action, answered, escalated, intent, created_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13)`,
  )
    .bind(
      newId("kbq"),
      input.workspaceId,
      input.chatbotId,
      input.conversationId || null,
      input.message.slice(0, 2000),
      result.confidence,
      topScore,
      resultCount,
      result.action,
      result.failed ? 0 : 1,
      isEscalation(result) ? 1 : 0,
      result.intent,
      nowIso(),
    )
    .run();
}
