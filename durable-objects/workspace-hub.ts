import { completeClose } from "./close";
import { decodeInternalHeader } from "./internal-header";
import { DurableObject } from "cloudflare:workers";
import { sha256Hex } from "../common/crypto";
import { signSocketTicket } from "../common/socket-ticket";
import { ports } from "./ports";
import { conversationStub } from "./stubs";
import {
  CLIENT_FRAMES,
  HUB_FRAMES,
  SUBPROTOCOL,
  parseClientFrame,
  type HubBroadcastFrame,
  type HubFrame,
  type PresenceStatus,
} from "./protocol";
import { AGENT_TAG, readAgentAttachment, type AgentAttachment } from "./hub/attachment";
import { markNotOnline, markOnline, markSeen, SEEN_EVERY_MS } from "./hub/online-log";
import { estimateWaitSeconds, pickRoundRobin, presenceOf, type AgentPresence } from "./hub/presence";
import type { Placement, RouteRequest, Router, RoutingView } from "./hub/routing";

/** Headers the Worker sets on an authenticated hub upgrade (never read from the client). */
export const HUB_IDENTITY_HEADER = "x-minichat-agent";
export const HUB_TICKET_HEADER = "x-minichat-ticket";
/** Conversations remembered per member for closing their sockets there. */
const TRACKED_CONVERSATIONS = 100;
/** Close code of a socket whose session ended or whose permission changed (the dashboard reconnects and signs in again). */
export const SESSION_ENDED_CLOSE = 4001;

/**
 * One workspace: agents' sockets (hibernation API, one tag per agent), presence
 * (online/away/offline), the live inbox stream and the round-robin cursor.
 * Nothing here is the only copy of business data: presence is derived from the
 * open sockets, so a restart rebuilds it.
 */
export class WorkspaceHubDO extends DurableObject<Env> {
  private router?: Promise<Router>;
  /** When each agent's open online interval was last stamped (in memory; a new instance stamps again). */
  private readonly seen = new Map<string, number>();

  /** Teams, queues and load (hub/routing.ts, loaded on first use through the Worker's port). */
  private routing(): Promise<Router> {
    this.router ??= ports().hub.loadRouter().then(
      ({ Router }) => new Router({ env: this.env, storage: this.ctx.storage, presence: () => this.presence(), notifyAgents: (ids, f) => this.notifyAgents(ids, f) }),
    );
    return this.router;
  }

  async fetch(request: Request): Promise<Response> {
    if (request.headers.get("upgrade")?.toLowerCase() !== "websocket") return new Response("Expected a WebSocket upgrade", { status: 426 });
    const ticket = request.headers.get(HUB_TICKET_HEADER);
    const raw = request.headers.get(HUB_IDENTITY_HEADER);
    const identity = ticket ? await this.takeTicket(ticket) : decodeInternalHeader<Omit<AgentAttachment, "status">>(raw);
    if (!identity) return new Response("Invalid or expired ticket", { status: 401 });
    if (ticket) {
      // a ticket may have been issued just before the member lost access
      const role = identity.workspaceId ? await ports().member.liveRole(this.env, { workspaceId: identity.workspaceId, userId: identity.userId, sessionId: identity.sid }) : null;
      if (!role) return new Response("This session has ended", { status: 401 });
      identity.role = role;
    }
    const wasOnline = this.agentSockets(identity.userId).length > 0;
    const pair = new WebSocketPair();
    const server = pair[1];
    this.ctx.acceptWebSocket(server, [AGENT_TAG, `user:${identity.userId}`]);
    const previous = wasOnline ? readAgentAttachment(this.agentSockets(identity.userId)[0]!)?.status : undefined;
    const attachment: AgentAttachment = { ...identity, status: previous ?? "online" };
    server.serializeAttachment(attachment);
    server.send(JSON.stringify({ type: HUB_FRAMES.hello, agents: this.presence() } satisfies HubFrame));
    if (!wasOnline) this.broadcast({ type: HUB_FRAMES.presenceChanged, user_id: identity.userId, name: identity.name, status: attachment.status });
    if (!wasOnline) void this.routing().then((r) => r.presenceChanged(identity.userId, attachment.status === "online"));
    if (!wasOnline && attachment.status === "online") await markOnline(this.env.DB, identity.workspaceId, identity.userId, undefined, true);
    const headers = new Headers();
    if (request.headers.get("sec-websocket-protocol")?.includes(SUBPROTOCOL)) headers.set("sec-websocket-protocol", SUBPROTOCOL);
    return new Response(null, { status: 101, webSocket: pair[0], headers });
  }

  /** A single-use ticket (30 s) for opening one hub socket as `identity`. */
  async issueTicket(identity: Omit<AgentAttachment, "status">): Promise<{ ticket: string; expires_in: number }> {
    const out = await signSocketTicket(this.env, `hub:${identity.workspaceId}`);
    await this.ctx.storage.put(`ticket:${await sha256Hex(out.ticket)}`, { identity, expiresAt: Date.now() + out.expires_in * 1000 });
    return out;
  }

  /** Remembers that a member holds a socket on a conversation, so `disconnectUser` can reach it. */
  async trackConversationSocket(userId: string, conversationId: string): Promise<void> {
    const key = `convs:${userId}`;
    const seen = (await this.ctx.storage.get<string[]>(key)) ?? [];
    if (seen[0] === conversationId) return;
    await this.ctx.storage.put(key, [conversationId, ...seen.filter((c) => c !== conversationId)].slice(0, TRACKED_CONVERSATIONS));
  }

  /**
   * Closes a member's sockets here and on every conversation they hold one on
   * (all of them, or only those opened from the session families `sids`).
   */
  async disconnectUser(userId: string, sids: string[] | null, reason: string): Promise<{ hub: number; conversations: number }> {
    let hub = 0;
    for (const ws of this.agentSockets(userId)) {
      const att = readAgentAttachment(ws);
      if (sids && !(att?.sid && sids.includes(att.sid))) continue;
      endSocket(ws, reason);
      hub++;
    }
    const key = `convs:${userId}`;
    const tracked = (await this.ctx.storage.get<string[]>(key)) ?? [];
    let conversations = 0;
    const still = await Promise.all(
      tracked.map(async (id) => {
        try {
          const r = await conversationStub(this.env, id).closeAgentSockets(userId, sids, reason);
          conversations += r.closed;
          return r.open > 0 ? id : null;
        } catch (err) {
          console.error("closing a conversation socket failed", err);
          return id;
        }
      }),
    );
    const keep = still.filter((id): id is string => id !== null);
    if (keep.length) await this.ctx.storage.put(key, keep);
    else await this.ctx.storage.delete(key);
    return { hub, conversations };
  }

  private async takeTicket(ticket: string): Promise<Omit<AgentAttachment, "status"> | null> {
    const key = `ticket:${await sha256Hex(ticket)}`;
    const entry = await this.ctx.storage.get<{ identity: Omit<AgentAttachment, "status">; expiresAt: number }>(key);
    if (!entry) return null;
    await this.ctx.storage.delete(key);
    return entry.expiresAt >= Date.now() ? entry.identity : null;
  }

  /** Pushes one frame to every dashboard connected to this workspace. Called by other domains over RPC. */
  broadcast(frame: HubBroadcastFrame): number {
    // load and queues follow these frames; the router keeps them in arrival order
    void this.routing().then((r) => r.observe(frame));
    const data = JSON.stringify(frame);
    let sent = 0;
    for (const ws of this.ctx.getWebSockets(AGENT_TAG)) {
      try {
        ws.send(data);
        sent++;
      } catch {
        // a socket closing under us; its close handler cleans up
      }
    }
    return sent;
  }

  /** Pushes one frame only to the dashboards of the given agents (mentions, personal alerts). */
  notifyAgents(userIds: string[], frame: HubBroadcastFrame): number {
    const data = JSON.stringify(frame);
    let sent = 0;
    for (const userId of new Set(userIds)) {
      for (const ws of this.agentSockets(userId)) {
        try {
          ws.send(data);
          sent++;
        } catch {
          // a socket closing under us; its close handler cleans up
        }
      }
    }
    return sent;
  }

  /** Every agent with an open dashboard and their presence. */
  presence(): AgentPresence[] {
    return presenceOf(this.ctx.getWebSockets(AGENT_TAG));
  }

  /** Estimated wait for a visitor escalated now, from the agents online. */
  estimateWait(): { online_agents: number; estimated_wait_seconds: number } {
    const online = this.presence().filter((a) => a.status === "online").length;
    return { online_agents: online, estimated_wait_seconds: estimateWaitSeconds(online) };
  }

  /** Round-robin choice among online agents (for chatbots that auto-assign); null when nobody is online. */
  async nextAgent(): Promise<{ user_id: string; name: string } | null> {
    const online = this.presence().filter((a) => a.status === "online");
    const cursor = (await this.ctx.storage.get<string>("rr_cursor")) ?? null;
    const next = pickRoundRobin(online, cursor);
    if (next) await this.ctx.storage.put("rr_cursor", next.user_id);
    return next ? { user_id: next.user_id, name: next.name } : null;
  }

  /** Places a conversation that needs a person: assigned (claimed here, atomically), queued, or not routed. */
  async route(req: RouteRequest): Promise<Placement> {
    return (await this.routing()).route(req);
  }

  /** The conversation could not take the agent the hub claimed for it. */
  async releaseClaim(conversationId: string, userId: string): Promise<void> {
    (await this.routing()).releaseClaim(conversationId, userId);
  }

  /** A conversation's queue position and wait, or its assignee. */
  async routingView(conversationId: string): Promise<RoutingView> {
    return (await this.routing()).view(conversationId);
  }

  /** Every team's queue and members' load. */
  async routingOverview(workspaceId: string) {
    return (await this.routing()).overview(workspaceId);
  }

  /** An automation rule set the conversation's priority: its queue place now, and whenever it is queued later. */
  async setRoutePriority(conversationId: string, priority: number): Promise<void> {
    (await this.routing()).setPriority(conversationId, priority);
  }

  /** Teams or a chatbot's team changed in D1. */
  async routingChanged(workspaceId: string): Promise<void> {
    await (await this.routing()).configChanged(workspaceId);
  }

  async alarm(): Promise<void> {
    await (await this.routing()).onAlarm();
  }

  /** Deletes everything this object stores and closes every dashboard socket (the workspace was purged). */
  async purge(): Promise<void> {
    for (const ws of this.ctx.getWebSockets()) {
      try {
        ws.close(4004, "workspace deleted");
      } catch {
        // already closed
      }
    }
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
    this.router = undefined;
  }

  async webSocketMessage(ws: WebSocket, message: string | ArrayBuffer): Promise<void> {
    const me = readAgentAttachment(ws);
    if (!me) return;
    const parsed = parseClientFrame(message);
    if (!parsed.ok) {
      ws.send(JSON.stringify({ type: HUB_FRAMES.error, code: parsed.code, message: parsed.message } satisfies HubFrame));
      return;
    }
    const frame = parsed.frame;
    if (frame.type === CLIENT_FRAMES.ping) {
      ws.send(JSON.stringify({ type: HUB_FRAMES.pong } satisfies HubFrame));
      if (me.status === "online" && Date.now() - (this.seen.get(me.userId) ?? 0) >= SEEN_EVERY_MS) {
        this.seen.set(me.userId, Date.now());
        await markSeen(this.env.DB, me.workspaceId, me.userId);
      }
    }
    else if (frame.type === CLIENT_FRAMES.presenceSet) {
      if (!(await this.stillMember(me))) return endSocket(ws, "session_ended");
      await this.setPresence(me, frame.status);
    }
    else ws.send(JSON.stringify({ type: HUB_FRAMES.error, code: "UNSUPPORTED_FRAME", message: `${frame.type} is not accepted here` } satisfies HubFrame));
  }

  async webSocketClose(ws: WebSocket, code: number, reason: string): Promise<void> {
    try {
      const me = readAgentAttachment(ws);
      if (!me) return;
      const others = this.agentSockets(me.userId).filter((s) => s !== ws);
      if (others.length === 0) this.broadcast({ type: HUB_FRAMES.presenceChanged, user_id: me.userId, name: me.name, status: "offline" });
      if (others.length === 0) await markNotOnline(this.env.DB, me.workspaceId, me.userId);
      if (others.length === 0) await (await this.routing()).presenceChanged(me.userId, false);
    } finally {
      completeClose(ws, code, reason);
    }
  }

  async webSocketError(ws: WebSocket): Promise<void> {
    await this.webSocketClose(ws, 1011, "error");
  }

  /** Acting frames re-check the membership and session the socket was opened with. */
  private async stillMember(me: AgentAttachment): Promise<boolean> {
    if (!me.workspaceId) return true;
    return (await ports().member.liveRole(this.env, { workspaceId: me.workspaceId, userId: me.userId, sessionId: me.sid })) !== null;
  }

  private async setPresence(me: AgentAttachment, status: PresenceStatus) {
    for (const s of this.agentSockets(me.userId)) {
      const att = readAgentAttachment(s);
      if (att) s.serializeAttachment({ ...att, status } satisfies AgentAttachment);
    }
    this.broadcast({ type: HUB_FRAMES.presenceChanged, user_id: me.userId, name: me.name, status });
    void this.routing().then((r) => r.presenceChanged(me.userId, status === "online"));
    await (status === "online" ? markOnline : markNotOnline)(this.env.DB, me.workspaceId, me.userId);
  }

  private agentSockets(userId: string): WebSocket[] {
    return this.ctx.getWebSockets(`user:${userId}`).filter((s) => s.readyState === WebSocket.OPEN || s.readyState === WebSocket.CONNECTING);
  }
}

function endSocket(ws: WebSocket, reason: string) {
  try {
    ws.send(JSON.stringify({ type: HUB_FRAMES.error, code: "SESSION_ENDED", message: "Your access has changed; reconnect" } satisfies HubFrame));
    ws.close(SESSION_ENDED_CLOSE, reason);
  } catch {
    // already closed
  }
}
