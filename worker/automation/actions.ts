import { conversationStub, workspaceHub } from "../../durable-objects/stubs";
import type { Actor } from "../../durable-objects/conversation";
import { normaliseTags } from "../inbox/tags";
import { parseTags } from "../inbox/conversation-row";
import { sendEmail } from "../notify/email";
import { sha256Hex } from "../lib/crypto";
import { newId, nowIso } from "../lib/ids";
import type { Facts } from "./conditions";
import type { RuleAction } from "./schema";

/** The rule and event an action runs for. */
export interface ActionRun {
  env: Env;
  workspaceId: string;
  conversationId: string;
  rule: { id: string; name: string };
  trigger: string;
  /** the event's key (idempotency of emails and webhook deliveries) */
  eventKey: string;
  facts: Facts;
}

export interface ActionOutcome {
  ok: boolean;
  /** "tagged vip", "assigned to Sales (queued, position 2)" — the event line reads `Rule “<name>” <summary>` */
  summary: string;
}

/** Queue priority a rule's level gives (the hub's own reasons go from 0 to 3: "urgent" goes before all of them). */
export const PRIORITY_RANK = { low: 0, normal: 0, high: 2, urgent: 4 } as const;

/** What the action would do, in words (the test endpoint; nothing is read or changed). */
export function describeAction(a: RuleAction): string {
  switch (a.type) {
    case "assign_team":
      return `assign to team ${a.team_id}`;
    case "assign_agent":
      return `assign to agent ${a.agent_id}`;
    case "set_priority":
      return `set priority to ${a.priority}`;
    case "add_tag":
      return `tag ${a.tags.join(", ")}`;
    case "remove_tag":
      return `remove tag ${a.tags.join(", ")}`;
    case "send_message":
      return `send the message "${a.text.slice(0, 80)}"`;
    case "send_canned":
      return `send canned response ${a.canned_response_id}`;
    case "start_flow":
      return `start flow ${a.flow_id}`;
    case "notify_email":
      return `email ${a.to.join(", ")}`;
    case "call_webhook":
      return `call webhook ${a.webhook_id}`;
    case "resolve":
      return "resolve the conversation";
    case "close":
      return "close (archive) the conversation";
  }
}

const fail = (summary: string): ActionOutcome => ({ ok: false, summary });

/** The rule acting on the conversation, as the object's actions need an actor (admin rights: it may resolve a held conversation). */
const ruleActor = (run: ActionRun): Actor => ({ id: `rule:${run.rule.id}`, name: `Rule “${run.rule.name}”`, role: "admin", workspaceId: run.workspaceId });

/** Carries out one action through the domain's own paths (the conversation's object, the hub, tags, mail, webhook deliveries). */
export async function runAction(run: ActionRun, a: RuleAction): Promise<ActionOutcome> {
  const { env, workspaceId, conversationId } = run;
  const stub = () => conversationStub(env, conversationId);
  switch (a.type) {
    case "add_tag":
    case "remove_tag":
      return changeTags(run, a.type === "add_tag" ? a.tags : [], a.type === "remove_tag" ? a.tags : []);
    case "assign_team": {
      const team = await env.DB.prepare(`SELECT name FROM teams WHERE id = ?1 AND workspace_id = ?2`).bind(a.team_id, workspaceId).first<{ name: string }>();
      if (!team) return fail(`could not assign: the team no longer exists`);
      const placed = await stub().routeToTeam(a.team_id);
      if (placed.kind === "assigned") return { ok: true, summary: `assigned to ${team.name} (${placed.agent.name})` };
      if (placed.kind === "queued") return { ok: true, summary: `sent to ${team.name}'s queue (position ${placed.position})` };
      return fail(`could not send to ${team.name}`);
    }
    case "assign_agent": {
      const agent = await env.DB.prepare(
        `SELECT u.id AS id, u.name AS name, m.role AS role FROM memberships m JOIN users u ON u.id = m.user_id
         WHERE m.workspace_id = ?1 AND m.user_id = ?2 AND m.status = 'active' AND u.status = 'active' AND m.role IN ('owner','admin','agent')`,
      )
        .bind(workspaceId, a.agent_id)
        .first<{ id: string; name: string; role: string }>();
      if (!agent) return fail("could not assign: the agent is no longer an active member");
      const r = await stub().transfer(ruleActor(run), { id: agent.id, name: agent.name, role: agent.role, workspaceId });
      return r.ok ? { ok: true, summary: `assigned to ${agent.name}` } : fail(`could not assign to ${agent.name}: ${r.error.message}`);
    }
    case "set_priority":
      await workspaceHub(env, workspaceId).setRoutePriority(conversationId, PRIORITY_RANK[a.priority]);
      return { ok: true, summary: `set priority to ${a.priority}` };
    case "send_message": {
      const r = await stub().say(fill(a.text, run));
      return r.ok ? { ok: true, summary: "sent a message" } : fail(`could not send a message: ${r.error.message}`);
    }
    case "send_canned": {
      const canned = await env.DB.prepare(`SELECT shortcut, text FROM canned_responses WHERE id = ?1 AND workspace_id = ?2`)
        .bind(a.canned_response_id, workspaceId)
        .first<{ shortcut: string; text: string }>();
      if (!canned) return fail("could not send: the canned response no longer exists");
      const r = await stub().say(fill(canned.text, run));
      return r.ok ? { ok: true, summary: `sent canned response ${canned.shortcut}` } : fail(`could not send ${canned.shortcut}: ${r.error.message}`);
    }
    case "start_flow": {
      const flow = await env.DB.prepare(`SELECT name, published_version_id AS version_id FROM flows WHERE id = ?1 AND workspace_id = ?2 AND enabled = 1`)
        .bind(a.flow_id, workspaceId)
        .first<{ name: string; version_id: string | null }>();
      if (!flow?.version_id) return fail("could not start the flow: it is not published or not enabled");
      const started = await stub().startFlowByRule(a.flow_id, flow.version_id);
      return started ? { ok: true, summary: `started flow ${flow.name}` } : fail(`did not start flow ${flow.name}: a person or another flow has the conversation`);
    }
    case "notify_email": {
      const link = `${env.APP_URL?.replace(/\/$/, "") ?? ""}/inbox/${conversationId}`;
      const text = `${a.message ? `${a.message}\n\n` : ""}Rule “${run.rule.name}” (${run.trigger.replace(/_/g, " ")}) matched a conversation.\n\nOpen it: ${link}`;
      for (const to of a.to) {
        const id = `mail_${(await sha256Hex(`${run.rule.id}:${run.eventKey}:${to}`)).slice(0, 24)}`;
        await sendEmail(env, { workspaceId, to, subject: `Rule “${run.rule.name}” matched a conversation`, text }, { id });
      }
      return { ok: true, summary: `emailed ${a.to.join(", ")}` };
    }
    case "call_webhook":
      return callWebhook(run, a.webhook_id);
    case "resolve":
    case "close": {
      const r = a.type === "resolve" ? await stub().resolve(ruleActor(run), null) : await stub().archive(ruleActor(run));
      return r.ok ? { ok: true, summary: a.type === "resolve" ? "resolved the conversation" : "closed the conversation" } : fail(`could not ${a.type}: ${r.error.message}`);
    }
  }
}

/** `{{visitor.name}}` in a rule's message. */
function fill(text: string, run: ActionRun): string {
  return text.replace(/\{\{\s*visitor\.name\s*\}\}/gi, () => run.facts.visitor.name?.trim() || "there");
}

/** Tags in the index row, like the inbox's tag edit; the facts follow so later rules see them. */
async function changeTags(run: ActionRun, add: string[], remove: string[]): Promise<ActionOutcome> {
  const { env, workspaceId, conversationId } = run;
  const row = await env.DB.prepare(`SELECT tags FROM conversations WHERE id = ?1 AND workspace_id = ?2`).bind(conversationId, workspaceId).first<{ tags: string | null }>();
  const before = parseTags(row?.tags ?? null);
  let after: string[];
  let gone: string[] = [];
  try {
    gone = normaliseTags(remove);
    after = normaliseTags([...before, ...add]).filter((t) => !gone.includes(t));
  } catch (err) {
    return fail(`could not tag: ${err instanceof Error ? err.message : String(err)}`);
  }
  await env.DB.prepare(`UPDATE conversations SET tags = ?1, updated_at = ?2 WHERE id = ?3 AND workspace_id = ?4`).bind(JSON.stringify(after), nowIso(), conversationId, workspaceId).run();
  run.facts.conversation.tags = after;
  return add.length ? { ok: true, summary: `tagged ${normaliseTags(add).join(", ")}` } : { ok: true, summary: `removed tag ${gone.join(", ")}` };
}

/**
 * One delivery to a configured webhook through the same delivery path as its
 * events (SSRF check at each attempt, signature, retries, the delivery log);
 * its id is derived from rule, event and webhook, so a replay adds nothing.
 */
async function callWebhook(run: ActionRun, webhookId: string): Promise<ActionOutcome> {
  const { env, workspaceId, conversationId } = run;
  const hook = await env.DB.prepare(`SELECT url FROM webhooks WHERE id = ?1 AND workspace_id = ?2 AND active = 1`).bind(webhookId, workspaceId).first<{ url: string }>();
  if (!hook) return fail("could not call the webhook: it no longer exists or is paused");
  const id = `whd_${(await sha256Hex(`${webhookId}:rule:${run.rule.id}:${run.eventKey}`)).slice(0, 24)}`;
  const now = nowIso();
  const payload = JSON.stringify({
    id,
    type: "automation.rule",
    created_at: now,
    workspace_id: workspaceId,
    data: { rule: run.rule, trigger: run.trigger, conversation: { id: conversationId, chatbot_id: run.facts.conversation.chatbot_id, channel: run.facts.conversation.channel, status: run.facts.conversation.status, tags: run.facts.conversation.tags } },
  });
  const res = await env.DB.prepare(
    `INSERT OR IGNORE INTO webhook_deliveries (id, workspace_id, webhook_id, event, payload, status, attempts, created_at, updated_at)
     VALUES (?1, ?2, ?3, 'automation.rule', ?4, 'pending', 0, ?5, ?5)`,
  )
    .bind(id, workspaceId, webhookId, payload, now)
    .run();
  if (res.meta.changes) await env.OUTBOUND.send({ type: "webhook.delivery", delivery_id: id });
  return { ok: true, summary: `called webhook ${hook.url}` };
}

/** The conversation event that records one action taken ("Rule “VIP” tagged vip"). */
export function actionEvent(run: ActionRun, a: RuleAction, outcome: ActionOutcome): D1PreparedStatement {
  const data = { rule_id: run.rule.id, rule_name: run.rule.name, trigger: run.trigger, action: a.type, ok: outcome.ok, summary: `Rule “${run.rule.name}” ${outcome.summary}` };
  return run.env.DB.prepare(
    `INSERT INTO conversation_events (id, workspace_id, conversation_id, type, actor, data, created_at) VALUES (?1, ?2, ?3, 'rule_applied', ?4, ?5, ?6)`,
  ).bind(newId("evt"), run.workspaceId, run.conversationId, `rule:${run.rule.id}`, JSON.stringify(data), nowIso());
}
