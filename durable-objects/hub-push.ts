import type { HubBroadcastFrame } from "./protocol";
import { workspaceHub } from "./stubs";
import type { WorkspaceHubDO } from "./workspace-hub";

/**
 * Every push to a workspace's dashboards goes through here: to every open
 * dashboard, or only to the given members' (`to`). A hub that cannot be
 * reached loses only the live frame (the record is in D1), so this never
 * throws. Callers that push often pass their own `stub` (calls through one
 * stub arrive in order).
 */
export async function pushToHub(
  env: Pick<Env, "WORKSPACE_HUB">,
  workspaceId: string,
  frame: HubBroadcastFrame,
  opts: { to?: string[]; stub?: DurableObjectStub<WorkspaceHubDO> } = {},
): Promise<void> {
  if (opts.to && opts.to.length === 0) return;
  const hub = opts.stub ?? workspaceHub(env, workspaceId);
  try {
    if (opts.to) await hub.notifyAgents(opts.to, frame);
    else await hub.broadcast(frame);
  } catch (err) {
    console.warn("hub push failed", frame.type, err instanceof Error ? err.message : err);
  }
}
