import { nowIso } from "../lib/ids";
import { actionEvent, runAction, type ActionRun } from "./actions";
import { evaluateConditions } from "./conditions";
import { loadFacts } from "./facts";
import { ruleOfRow, type RuleRow } from "./rows";
import type { TriggerType } from "./schema";

/** One thing that happened to a conversation, as the rules see it. */
export interface AutomationEvent {
  workspaceId: string;
  conversationId: string;
  trigger: TriggerType;
  /** unique per event: a conversation event id, a message id, an order event id, `idle:<conversation>:<last activity>` */
  key: string;
  /** message received: the message (its text and intent are the facts') */
  messageId?: string | null;
  /** idle: how long the conversation has been quiet */
  idleMinutes?: number;
}

export interface RunReport {
  rule_id: string;
  matched: boolean;
  /** false: this rule had already been run for this event (a replay) */
  fresh: boolean;
}

/** The enabled rules of a workspace for one trigger, in order. */
export async function rulesFor(env: Env, workspaceId: string, trigger: TriggerType): Promise<RuleRow[]> {
  const { results } = await env.DB.prepare(
    `SELECT * FROM automation_rules WHERE workspace_id = ?1 AND trigger_type = ?2 AND enabled = 1 ORDER BY position, created_at`,
  )
    .bind(workspaceId, trigger)
    .all<RuleRow>();
  return results;
}

/**
 * Runs a workspace's rules for one event, in order. Each (rule, event) pair
 * is claimed in `automation_runs` before anything is done, so a replayed
 * flush or a retried queue message runs nothing twice; a rule already run
 * that matched and stops processing still stops the later ones. Every action
 * taken is a `rule_applied` event in the conversation's timeline; later rules
 * see the tags earlier ones set.
 */
export async function runRules(env: Env, ev: AutomationEvent, preloaded?: RuleRow[]): Promise<RunReport[]> {
  let rows = preloaded ?? (await rulesFor(env, ev.workspaceId, ev.trigger));
  if (ev.trigger === "idle") rows = rows.filter((r) => (JSON.parse(r.trigger) as { minutes?: number }).minutes! <= (ev.idleMinutes ?? 0));
  if (!rows.length) return [];
  const facts = await loadFacts(env, ev.workspaceId, ev.conversationId, ev.messageId ?? null);
  if (!facts) return [];
  const reports: RunReport[] = [];
  for (const row of rows) {
    const rule = ruleOfRow(row);
    const claim = await env.DB.prepare(
      `INSERT OR IGNORE INTO automation_runs (rule_id, event_key, workspace_id, conversation_id, outcome, actions, created_at) VALUES (?1, ?2, ?3, ?4, 'skipped', '[]', ?5)`,
    )
      .bind(rule.id, ev.key, ev.workspaceId, ev.conversationId, nowIso())
      .run();
    if (!claim.meta.changes) {
      const before = await env.DB.prepare(`SELECT outcome FROM automation_runs WHERE rule_id = ?1 AND event_key = ?2`).bind(rule.id, ev.key).first<{ outcome: string }>();
      const matched = before?.outcome !== "skipped";
      reports.push({ rule_id: rule.id, matched, fresh: false });
      if (matched && rule.stop_processing) break;
      continue;
    }
    const { matched } = evaluateConditions(rule.match, rule.conditions, facts);
    reports.push({ rule_id: rule.id, matched, fresh: true });
    if (!matched) continue;
    const run: ActionRun = { env, workspaceId: ev.workspaceId, conversationId: ev.conversationId, rule: { id: rule.id, name: rule.name }, trigger: ev.trigger, eventKey: ev.key, facts };
    const done: { type: string; ok: boolean; summary: string }[] = [];
    for (const action of rule.actions) {
      let outcome;
      try {
        outcome = await runAction(run, action);
      } catch (err) {
        console.error(`automation rule ${rule.id} action ${action.type} failed`, err);
        outcome = { ok: false, summary: `could not ${action.type.replace(/_/g, " ")}` };
      }
      done.push({ type: action.type, ...outcome });
      await actionEvent(run, action, outcome).run();
    }
    await env.DB.prepare(`UPDATE automation_runs SET outcome = ?1, actions = ?2 WHERE rule_id = ?3 AND event_key = ?4`)
      .bind(done.every((d) => d.ok) ? "matched" : "failed", JSON.stringify(done), rule.id, ev.key)
      .run();
    if (rule.stop_processing) break;
  }
  return reports;
}
