import type { AgentRef, HubBroadcastFrame } from "../protocol";
import { conversationStub } from "../stubs";
import { estimateQueueWait, pickAgent, priorityOf, type Candidate } from "./pick";
import { loadRoutingConfig, type RoutingConfig, type TeamConfig } from "./routing-config";
import type { AgentPresence } from "./presence";

/** What a conversation asks the hub for when it needs a person. */
export interface RouteRequest {
  workspaceId: string;
  conversationId: string;
  chatbotId: string;
  /** escalation reason, "human_first", "reopened", "reply_timeout", "agent_offline", "manual" */
  reason: string;
  priority?: number;
  /** reopened: the previous agent, taken only when online with room */
  preferredUserId?: string | null;
  /** reassigned: the agent it comes back from */
  excludeUserId?: string | null;
  /** a team chosen by hand instead of the chatbot's */
  teamId?: string | null;
}

export type Placement =
  | { kind: "unrouted" }
  | { kind: "assigned"; agent: AgentRef; team_id: string; reply_limit_seconds: number | null }
  | { kind: "queued"; team_id: string; position: number; estimated_wait_seconds: number };

export interface RoutingView {
  team_id: string | null;
  queue_position: number | null;
  estimated_wait_seconds: number | null;
  assigned_user_id: string | null;
}

interface QueueRow extends Record<string, SqlStorageValue> {
  conversation_id: string;
  team_id: string;
  priority: number;
  enqueued_at: number;
  exclude_user: string | null;
  preferred_user: string | null;
  told_position: number | null;
}

/** Default average handling time before any conversation was resolved (seconds). */
const DEFAULT_HANDLE_SECONDS = 300;
/** Weight of the newest handling time in the running average. */
const HANDLE_EWMA = 0.2;
/** Most conversations asked to take an agent in one drain pass. */
const DRAIN_BATCH = 200;
/** Terminal statuses: the conversation leaves its agent's load and the queue. */
const CLOSED = new Set(["resolved", "archived", "abandoned"]);

const SCHEMA = `
  CREATE TABLE IF NOT EXISTS route_assignments (conversation_id TEXT PRIMARY KEY, user_id TEXT NOT NULL, team_id TEXT, assigned_at INTEGER NOT NULL);
  CREATE INDEX IF NOT EXISTS route_assignments_user ON route_assignments(user_id);
  CREATE TABLE IF NOT EXISTS route_queue (
    conversation_id TEXT PRIMARY KEY, team_id TEXT NOT NULL, priority INTEGER NOT NULL, enqueued_at INTEGER NOT NULL,
    exclude_user TEXT, preferred_user TEXT, told_position INTEGER
  );
  CREATE INDEX IF NOT EXISTS route_queue_order ON route_queue(team_id, priority DESC, enqueued_at);
  CREATE TABLE IF NOT EXISTS route_agents (user_id TEXT PRIMARY KEY, last_assigned_at INTEGER NOT NULL DEFAULT 0, offline_since INTEGER);
  CREATE TABLE IF NOT EXISTS route_meta (key TEXT PRIMARY KEY, value TEXT NOT NULL);
  CREATE TABLE IF NOT EXISTS route_priority (conversation_id TEXT PRIMARY KEY, priority INTEGER NOT NULL);`;

export interface RouterHost {
  env: Env;
  storage: DurableObjectStorage;
  presence(): AgentPresence[];
  notifyAgents(userIds: string[], frame: HubBroadcastFrame): number;
}

/**
 * Routing inside the WorkspaceHubDO, the one writer of every claim: teams'
 * queues, who holds which conversation (load), and the choice of agent. Every
 * claim reads and writes this object's SQLite in one synchronous block, so
 * concurrent escalations never give an agent more than their capacity or a
 * conversation two agents. Presence comes from the open dashboard sockets.
 */
export class Router {
  private readonly sql: SqlStorage;
  private cfg: Promise<RoutingConfig> | null = null;
  private draining = false;
  private drainAgain = false;

  constructor(private readonly host: RouterHost) {
    this.sql = host.storage.sql;
    this.sql.exec(SCHEMA);
  }

  /** Team settings changed in D1: read them again and let the queues move. */
  async configChanged(workspaceId: string): Promise<void> {
    this.cfg = null;
    this.setMeta("workspace", workspaceId);
    await this.drain();
  }

  async route(req: RouteRequest): Promise<Placement> {
    this.setMeta("workspace", req.workspaceId);
    const cfg = await this.config();
    const teamId = req.teamId ?? cfg.chatbotTeam.get(req.chatbotId) ?? null;
    const team = teamId ? cfg.teams.get(teamId) : undefined;
    if (!team) return { kind: "unrouted" };
    // synchronous from here to the claim: nothing interleaves
    const held = this.sql.exec<{ user_id: string }>(`SELECT user_id FROM route_assignments WHERE conversation_id = ?`, req.conversationId).toArray()[0];
    // a claim in flight for an agent still online stands; any other row is stale (the conversation asks because nobody holds it)
    const holder = held && held.user_id !== req.excludeUserId ? this.host.presence().find((a) => a.user_id === held.user_id && a.status === "online") : undefined;
    if (holder) return { kind: "assigned", agent: { id: holder.user_id, name: holder.name }, team_id: team.id, reply_limit_seconds: team.replyLimitSeconds };
    if (held) this.sql.exec(`DELETE FROM route_assignments WHERE conversation_id = ?`, req.conversationId);
    const agent = this.pick(team, req.preferredUserId ?? null, req.excludeUserId ?? null);
    if (req.excludeUserId) this.host.notifyAgents([req.excludeUserId], { type: "routing:reassigned", conversation_id: req.conversationId, reason: req.reason });
    if (agent) {
      this.claim(req.conversationId, agent.userId, team.id);
      this.publishPositions();
      return { kind: "assigned", agent: { id: agent.userId, name: agent.name }, team_id: team.id, reply_limit_seconds: team.replyLimitSeconds };
    }
    const priority = Math.max(req.priority ?? 0, priorityOf(req.reason), this.setPriorityOf(req.conversationId));
    this.sql.exec(
      `INSERT INTO route_queue (conversation_id, team_id, priority, enqueued_at, exclude_user, preferred_user) VALUES (?, ?, ?, ?, ?, ?)
       ON CONFLICT(conversation_id) DO UPDATE SET team_id = excluded.team_id, priority = max(priority, excluded.priority),
         exclude_user = excluded.exclude_user, preferred_user = excluded.preferred_user`,
      req.conversationId, team.id, priority, this.tick("queue_tick"), req.excludeUserId ?? null, req.preferredUserId ?? null,
    );
    const position = this.positionOf(req.conversationId) ?? 1;
    this.sql.exec(`UPDATE route_queue SET told_position = ? WHERE conversation_id = ?`, position, req.conversationId);
    this.publishPositions();
    return { kind: "queued", team_id: team.id, position, estimated_wait_seconds: this.waitFor(team, position) };
  }

  /** A priority set by an automation rule: it orders the queue now (if queued) and at every later queueing (at least this). */
  setPriority(conversationId: string, priority: number): void {
    this.sql.exec(
      `INSERT INTO route_priority (conversation_id, priority) VALUES (?, ?) ON CONFLICT(conversation_id) DO UPDATE SET priority = excluded.priority`,
      conversationId, priority,
    );
    if (this.sql.exec(`UPDATE route_queue SET priority = ? WHERE conversation_id = ?`, priority, conversationId).rowsWritten > 0) this.publishPositions();
  }

  private setPriorityOf(conversationId: string): number {
    return this.sql.exec<{ priority: number }>(`SELECT priority FROM route_priority WHERE conversation_id = ?`, conversationId).toArray()[0]?.priority ?? 0;
  }

  /** A claim the conversation could not take (it moved on meanwhile). */
  releaseClaim(conversationId: string, userId: string): void {
    this.sql.exec(`DELETE FROM route_assignments WHERE conversation_id = ? AND user_id = ?`, conversationId, userId);
    void this.drain();
  }

  /** Keeps load and queues true from the frames every conversation already sends the dashboards. */
  observe(frame: HubBroadcastFrame): void {
    if (frame.type === "inbox:assigned") {
      if (frame.agent) {
        const team = this.sql.exec<{ team_id: string }>(`SELECT team_id FROM route_queue WHERE conversation_id = ?`, frame.conversation_id).toArray()[0]?.team_id;
        const had = this.sql.exec<{ user_id: string }>(`SELECT user_id FROM route_assignments WHERE conversation_id = ?`, frame.conversation_id).toArray()[0];
        if (had?.user_id === frame.agent.id) return;
        this.sql.exec(
          `INSERT INTO route_assignments (conversation_id, user_id, team_id, assigned_at) VALUES (?, ?, ?, ?)
           ON CONFLICT(conversation_id) DO UPDATE SET user_id = excluded.user_id, team_id = coalesce(excluded.team_id, team_id), assigned_at = excluded.assigned_at`,
          frame.conversation_id, frame.agent.id, team ?? null, Date.now(),
        );
        this.sql.exec(`DELETE FROM route_queue WHERE conversation_id = ?`, frame.conversation_id);
        if (had) void this.drain();
        else this.publishPositions();
      } else if (this.unassign(frame.conversation_id)) void this.drain();
    } else if (frame.type === "inbox:status_changed" && CLOSED.has(frame.to)) {
      const freed = this.unassign(frame.conversation_id);
      const queued = this.sql.exec(`DELETE FROM route_queue WHERE conversation_id = ?`, frame.conversation_id).rowsWritten > 0;
      this.sql.exec(`DELETE FROM route_priority WHERE conversation_id = ?`, frame.conversation_id);
      if (freed || queued) void this.drain();
    }
  }

  /** An agent's dashboard came online or went away/offline. */
  async presenceChanged(userId: string, online: boolean): Promise<void> {
    if (online) {
      this.sql.exec(`INSERT INTO route_agents (user_id, offline_since) VALUES (?, NULL) ON CONFLICT(user_id) DO UPDATE SET offline_since = NULL`, userId);
      await this.drain();
      return;
    }
    const holds = this.sql.exec(`SELECT 1 FROM route_assignments WHERE user_id = ? AND team_id IS NOT NULL LIMIT 1`, userId).toArray().length > 0;
    if (!holds) return;
    const now = Date.now();
    this.sql.exec(`INSERT INTO route_agents (user_id, offline_since) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET offline_since = excluded.offline_since`, userId, now);
    const cfg = await this.config();
    await this.armAt(now + this.graceOf(cfg, userId) * 1000);
  }

  /** The hub's alarm: conversations of agents offline past their grace go back to the queue. */
  async onAlarm(): Promise<void> {
    const cfg = await this.config();
    const online = new Set(this.host.presence().filter((a) => a.status === "online").map((a) => a.user_id));
    const now = Date.now();
    let next: number | null = null;
    const away = this.sql.exec<{ user_id: string; offline_since: number }>(`SELECT user_id, offline_since FROM route_agents WHERE offline_since IS NOT NULL`).toArray();
    for (const a of away) {
      if (online.has(a.user_id)) {
        this.sql.exec(`UPDATE route_agents SET offline_since = NULL WHERE user_id = ?`, a.user_id);
        continue;
      }
      const due = a.offline_since + this.graceOf(cfg, a.user_id) * 1000;
      if (due > now) {
        next = next === null ? due : Math.min(next, due);
        continue;
      }
      this.sql.exec(`UPDATE route_agents SET offline_since = NULL WHERE user_id = ?`, a.user_id);
      const held = this.sql.exec<{ conversation_id: string }>(`SELECT conversation_id FROM route_assignments WHERE user_id = ? AND team_id IS NOT NULL`, a.user_id).toArray();
      await Promise.all(
        held.map(async ({ conversation_id }) => {
          try {
            await conversationStub(this.host.env, conversation_id).reassign(a.user_id, "agent_offline");
          } catch (err) {
            console.error("reassigning a conversation failed", err);
          }
        }),
      );
    }
    if (next !== null) await this.armAt(next);
  }

  /** Where a conversation stands: its queue position and wait, or who holds it. */
  async view(conversationId: string): Promise<RoutingView> {
    const q = this.sql.exec<QueueRow>(`SELECT * FROM route_queue WHERE conversation_id = ?`, conversationId).toArray()[0];
    const a = this.sql.exec<{ user_id: string; team_id: string | null }>(`SELECT user_id, team_id FROM route_assignments WHERE conversation_id = ?`, conversationId).toArray()[0];
    if (!q) return { team_id: a?.team_id ?? null, queue_position: null, estimated_wait_seconds: null, assigned_user_id: a?.user_id ?? null };
    // the configuration is read again after the object was evicted (hibernated sockets outlive it)
    const team = (await this.config()).teams.get(q.team_id);
    const position = this.positionOf(conversationId);
    return {
      team_id: q.team_id,
      queue_position: position,
      estimated_wait_seconds: position && team ? this.waitFor(team, position) : null,
      assigned_user_id: null,
    };
  }

  /** Every team's queue and its members' load, for the inbox. */
  async overview(workspaceId: string) {
    this.setMeta("workspace", workspaceId);
    const cfg = await this.config();
    const presence = new Map(this.host.presence().map((a) => [a.user_id, a]));
    const load = this.loads();
    return [...cfg.teams.values()].map((team) => ({
      team_id: team.id,
      name: team.name,
      assignment: team.assignment,
      queue: this.queueOf(team.id).map((r, i) => ({
        conversation_id: r.conversation_id,
        position: i + 1,
        priority: r.priority,
        estimated_wait_seconds: this.waitFor(team, i + 1),
      })),
      members: [...team.members].map(([userId, own]) => ({
        user_id: userId,
        name: presence.get(userId)?.name ?? null,
        status: presence.get(userId)?.status ?? "offline",
        open_conversations: load.get(userId) ?? 0,
        capacity: own ?? team.capacity,
      })),
    }));
  }

  /** Assigns what the queues hold to whoever has room now; runs until nothing more moves. */
  async drain(): Promise<void> {
    if (this.draining) {
      this.drainAgain = true;
      return;
    }
    this.draining = true;
    // a conversation that refused its agent is not offered again in this drain (it moved on; its frames will say so)
    const refused = new Set<string>();
    try {
      do {
        this.drainAgain = false;
        const workspaceId = this.meta("workspace");
        if (!workspaceId) return;
        const cfg = await this.config();
        const claims: { conversationId: string; userId: string; name: string; team: TeamConfig }[] = [];
        const rows = this.sql.exec<QueueRow>(`SELECT * FROM route_queue ORDER BY priority DESC, enqueued_at LIMIT ?`, DRAIN_BATCH).toArray();
        for (const row of rows) {
          if (refused.has(row.conversation_id)) continue;
          const team = cfg.teams.get(row.team_id);
          if (!team) continue;
          const agent = this.pick(team, row.preferred_user, row.exclude_user);
          if (!agent) continue;
          this.claim(row.conversation_id, agent.userId, team.id);
          claims.push({ conversationId: row.conversation_id, userId: agent.userId, name: agent.name, team });
        }
        const taken = await Promise.all(
          claims.map(async (c) => {
            try {
              return await conversationStub(this.host.env, c.conversationId).assignFromQueue({ id: c.userId, name: c.name }, c.team.replyLimitSeconds);
            } catch (err) {
              console.error("assigning from the queue failed", err);
              return false;
            }
          }),
        );
        claims.forEach((c, i) => {
          if (!taken[i]) {
            this.sql.exec(`DELETE FROM route_assignments WHERE conversation_id = ? AND user_id = ?`, c.conversationId, c.userId);
            refused.add(c.conversationId);
            this.drainAgain = true;
          }
        });
        this.publishPositions();
        if (claims.length === 0) break;
      } while (this.drainAgain);
    } finally {
      this.draining = false;
    }
  }

  private publishing = false;
  private publishAgain = false;

  /**
   * Tells each queued visitor whose place changed their new position and wait.
   * Runs beside the drain (never holds up an assignment) and coalesces: one
   * pass at a time, a further pass when something moved meanwhile.
   */
  private publishPositions(): void {
    if (this.publishing) {
      this.publishAgain = true;
      return;
    }
    this.publishing = true;
    void (async () => {
      try {
        do {
          this.publishAgain = false;
          await this.publishOnce();
        } while (this.publishAgain);
      } catch (err) {
        console.error("queue positions not published", err);
      } finally {
        this.publishing = false;
      }
    })();
  }

  private async publishOnce(): Promise<void> {
    const cfg = await this.config();
    const moves: Promise<unknown>[] = [];
    for (const team of cfg.teams.values()) {
      this.queueOf(team.id).forEach((r, i) => {
        const position = i + 1;
        if (r.told_position === position) return;
        this.sql.exec(`UPDATE route_queue SET told_position = ? WHERE conversation_id = ?`, position, r.conversation_id);
        moves.push(
          conversationStub(this.host.env, r.conversation_id)
            .queueUpdate(position, this.waitFor(team, position))
            .catch((err: unknown) => console.error("queue update failed", err)),
        );
      });
    }
    await Promise.all(moves);
  }

  private pick(team: TeamConfig, preferred: string | null, exclude: string | null): Candidate | null {
    const load = this.loads();
    const last = new Map(this.sql.exec<{ user_id: string; last_assigned_at: number }>(`SELECT user_id, last_assigned_at FROM route_agents`).toArray().map((r) => [r.user_id, r.last_assigned_at]));
    const candidates: Candidate[] = [];
    for (const a of this.host.presence()) {
      if (a.status !== "online" || !team.members.has(a.user_id) || a.user_id === exclude) continue;
      candidates.push({
        userId: a.user_id, name: a.name, load: load.get(a.user_id) ?? 0, capacity: team.members.get(a.user_id) ?? team.capacity,
        lastAssignedAt: last.get(a.user_id) ?? 0,
      });
    }
    const wanted = preferred ? candidates.find((c) => c.userId === preferred && c.load < c.capacity) : undefined;
    if (wanted) return wanted;
    const cursorKey = `rr:${team.id}`;
    const chosen = pickAgent(team.assignment, candidates, this.meta(cursorKey));
    if (chosen && team.assignment === "round_robin") this.setMeta(cursorKey, chosen.userId);
    return chosen;
  }

  private claim(conversationId: string, userId: string, teamId: string) {
    this.sql.exec(
      `INSERT INTO route_assignments (conversation_id, user_id, team_id, assigned_at) VALUES (?, ?, ?, ?)
       ON CONFLICT(conversation_id) DO UPDATE SET user_id = excluded.user_id, team_id = excluded.team_id, assigned_at = excluded.assigned_at`,
      conversationId, userId, teamId, Date.now(),
    );
    this.sql.exec(`DELETE FROM route_queue WHERE conversation_id = ?`, conversationId);
    // a strictly increasing stamp: Date.now() stands still within one synchronous block
    this.sql.exec(
      `INSERT INTO route_agents (user_id, last_assigned_at) VALUES (?, ?) ON CONFLICT(user_id) DO UPDATE SET last_assigned_at = excluded.last_assigned_at`,
      userId, this.tick("assign_tick"),
    );
  }

  /** Drops a conversation from its agent's load; records how long it was handled. */
  private unassign(conversationId: string): boolean {
    const row = this.sql.exec<{ team_id: string | null; assigned_at: number }>(`SELECT team_id, assigned_at FROM route_assignments WHERE conversation_id = ?`, conversationId).toArray()[0];
    if (!row) return false;
    this.sql.exec(`DELETE FROM route_assignments WHERE conversation_id = ?`, conversationId);
    if (row.team_id) {
      const key = `handle:${row.team_id}`;
      const seconds = Math.max(1, (Date.now() - row.assigned_at) / 1000);
      const before = Number(this.meta(key) ?? DEFAULT_HANDLE_SECONDS);
      this.setMeta(key, String(Math.round(before * (1 - HANDLE_EWMA) + seconds * HANDLE_EWMA)));
    }
    return true;
  }

  private loads(): Map<string, number> {
    return new Map(this.sql.exec<{ user_id: string; n: number }>(`SELECT user_id, count(*) AS n FROM route_assignments GROUP BY user_id`).toArray().map((r) => [r.user_id, r.n]));
  }

  private queueOf(teamId: string): QueueRow[] {
    return this.sql.exec<QueueRow>(`SELECT * FROM route_queue WHERE team_id = ? ORDER BY priority DESC, enqueued_at`, teamId).toArray();
  }

  private positionOf(conversationId: string): number | null {
    const row = this.sql
      .exec<{ position: number }>(
        `SELECT (SELECT count(*) FROM route_queue o WHERE o.team_id = q.team_id AND (o.priority > q.priority OR (o.priority = q.priority AND o.enqueued_at <= q.enqueued_at))) AS position
         FROM route_queue q WHERE q.conversation_id = ?`,
        conversationId,
      )
      .toArray()[0];
    return row?.position ?? null;
  }

  private waitFor(team: TeamConfig, position: number): number {
    const online = this.host.presence().filter((a) => a.status === "online" && team.members.has(a.user_id)).length;
    return estimateQueueWait(position, online, Number(this.meta(`handle:${team.id}`) ?? DEFAULT_HANDLE_SECONDS));
  }

  private graceOf(cfg: RoutingConfig, userId: string): number {
    let grace: number | null = null;
    for (const t of cfg.teams.values()) if (t.members.has(userId)) grace = Math.min(grace ?? t.offlineGraceSeconds, t.offlineGraceSeconds);
    return grace ?? 60;
  }

  private async armAt(at: number) {
    const current = await this.host.storage.getAlarm();
    if (current === null || at < current) await this.host.storage.setAlarm(at);
  }

  private config(): Promise<RoutingConfig> {
    const workspaceId = this.meta("workspace");
    if (!workspaceId) return Promise.resolve({ teams: new Map(), chatbotTeam: new Map() });
    this.cfg ??= loadRoutingConfig(this.host.env.DB, workspaceId).catch(
      (err: unknown) => {
        this.cfg = null;
        throw err;
      },
    );
    return this.cfg;
  }

  /** A value greater than every earlier one from the same counter (milliseconds when the clock moves). */
  private tick(key: string): number {
    const next = Math.max(Date.now(), Number(this.meta(key) ?? 0) + 1);
    this.setMeta(key, String(next));
    return next;
  }

  private meta(key: string): string | null {
    return this.sql.exec<{ value: string }>(`SELECT value FROM route_meta WHERE key = ?`, key).toArray()[0]?.value ?? null;
  }

  private setMeta(key: string, value: string) {
    this.sql.exec(`INSERT INTO route_meta (key, value) VALUES (?, ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, key, value);
  }
}
