import { addMember, createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { ORIGIN, cid, connect, visitorChat, type Frames } from "../live/helpers";

/** A workspace with `agents` agents in one team that the chatbot's escalations go to. */
export async function routedWorkspace(agentCount: number, team: Record<string, unknown> = {}, botBody: Record<string, unknown> = {}) {
  const owner = await registerOwner({ name: "Olivia Owner" });
  const bot = await createBot(owner.token, { allowed_origins: [ORIGIN], ...botBody });
  const agents = await Promise.all(Array.from({ length: agentCount }, () => addMember(owner.workspaceId, "agent")));
  const created = await api("/api/v1/teams", {
    token: owner.token,
    body: { name: "Support", member_ids: agents.map((a) => a.userId), assignment: "balanced", capacity: 5, ...team },
  });
  if (created.status !== 201) throw new Error(`team failed ${created.status} ${created.text}`);
  const patched = await api(`/api/v1/chatbots/${bot.id}`, { method: "PATCH", token: owner.token, body: { routing_settings: { team_id: created.json.id } } });
  if (patched.status !== 200) throw new Error(`routing failed ${patched.status} ${patched.text}`);
  return { owner, bot, agents, team: created.json as { id: string } };
}

/** Opens an agent's dashboard socket (online presence). */
export async function goOnline(agent: { token: string }): Promise<Frames> {
  const sock = await connect("/api/v1/realtime/ws", { token: agent.token });
  if (!sock.frames) throw new Error(`hub socket refused ${sock.status}`);
  await sock.frames.next("hello");
  return sock.frames;
}

/** A visitor who asks for a person; resolves once the conversation is escalated. */
export async function escalate(botKey: string) {
  const chat = await visitorChat(botKey);
  chat.visitor.send({ type: "message:send", client_id: cid(), text: "I want to talk to a human please" });
  await chat.visitor.next("conversation:escalated");
  return chat;
}

export async function detail(token: string, conversationId: string) {
  const res = await api(`/api/v1/conversations/${conversationId}`, { token });
  if (res.status !== 200) throw new Error(`detail failed ${res.status} ${res.text}`);
  return res.json as { assignee: { id: string; name: string } | null; queue_position: number | null; estimated_wait_seconds: number | null; status: string };
}

/** In batches, so a 2-core machine is not flooded. */
export async function inBatches<T>(n: number, size: number, make: (i: number) => Promise<T>): Promise<T[]> {
  const out: T[] = [];
  for (let i = 0; i < n; i += size) out.push(...(await Promise.all(Array.from({ length: Math.min(size, n - i) }, (_, j) => make(i + j)))));
  return out;
}
