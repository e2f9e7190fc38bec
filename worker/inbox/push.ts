import type { HubBroadcastFrame } from "../../durable-objects/protocol";
import { workspaceHub } from "../../durable-objects/stubs";

/**
 * Live pushes to particular agents through the workspace hub (only their open
 * dashboards receive the frame). The notification row stays the record; a
 * hub that cannot be reached loses only the live alert.
 */
export async function pushToAgents(env: Env, workspaceId: string, userIds: string[], frame: HubBroadcastFrame): Promise<void> {
  if (userIds.length === 0) return;
  try {
    await workspaceHub(env, workspaceId).notifyAgents(userIds, frame);
  } catch (err) {
    console.warn("live notification push failed", err instanceof Error ? err.message : err);
  }
}
