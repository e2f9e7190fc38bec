import type { AgentRef } from "../protocol";
import type { Placement } from "../hub/routing";
import { ConversationCore } from "./core";
import { holderOf } from "./frames";
import { broadcast } from "./sockets";
import { loadState, setTimer } from "./storage";
import type { ConversationState } from "./types";

/** Statuses in which a routed agent can be given the conversation. */
const ASSIGNABLE = new Set(["active", "waiting", "escalated"]);

/**
 * The conversation's side of routing. The WorkspaceHubDO decides (one writer
 * of every claim); the conversation asks it when it needs a person (escalated,
 * a human-first start, reopened, its assignee went away), applies the agent it
 * is given as a takeover, tells a queued visitor their place, and runs the
 * team's reply limit on its one alarm.
 */
export abstract class ConversationRouting extends ConversationCore {
  /** The hub gives a queued conversation an agent; false when it has moved on (the hub then tries the next). */
  async assignFromQueue(agent: AgentRef, replyLimitSeconds: number | null): Promise<boolean> {
    const s = loadState(this.sql);
    if (!s) return false;
    const taken = this.applyAssignment(s, agent, replyLimitSeconds);
    if (taken) await this.flush();
    return taken;
  }

  /**
   * Takes the conversation back from `agentId` (offline past the grace, or the
   * reply limit passed) and puts it back in the queue without that agent.
   */
  async reassign(agentId: string, reason: "agent_offline" | "reply_timeout"): Promise<boolean> {
    const s = loadState(this.sql);
    const holder = s ? holderOf(s) : null;
    if (!s || holder?.id !== agentId) return false;
    broadcast(this.ctx, { type: "agent:left", agent: holder });
    s.mode = "bot";
    this.clearTimerIfSet("route_reply");
    this.clearTimerIfSet("agent_reply");
    this.changeStatus(s, "escalated", reason, "system");
    this.recordEvent(s, "reassigned", null, null, "system", { from_agent_id: agentId, reason });
    this.toHub(s, { type: "inbox:assigned", conversation_id: s.id, agent: null });
    this.commit(s);
    await this.requestRoute(s, reason, { excludeUserId: agentId });
    await this.flush();
    return true;
  }

  /** The visitor's new place in the queue. */
  async queueUpdate(position: number, estimatedWaitSeconds: number): Promise<void> {
    broadcast(this.ctx, { type: "conversation:queue", position, estimated_wait_seconds: estimatedWaitSeconds });
  }

  protected async afterEscalation(s: ConversationState, teamId: string | null = null): Promise<void> {
    await this.requestRoute(s, s.escalationReason ?? "escalated", { preferredUserId: s.agent?.id ?? null, ...(teamId ? { teamId } : {}) });
  }

  /** A human-first conversation (the chatbot's bot is off) goes to a person from the start. */
  protected async routeNewConversation(s: ConversationState): Promise<void> {
    if (s.botMode === "off" && s.status === "active") await this.requestRoute(s, "human_first", {});
  }

  /** Reopened: back to the agent who had it only if they are online with room, otherwise the team decides. */
  protected async routeReopened(s: ConversationState): Promise<void> {
    if (s.agent) await this.requestRoute(s, "reopened", { preferredUserId: s.agent.id });
  }

  protected async onReplyLimit(s: ConversationState): Promise<void> {
    const holder = holderOf(s);
    if (holder && s.status === "agent_handling") await this.reassign(holder.id, "reply_timeout");
  }

  /** Asks the hub for a person by hand (an admin sends it to a team); the answer is where it went. */
  async routeToTeam(teamId: string): Promise<Placement> {
    const s = loadState(this.sql);
    if (!s) return { kind: "unrouted" };
    return this.requestRoute(s, "manual", { teamId });
  }

  protected async requestRoute(
    s: ConversationState,
    reason: string,
    opts: { preferredUserId?: string | null; excludeUserId?: string | null; teamId?: string | null },
  ): Promise<Placement> {
    let placement: Placement;
    try {
      placement = await this.hub(s).route({ workspaceId: s.workspaceId, conversationId: s.id, chatbotId: s.chatbotId, reason, ...opts });
    } catch (err) {
      console.error("routing failed", err);
      return { kind: "unrouted" };
    }
    // the conversation may have moved on while the hub decided
    Object.assign(s, loadState(this.sql) ?? s);
    if (placement.kind === "assigned") {
      if (!this.applyAssignment(s, placement.agent, placement.reply_limit_seconds)) this.hub(s).releaseClaim(s.id, placement.agent.id).catch(() => undefined);
    } else if (placement.kind === "queued") {
      broadcast(this.ctx, { type: "conversation:queue", position: placement.position, estimated_wait_seconds: placement.estimated_wait_seconds });
    }
    return placement;
  }

  private applyAssignment(s: ConversationState, agent: AgentRef, replyLimitSeconds: number | null): boolean {
    const holder = holderOf(s);
    if (holder) return holder.id === agent.id;
    if (!ASSIGNABLE.has(s.status)) return false;
    const r = this.takeOver(s, { id: agent.id, name: agent.name, role: "agent" }, "assigned");
    if (!r.ok) return false;
    if (replyLimitSeconds) setTimer(this.sql, "route_reply", Date.now() + replyLimitSeconds * 1000);
    this.commit(s);
    return true;
  }
}
