import type { AiSettings } from "../chatbots/schemas";
import type { AnswerResult, EscalationReason } from "./types";

/**
 * The four confidence bands of PRD 5.5.3: above 0.85 answer, from the
 * chatbot's low-confidence threshold (0.70 by default) answer with a caveat,
 * from 0.50 answer and offer a human, below 0.50 escalate.
 */
export const HIGH_CONFIDENCE = 0.85;
export const OFFER_HUMAN_FLOOR = 0.5;

export type Action = AnswerResult["action"];

export function actionFor(confidence: number, ai: Pick<AiSettings, "escalation_triggers">): Action {
  const caveatFloor = Math.min(HIGH_CONFIDENCE, Math.max(OFFER_HUMAN_FLOOR, ai.escalation_triggers.low_confidence_threshold));
  if (confidence > HIGH_CONFIDENCE) return "answer";
  if (confidence >= caveatFloor) return "caveat";
  if (confidence >= OFFER_HUMAN_FLOOR) return "offer_human";
  return "escalate";
}

/**
 * Whether a bot answer hands the conversation to a person — the single
 * definition used by the DO, the gaps report and the evaluation: the action is
 * `escalate`, or `offer_human` carrying an escalation reason. (An `offer_human`
 * in the 0.50–0.70 band without a reason only suggests a person.)
 */
export function isEscalation(r: Pick<AnswerResult, "action" | "escalation">): boolean {
  return r.escalation !== null && (r.action === "escalate" || r.action === "offer_human");
}

export function escalationFor(reason: EscalationReason | null) {
  return reason ? { reason } : null;
}

/**
 * The turn's decision: rule escalations win; below 0.50 escalate for low
 * confidence (or only offer a human when escalation is disabled); an answer
 * that counts as failed after `max_failed_responses - 1` earlier failures
 * offers a human with reason `repeated_failures`.
 */
export function decideTurn(args: {
  confidence: number;
  ruleReason: EscalationReason | null;
  failedAnswers: number;
  ai: Pick<AiSettings, "escalation_triggers" | "enable_escalation">;
}): { action: Action; reason: EscalationReason | null; failed: boolean } {
  let action = actionFor(args.confidence, args.ai);
  const failed = action === "offer_human" || action === "escalate";
  if (args.ruleReason) return { action: "escalate", reason: args.ruleReason, failed };
  if (action === "escalate") return args.ai.enable_escalation ? { action, reason: "low_confidence", failed } : { action: "offer_human", reason: null, failed };
  if (failed && args.ai.enable_escalation && args.failedAnswers + 1 >= args.ai.escalation_triggers.max_failed_responses) {
    action = "offer_human";
    return { action, reason: "repeated_failures", failed };
  }
  return { action, reason: null, failed };
}
