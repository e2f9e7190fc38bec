import { botAllowance } from "../billing/bot-allowance";
import { withCatalog } from "../commerce/knowledge/bot-turn";
import { botTurn } from "./turn";
import type { AnswerInput, AnswerResult, OnDelta } from "./types";
import { visitorLanguage } from "./visitor/language";
import { visitorStrings } from "./visitor/strings";

/**
 * The bot turn the ConversationDO calls for a visitor message: retrieval,
 * confidence, escalation rules and the answer (offline extractive by default,
 * an LLM provider by configuration), streamed through `onDelta`. Products the
 * retrieval finds come back as product cards (worker/commerce/knowledge).
 * Over the plan's monthly AI replies or conversations, the bot hands over instead.
 */
export async function answer(env: Env, input: AnswerInput, onDelta?: OnDelta, opts: { applyResponseDelay?: boolean; startedAt?: number } = {}): Promise<AnswerResult> {
  const allowance = await botAllowance(env, input.workspaceId, input.conversationId);
  if (!allowance.allowed) return planLimitHandoff(input);
  return withCatalog(env, input, () => botTurn(env, input, onDelta, opts));
}

/** The honest reply when the plan's allowance is spent: a person will answer. */
function planLimitHandoff(input: AnswerInput): AnswerResult {
  const lang = visitorLanguage(input.message, input.history.filter((h) => h.role === "visitor").map((h) => h.text), input.context?.locale);
  return {
    text: visitorStrings(lang).handoff.plan_limit,
    sources: [],
    confidence: 0,
    action: "escalate",
    intent: "other",
    sentiment: "neutral",
    sentimentScore: 0,
    escalation: { reason: "plan_limit" },
    failed: false,
    model: "none",
    latencyMs: 0,
    tokens: { prompt: 0, completion: 0 },
    note: "plan allowance used up",
  };
}
