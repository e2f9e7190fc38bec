/**
 * The bot turn's contract. The ConversationDO calls `answer()` (worker/ai/answer.ts)
 * for each visitor message the bot should handle; the knowledge/AI domain
 * implements it (offline extractive answerer by default, LLM providers by
 * configuration).
 */
export interface AnswerSource {
  /** chunk or FAQ id */
  id: string;
  type: "faq" | "document" | "url" | "product";
  title: string;
  url?: string | null;
  page?: number | null;
  score: number;
}

/** PRD 5.5.4 intents (what detectIntent returns), plus the earlier coarse names kept for compatibility. */
export type Intent =
  | "password_reset"
  | "account_creation"
  | "login_issue"
  | "account_deletion"
  | "billing_question"
  | "subscription_upgrade"
  | "subscription_cancel"
  | "refund_request"
  | "payment_issue"
  | "technical_issue"
  | "feature_question"
  | "integration_help"
  | "bug_report"
  | "pricing_inquiry"
  | "feature_request"
  | "product_comparison"
  | "general_question"
  | "gratitude"
  | "speak_to_human"
  | "unknown"
  | "question"
  | "complaint"
  | "purchase"
  | "support"
  | "feedback"
  | "greeting"
  | "goodbye"
  | "human_request"
  | "other";

/** PRD 5.5.5 five-point scale. */
export type Sentiment = "very_positive" | "positive" | "neutral" | "negative" | "very_negative";

export type EscalationReason =
  | "explicit_request"
  | "frustration"
  | "billing_dispute"
  | "legal"
  | "low_confidence"
  | "repeated_failures"
  | "out_of_scope"
  | "action_required"
  | "plan_limit";

export interface AnswerInput {
  workspaceId: string;
  chatbotId: string;
  conversationId: string;
  /** the visitor's message being answered */
  message: string;
  /** the last messages, oldest first (at most 10 are used) */
  history: { role: "visitor" | "bot" | "agent"; text: string }[];
  /** visitor/page context for the prompt */
  context?: { visitorName?: string | null; pageUrl?: string | null; pageTitle?: string | null; locale?: string | null };
  /** consecutive failed bot answers before this one */
  failedAnswers: number;
  /** messages in the conversation so far, this one included (for "suggest a human after N messages") */
  messageCount?: number;
}

export interface AnswerResult {
  text: string;
  sources: AnswerSource[];
  /** 0..1 */
  confidence: number;
  /** what the bot decided: answer, answer with caveat, offer a human, escalate */
  action: "answer" | "caveat" | "offer_human" | "escalate";
  intent: Intent;
  sentiment: Sentiment;
  sentimentScore: number;
  escalation: { reason: EscalationReason } | null;
  /** true when this answer counts as a failed one (no knowledge, fallback used) */
  failed: boolean;
  model: string;
  latencyMs: number;
  tokens: { prompt: number; completion: number };
  /** why the answer came from where it did (e.g. provider fell back to the offline answerer) */
  note?: string;
  /** emotion tags from sentiment analysis (frustrated, urgent, …) */
  emotions?: string[];
  /** structured rich content (buttons, quick replies, cards) if any */
  rich?: unknown;
}

/** Streamed text pieces as the answer is generated (the DO turns them into `message:delta` frames). */
export type OnDelta = (text: string) => void | Promise<void>;
