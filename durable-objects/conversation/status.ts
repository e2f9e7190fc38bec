import type { ConversationStatus } from "../protocol";

/**
 * The conversation status machine (spec 5.3.1). The only place that says which
 * moves are legal; everything that changes a status goes through `transition`.
 */
const LEGAL: Record<ConversationStatus, readonly ConversationStatus[]> = {
  // waiting: visitor went quiet; escalated: a trigger fired; agent_handling: direct takeover; resolved: closed by an agent
  active: ["waiting", "escalated", "agent_handling", "resolved", "archived"],
  // active: the visitor replied; abandoned: quiet for a second timeout; agent_handling: an agent picks it up
  waiting: ["active", "abandoned", "escalated", "agent_handling", "resolved", "archived"],
  // agent_handling: an agent accepts; active: handed back to the bot without a takeover
  escalated: ["agent_handling", "active", "resolved", "archived"],
  // resolved: the agent closes; active: returned to the AI; waiting: the agent did not answer in time;
  // escalated: back to the team's queue (the assignee went offline or missed the team's reply limit)
  agent_handling: ["resolved", "active", "waiting", "archived", "escalated"],
  // active: reopened
  resolved: ["active", "archived"],
  // active: the visitor came back
  abandoned: ["active", "archived"],
  archived: [],
};

export class IllegalTransitionError extends Error {
  readonly code = "INVALID_STATUS_TRANSITION";
  constructor(
    readonly from: ConversationStatus,
    readonly to: ConversationStatus,
  ) {
    super(`A conversation cannot move from ${from} to ${to}`);
  }
}

/** Returns `to` when the move is legal; throws IllegalTransitionError otherwise (including a move to the same status). */
export function transition(from: ConversationStatus, to: ConversationStatus): ConversationStatus {
  if (!LEGAL[from].includes(to)) throw new IllegalTransitionError(from, to);
  return to;
}

export function canTransition(from: ConversationStatus, to: ConversationStatus): boolean {
  return LEGAL[from].includes(to);
}

/** Statuses in which a conversation counts as open (shown to the returning visitor, counted as load). */
export const OPEN_STATUSES: readonly ConversationStatus[] = ["active", "waiting", "escalated", "agent_handling"];
