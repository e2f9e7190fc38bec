import type { HubBroadcastFrame } from "../../durable-objects/protocol";
import { pushToHub } from "../../durable-objects/hub-push";

/**
 * Live pushes to particular agents through the workspace hub (only their open
 * dashboards receive the frame). The notification row stays the record; a
 * hub that cannot be reached loses only the live alert.
 */
export async function pushToAgents(env: Env, workspaceId: string, userIds: string[], frame: HubBroadcastFrame): Promise<void> {
  await pushToHub(env, workspaceId, frame, { to: userIds });
}
