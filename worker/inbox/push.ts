/**
 * Live pushes to particular agents through the workspace hub. The hub does not
 * (yet) expose a per-agent channel, so this is a no-op and the notification row
 * is the record the dashboard reads; wire it here once the hub offers one.
 */
export async function pushToAgents(_env: Env, _workspaceId: string, _userIds: string[], _payload: Record<string, unknown>): Promise<void> {
  return;
}
