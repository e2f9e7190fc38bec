import type { PresenceStatus } from "../protocol";

/** Tag of every dashboard socket on the hub (broadcasts go by tag). */
export const AGENT_TAG = "agent";

/** Identity of one dashboard socket; survives hibernation in the socket attachment. */
export interface AgentAttachment {
  userId: string;
  name: string;
  role: string;
  status: PresenceStatus;
  /** the workspace and session family the socket was opened with (logout closes exactly these) */
  workspaceId?: string;
  sid?: string | null;
}

export function readAgentAttachment(ws: WebSocket): AgentAttachment | null {
  const att = ws.deserializeAttachment() as Partial<AgentAttachment> | null;
  return att && typeof att.userId === "string" ? (att as AgentAttachment) : null;
}
