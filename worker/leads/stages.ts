import type { LeadStage } from "./constants";

/**
 * The leads pipeline: new → contacted → qualified → won | lost. The board lets
 * an agent drag a lead to any other stage (back to an earlier one, or reopen a
 * closed lead); every move is recorded. Only "no change" is refused.
 */
export const OPEN_STAGES: readonly LeadStage[] = ["new", "contacted", "qualified"];
export const isClosed = (s: LeadStage) => s === "won" || s === "lost";
export const canMoveLead = (from: LeadStage, to: LeadStage) => from !== to;
