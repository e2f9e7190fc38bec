import type { AiSettings } from "../chatbots/schemas";
import type { SearchHit } from "../knowledge/search/hybrid";
import { classifyText, type TurnLabel } from "./classifier";
import { actionFor, decideTurn, type Action } from "./decide";
import type { EscalationReason } from "./types";
import { scriptOf, type VisitorLang } from "./visitor/language";

/**
 * One decision for every turn: answer, answer with a caveat, offer a human or
 * escalate, with a reason. What the message is (a question, small talk or an
 * escalation reason) comes from a classifier — the structured-output LLM call
 * when a model is configured, the offline trained model otherwise — after a
 * fast pre-filter of high-precision rules. How sure the bot is comes from
 * answerability: retrieval strength discounted by how much the message looks
 * like something the knowledge cannot answer (out of scope, needs a person).
 */
export type TurnKind = "question" | "smalltalk" | "escalation";

export interface TurnClassification {
  kind: TurnKind;
  reason: EscalationReason | null;
  /** probability (or the model's confidence) of that kind/reason */
  p: number;
  /** 0..1: how likely the message is something the knowledge could answer at all (not out of scope, not a request only a person can do) */
  inScope: number;
  /** with an LLM: whether the retrieved passages answer the question (0..1); offline this is left to retrieval */
  answerable?: number;
  source: "rules" | "classifier" | "llm";
}

const ESCALATION_LABELS: Partial<Record<TurnLabel, EscalationReason>> = {
  explicit_request: "explicit_request",
  frustration: "frustration",
  billing_dispute: "billing_dispute",
  legal: "legal",
  action_required: "action_required",
  out_of_scope: "out_of_scope",
};

/** An escalation label must be at least this probable to hand over on the text alone. */
export const ESCALATE_P = 0.55;
/** Small talk must be at least this probable, so a greeting with a question is answered as a question. */
export const SMALLTALK_P = 0.6;

/** Frustration read from wording alone needs this much probability unless the sentiment is negative too. */
export const FRUSTRATION_NEUTRAL_P = 0.85;

export async function classifyOffline(message: string, triggers: AiSettings["escalation_triggers"], sentimentScore = 0): Promise<TurnClassification> {
  const c = await classifyText(message);
  const inScope = 1 - c.probs.out_of_scope - c.probs.action_required;
  const reason = ESCALATION_LABELS[c.label] ?? null;
  const allowed = reason && !(reason === "frustration" && !triggers.frustration_detection) && !(reason === "explicit_request" && !triggers.explicit_request);
  // two signals for frustration: the classifier's reading and a sentiment that is not neutral or positive
  const supported = reason !== "frustration" || sentimentScore < 0 || c.p >= FRUSTRATION_NEUTRAL_P;
  if (reason && allowed && supported && c.p >= ESCALATE_P) return { kind: "escalation", reason, p: c.p, inScope, source: "classifier" };
  if (c.label === "smalltalk" && c.p >= SMALLTALK_P) return { kind: "smalltalk", reason: null, p: c.p, inScope, source: "classifier" };
  return { kind: "question", reason: null, p: c.probs.question, inScope, source: "classifier" };
}

/** Whether the question and the best passages are in different scripts (a Thai question over English knowledge, or the reverse). */
export function isCrossLingual(lang: VisitorLang, hits: SearchHit[]): boolean {
  // any passage in the visitor's language means the knowledge speaks it, so a weak match is a real miss
  const langs = hits.map((h) => scriptOf(`${h.title} ${h.text}`)).filter(Boolean);
  return langs.length > 0 && langs.every((l) => l !== lang);
}

/**
 * Answerability 0..1: retrieval confidence (how well the passages match),
 * discounted by how unlikely the message is to be answerable from knowledge
 * at all; with an LLM, its own judgement of whether the passages answer the
 * question is averaged in.
 */
export function answerability(retrieval: number, c: Pick<TurnClassification, "inScope" | "answerable">): number {
  const scoped = retrieval * (1 - 0.6 * (1 - Math.max(0, Math.min(1, c.inScope))));
  const v = c.answerable === undefined ? scoped : 0.4 * scoped + 0.6 * c.answerable;
  return Math.round(v * 1000) / 1000;
}

export interface Decision {
  kind: TurnKind;
  action: Action;
  reason: EscalationReason | null;
  confidence: number;
  /** counts as a failed answer (offer/escalate band) */
  failed: boolean;
  /** the question and the knowledge are in different languages and the match is weak */
  crossLingual: boolean;
  /** the conversation reached the chatbot's "suggest a human after N messages" */
  suggestHuman: boolean;
}

/** Share of the question's words a catalog product's passage must contain for "do you sell X?" to count as a product question. */
export const CATALOG_COVERAGE = 0.6;

/**
 * Whether the catalog names what the message asks about: one of the first
 * passages is a product whose name or category matches the question and whose
 * passage holds most of its words. The classifier reads "do you sell a desk
 * lamp?" as out of scope for many businesses; for a shop that lists a desk lamp
 * it is a product question, so the catalog is consulted before the message is
 * handed over.
 */
export function catalogNames(hits: SearchHit[]): boolean {
  return hits.slice(0, 3).some((h) => h.sourceType === "product" && (h.headingCoverage ?? 0) > 0 && h.coverage >= CATALOG_COVERAGE);
}

export function decide(args: {
  classification: TurnClassification;
  ruleReason: EscalationReason | null;
  retrieval: number;
  hits: SearchHit[];
  lang: VisitorLang;
  /**
   * Retrieval could not judge the question at all: the knowledge has no word in
   * the question's script and no embedding model is configured (a Thai question
   * over English-only knowledge, offline). A zero score then is no evidence either way.
   */
  unjudgeable?: boolean;
  failedAnswers: number;
  messageCount?: number;
  maxConversationLength?: number;
  ai: Pick<AiSettings, "escalation_triggers" | "enable_escalation">;
}): Decision {
  let c = args.classification;
  // "do you sell X?" where the catalog lists X: a product question, fully in scope
  if (!args.ruleReason && (c.kind === "question" || (c.kind === "escalation" && c.reason === "out_of_scope")) && catalogNames(args.hits)) {
    c = { ...c, kind: "question", reason: null, inScope: 1 };
  }
  const confidence = answerability(args.retrieval, c);
  const base = { confidence, crossLingual: false, suggestHuman: false };
  if (!args.ruleReason && c.kind === "smalltalk") return { ...base, kind: "smalltalk", action: "answer", reason: null, confidence: 1, failed: false };

  let textReason = args.ruleReason ?? (c.kind === "escalation" ? c.reason : null);
  // with no knowledge at all, "I can't answer this" is the honest reason, not a guess at scope
  if (textReason === "out_of_scope" && !args.ruleReason && args.hits.length === 0) textReason = null;
  if (textReason && args.ai.enable_escalation) return { ...base, kind: "escalation", action: "escalate", reason: textReason, failed: actionFor(confidence, args.ai) !== "answer" && actionFor(confidence, args.ai) !== "caveat" };

  const d = decideTurn({ confidence, ruleReason: null, failedAnswers: args.failedAnswers, ai: args.ai });
  let { action, reason } = d;
  const crossLingual = (isCrossLingual(args.lang, args.hits) || (args.unjudgeable ?? false)) && c.kind === "question";
  if (crossLingual && action === "escalate" && reason === "low_confidence") {
    // weak cross-lingual (or unjudgeable) retrieval is not evidence that nothing answers it: say so and offer a person
    action = "offer_human";
    reason = null;
  }
  const n = args.messageCount ?? 0;
  const max = args.maxConversationLength ?? 0;
  const suggestHuman = max > 0 && n >= max && n < max + 2 && (action === "answer" || action === "caveat");
  if (suggestHuman) action = "offer_human";
  return { kind: "question", action, reason, confidence, failed: d.failed, crossLingual, suggestHuman };
}
