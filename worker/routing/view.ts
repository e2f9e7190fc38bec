import { conversationStub, workspaceHub } from "../../durable-objects/stubs";

/**
 * Who holds a conversation and where it waits, live: the assignee from the
 * conversation itself, the queue position and wait from the workspace hub.
 */
export async function routingOfConversation(env: Env, workspaceId: string, conversationId: string) {
  const [snap, view] = await Promise.all([
    conversationStub(env, conversationId).snapshot().catch(() => null),
    workspaceHub(env, workspaceId).routingView(conversationId).catch(() => null),
  ]);
  const assignee = snap && snap.mode === "human" && snap.assigned_agent ? { id: snap.assigned_agent.id, name: snap.assigned_agent.name } : null;
  return {
    assignee,
    queue_position: assignee ? null : (view?.queue_position ?? null),
    estimated_wait_seconds: assignee ? null : (view?.estimated_wait_seconds ?? null),
    team_id: view?.team_id ?? null,
  };
}
