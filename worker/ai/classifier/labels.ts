/**
 * What a visitor message is, as the offline classifier sees it: an answerable
 * question, small talk, or one of the escalation reasons that do not depend on
 * retrieval. `low_confidence` and `repeated_failures` come from the decision,
 * never from the text alone.
 */
export const LABELS = [
  "question",
  "smalltalk",
  "explicit_request",
  "frustration",
  "billing_dispute",
  "legal",
  "action_required",
  "out_of_scope",
] as const;
export type TurnLabel = (typeof LABELS)[number];
