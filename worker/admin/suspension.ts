/**
 * What suspending a workspace does to live connections: its open sockets
 * (dashboard hub, agent and visitor conversation sockets) close, and new
 * ones are refused with 403 WORKSPACE_SUSPENDED. HTTP requests are refused
 * by the auth middleware and the widget config reads as inactive.
 */
import { conversationStub, workspaceHub } from "../../durable-objects/stubs";
import { forbidden } from "../lib/errors";

export const workspaceSuspended = () => forbidden("This workspace is suspended; contact support", "WORKSPACE_SUSPENDED");

/** Refuses a socket into a suspended workspace (by the workspace, or by the conversation it opens on). */
export async function assertWorkspaceLive(env: Pick<Env, "DB">, by: { workspaceId: string } | { conversationId: string }): Promise<void> {
  const row =
    "workspaceId" in by
      ? await env.DB.prepare(`select suspended_at from workspaces where id = ?1`).bind(by.workspaceId).first<{ suspended_at: string | null }>()
      : await env.DB.prepare(`select w.suspended_at from conversations c join workspaces w on w.id = c.workspace_id where c.id = ?1`).bind(by.conversationId).first<{ suspended_at: string | null }>();
  if (row?.suspended_at) throw workspaceSuspended();
}

/** Closes every open socket of the workspace: members' hub and conversation sockets, and visitors' sockets on live conversations. */
export async function closeWorkspaceSockets(env: Pick<Env, "DB" | "WORKSPACE_HUB" | "CONVERSATION">, workspaceId: string): Promise<{ members: number; conversations: number }> {
  const { results: members } = await env.DB.prepare(`select user_id from memberships where workspace_id = ?1`).bind(workspaceId).all<{ user_id: string }>();
  const hub = workspaceHub(env, workspaceId);
  await Promise.all(members.map((m) => hub.disconnectUser(m.user_id, null, "workspace_suspended").catch((err) => console.error("closing a member's sockets failed", err))));
  // a visitor's socket lives on a conversation that is not finished
  const { results: live } = await env.DB.prepare(
    `select id from conversations where workspace_id = ?1 and status in ('active', 'waiting', 'escalated', 'agent_handling') order by last_activity_at desc limit 1000`,
  )
    .bind(workspaceId)
    .all<{ id: string }>();
  await Promise.all(live.map((c) => conversationStub(env, c.id).closeAllSockets("workspace_suspended").catch((err) => console.error("closing a conversation's sockets failed", err))));
  return { members: members.length, conversations: live.length };
}
