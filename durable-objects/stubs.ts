import type { ConversationDO } from "./conversation";
import type { WorkspaceHubDO } from "./workspace-hub";

/**
 * Typed stubs of the two Durable Objects. Other domains push to the live inbox with
 * `workspaceHub(env, workspaceId).broadcast(frame)`.
 */
export function workspaceHub(env: Pick<Env, "WORKSPACE_HUB">, workspaceId: string): DurableObjectStub<WorkspaceHubDO> {
  const ns = env.WORKSPACE_HUB as unknown as DurableObjectNamespace<WorkspaceHubDO>;
  return ns.get(ns.idFromName(workspaceId));
}

export function conversationStub(env: Pick<Env, "CONVERSATION">, conversationId: string): DurableObjectStub<ConversationDO> {
  const ns = env.CONVERSATION as unknown as DurableObjectNamespace<ConversationDO>;
  return ns.get(ns.idFromName(conversationId));
}
