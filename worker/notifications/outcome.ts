/**
 * How one push or Slack post ended. The senders live in a lazily loaded module
 * with its own copies of every class, so they answer with a plain value and the
 * OUTBOUND consumer turns it into its own retry or permanent failure.
 */
export type SendOutcome = { status: "done" } | { status: "retry"; reason: string; afterSeconds?: number | null } | { status: "failed"; reason: string };

export const DONE: SendOutcome = { status: "done" };
export const retry = (reason: string, afterSeconds: number | null = null): SendOutcome => ({ status: "retry", reason, afterSeconds });
export const failed = (reason: string): SendOutcome => ({ status: "failed", reason });
