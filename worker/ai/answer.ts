import { withCatalog } from "../commerce/knowledge/bot-turn";
import { botTurn } from "./turn";
import type { AnswerInput, AnswerResult, OnDelta } from "./types";

/**
 * The bot turn the ConversationDO calls for a visitor message: retrieval,
 * confidence, escalation rules and the answer (offline extractive by default,
 * an LLM provider by configuration), streamed through `onDelta`. Products the
 * retrieval finds come back as product cards (worker/commerce/knowledge).
 */
export async function answer(env: Env, input: AnswerInput, onDelta?: OnDelta, opts: { applyResponseDelay?: boolean; startedAt?: number } = {}): Promise<AnswerResult> {
  return withCatalog(env, input, () => botTurn(env, input, onDelta, opts));
}
