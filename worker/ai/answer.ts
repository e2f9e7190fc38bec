import type { AnswerInput, AnswerResult, OnDelta } from "./types";

/**
 * The bot turn. Placeholder until the knowledge/AI domain lands: it says it
 * has no knowledge yet and reports zero confidence.
 */
export async function answer(_env: Env, input: AnswerInput, onDelta?: OnDelta): Promise<AnswerResult> {
  const started = Date.now();
  const text = "I don't have an answer for that yet. Would you like to talk to a person?";
  await onDelta?.(text);
  return {
    text,
    sources: [],
    confidence: 0,
    action: "offer_human",
    intent: "other",
    sentiment: "neutral",
    sentimentScore: 0,
    escalation: null,
    failed: true,
    model: "offline-extractive",
    latencyMs: Date.now() - started,
    tokens: { prompt: 0, completion: 0 },
  };
}
