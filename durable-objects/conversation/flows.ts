import { newId } from "../../common/ids";
import type { FlowEntry } from "../../common/flows/schema";
import type { FlowHost, FlowRun } from "../../common/flows/engine";
import { ports, type FlowRuntime } from "../ports";
import type { Message } from "../protocol";
import { ConversationRouting } from "./routing";
import { broadcastMessage } from "./sockets";
import { loadState, setTimer } from "./storage";
import type { ConversationState } from "./types";

/** A wait whose alarm rings while an agent holds the conversation looks again this much later. */
const PAUSED_RECHECK_MS = 60_000;

/**
 * Flows inside the conversation. The object keeps the chatbot's published
 * flows (their triggers) from its creation and, while one runs, its run in
 * its own storage (`meta` row `flow`: the pinned version's graph, the current
 * node, the variables), so a run survives eviction and finishes on the
 * version it started with. The engine and the Worker's effects load only when
 * a flow starts or runs (`ports().flows`); a conversation without flows pays
 * one property check per message. While an agent holds the conversation the
 * flow is paused: messages go to the agent and waits look again later.
 */
export abstract class ConversationFlows extends ConversationRouting {
  /** Flow turns run one after another (a quick second answer waits for the first). */
  private flowTurns: Promise<unknown> = Promise.resolve();

  /** A new conversation starts its chatbot's `conversation_start` flow. */
  protected async startFlowOnCreate(s: ConversationState, entries: FlowEntry[] | undefined): Promise<void> {
    if (!entries?.length) return;
    s.flowEntries = entries;
    this.commit(s, false);
    const entry = entries.find((e) => e.trigger.type === "conversation_start");
    if (entry && s.botMode !== "off" && s.status === "active") await this.flowTurn(s, (rt, host) => this.begin(rt, host, s, entry));
  }

  /**
   * A visitor message: the running flow takes it (true), a keyword or button
   * trigger starts a flow with it (true), or it is not the flow's (false: the
   * bot answers as usual).
   */
  protected async flowMessage(s: ConversationState, m: Message, value: string | null): Promise<boolean> {
    if (s.mode !== "bot" || s.status !== "active") return false;
    if (s.flow) {
      await this.flowTurn(s, async (rt, host, run) => (run ? rt.engine.answer(run, host, { text: m.text, value }) : null));
      return true;
    }
    const entries = s.flowEntries?.filter((e) => e.trigger.type !== "conversation_start");
    if (!entries?.length) return false;
    // the matching lives with the engine (loaded once per isolate for chatbots with keyword/button flows)
    let started = false;
    await this.flowTurn(s, async (rt, host) => {
      const entry = rt.engine.matchTrigger(entries, m.text, value);
      started = entry !== null;
      return entry ? this.begin(rt, host, s, entry) : null;
    });
    return started;
  }

  /**
   * An automation rule starts a published flow: only while the bot has the
   * conversation and no other flow runs (false otherwise, nothing changes).
   */
  async startFlowByRule(flowId: string, versionId: string): Promise<boolean> {
    const s = loadState(this.sql);
    if (!s || s.flow || s.mode !== "bot" || s.status !== "active" || s.botMode === "off") return false;
    let started = false;
    await this.flowTurn(s, async (rt, host) => {
      const run = await this.begin(rt, host, s, { flow_id: flowId, version_id: versionId, trigger: { type: "conversation_start" } }, "rule");
      started = run !== null;
      return run;
    });
    await this.flush();
    return started;
  }

  protected async onFlowWake(s: ConversationState): Promise<void> {
    if (!s.flow) return;
    if (s.mode !== "bot") {
      setTimer(this.sql, "flow_wait", Date.now() + PAUSED_RECHECK_MS);
      this.commit(s, false);
      return;
    }
    await this.flowTurn(s, async (rt, host, run) => (run ? rt.engine.wake(run, host) : null));
  }

  /** The run as stored, or null. */
  protected flowRun(): FlowRun | null {
    const row = this.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'flow'`).toArray()[0];
    return row ? (JSON.parse(row.value) as FlowRun) : null;
  }

  private saveRun(run: FlowRun) {
    this.sql.exec(`INSERT INTO meta (key, value) VALUES ('flow', ?) ON CONFLICT(key) DO UPDATE SET value = excluded.value`, JSON.stringify(run));
  }

  private async begin(rt: FlowRuntime, host: FlowHost, s: ConversationState, entry: FlowEntry, trigger: string = entry.trigger.type): Promise<FlowRun | null> {
    const version = await rt.loadVersion(this.env, s.workspaceId, entry.version_id);
    if (!version) return null;
    const vars = await rt.contact(this.env, s.workspaceId, s.visitorId).catch(() => ({}));
    host.event("flow_started", { flow_id: version.flow_id, version: version.version, trigger });
    return rt.engine.step(rt.engine.newRun(version.flow_id, version.version_id, version.version, version.graph, vars), host);
  }

  /** Runs one step of the flow with the engine loaded, then stores the run (or clears it when it ended). */
  private flowTurn(s: ConversationState, turn: (rt: FlowRuntime, host: FlowHost, run: FlowRun | null) => Promise<FlowRun | null>): Promise<unknown> {
    const next = this.flowTurns.then(async () => {
      const rt = await ports().flows.load();
      Object.assign(s, loadState(this.sql) ?? s);
      const run = await turn(rt, this.flowHost(s, rt), s.flow ? this.flowRun() : null);
      Object.assign(s, loadState(this.sql) ?? s);
      if (!run) return;
      this.saveRun(run);
      s.flow = run.status === "done" ? null : { flow_id: run.flow_id, version: run.version, status: run.status };
      this.commit(s);
    });
    this.flowTurns = next.catch((err: unknown) => console.error("flow step failed", err));
    return next;
  }

  private flowHost(s: ConversationState, rt: FlowRuntime): FlowHost {
    return {
      say: (text, rich) => {
        Object.assign(s, loadState(this.sql) ?? s);
        const m = this.append(s, { id: newId("msg"), role: "bot", sender: "bot", clientId: null, authorId: null, authorName: null, text, ...(rich ? { rich } : {}) });
        broadcastMessage(this.ctx, m);
        this.toHub(s, { type: "inbox:message", conversation_id: s.id, message: m, unread_count: s.unreadCountAgent });
        this.commit(s);
      },
      setContact: async (field, value) => {
        await rt.setContact(this.env, s.workspaceId, s.visitorId, field, value);
        if (field === "name") {
          Object.assign(s, loadState(this.sql) ?? s);
          s.visitorName = value;
          this.commit(s);
        }
      },
      tag: (tags) => rt.tag(this.env, s.workspaceId, s.id, tags),
      http: (req) => rt.http(this.env, s.workspaceId, req),
      handoff: async (teamId) => {
        Object.assign(s, loadState(this.sql) ?? s);
        s.flow = null;
        await this.escalate(s, "flow_handoff", "flow", false, teamId);
      },
      wakeAt: (ms) => setTimer(this.sql, "flow_wait", ms),
      event: (type, data) => this.recordEvent(s, type, null, null, "flow", data),
      now: () => Date.now(),
    };
  }
}
