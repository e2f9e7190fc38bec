import { recordAudit } from "../audit/record";
import { AppError, badRequest, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call } from "../lib/service";
import { describeAction } from "./actions";
import { evaluateCondition, evaluateConditions } from "./conditions";
import { loadFacts } from "./facts";
import { ruleOfRow, type RuleRow } from "./rows";
import type { Rule, RuleInput } from "./schema";

/** Rules one workspace may keep. */
export const MAX_RULES = 100;

async function rowOf(env: Env, workspaceId: string, id: string): Promise<RuleRow> {
  const row = await env.DB.prepare(`SELECT * FROM automation_rules WHERE id = ?1 AND workspace_id = ?2`).bind(id, workspaceId).first<RuleRow>();
  if (!row) throw notFound("Rule");
  return row;
}

export async function listRules({ ctx }: Call<void>): Promise<Rule[]> {
  const { results } = await ctx.env.DB.prepare(`SELECT * FROM automation_rules WHERE workspace_id = ?1 ORDER BY position, created_at`).bind(ctx.auth.workspaceId).all<RuleRow>();
  return results.map(ruleOfRow);
}

export async function getRule({ ctx, input }: Call<{ id: string }>): Promise<Rule> {
  return ruleOfRow(await rowOf(ctx.env, ctx.auth.workspaceId, input.id));
}

/** Every id a rule names must be this workspace's (another workspace's team, flow … is refused like a missing one). */
async function checkReferences(env: Env, workspaceId: string, rule: Pick<RuleInput, "actions" | "conditions">): Promise<void> {
  const wanted: { table: string; id: string; field: string; extra?: string }[] = [];
  rule.actions.forEach((a, i) => {
    if (a.type === "assign_team") wanted.push({ table: "teams", id: a.team_id, field: `actions.${i}.team_id` });
    if (a.type === "start_flow") wanted.push({ table: "flows", id: a.flow_id, field: `actions.${i}.flow_id` });
    if (a.type === "call_webhook") wanted.push({ table: "webhooks", id: a.webhook_id, field: `actions.${i}.webhook_id` });
    if (a.type === "send_canned") wanted.push({ table: "canned_responses", id: a.canned_response_id, field: `actions.${i}.canned_response_id` });
    if (a.type === "assign_agent") wanted.push({ table: "memberships", id: a.agent_id, field: `actions.${i}.agent_id`, extra: "user_id" });
  });
  (rule.conditions ?? []).forEach((c, i) => {
    if (c.type === "chatbot") c.in.forEach((id, j) => wanted.push({ table: "chatbots", id, field: `conditions.${i}.in.${j}` }));
  });
  if (!wanted.length) return;
  const found = await env.DB.batch(
    wanted.map((w) =>
      w.table === "memberships"
        ? env.DB.prepare(`SELECT 1 AS ok FROM memberships WHERE user_id = ?1 AND workspace_id = ?2 AND status = 'active' AND role IN ('owner','admin','agent')`).bind(w.id, workspaceId)
        : env.DB.prepare(`SELECT 1 AS ok FROM ${w.table} WHERE id = ?1 AND workspace_id = ?2`).bind(w.id, workspaceId),
    ),
  );
  const missing = wanted.filter((_, i) => !found[i]!.results.length).map((w) => w.field);
  if (missing.length) throw badRequest("INVALID_REFERENCE", "The rule names something this workspace does not have", { fields: missing });
}

export async function createRule({ ctx, input }: Call<RuleInput>): Promise<Rule> {
  const { env, auth } = ctx;
  await checkReferences(env, auth.workspaceId, input);
  const count = await env.DB.prepare(`SELECT count(*) AS n, COALESCE(max(position), -1) AS last FROM automation_rules WHERE workspace_id = ?1`).bind(auth.workspaceId).first<{ n: number; last: number }>();
  if ((count?.n ?? 0) >= MAX_RULES) throw new AppError(409, "RULE_LIMIT", `A workspace can have at most ${MAX_RULES} rules`);
  const id = newId("rule");
  const now = nowIso();
  await env.DB.prepare(
    `INSERT INTO automation_rules (id, workspace_id, name, enabled, position, trigger_type, trigger, match, conditions, actions, stop_processing, created_by, created_at, updated_at)
     VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?13)`,
  )
    .bind(
      id, auth.workspaceId, input.name, input.enabled === false ? 0 : 1, (count?.last ?? -1) + 1, input.trigger.type, JSON.stringify(input.trigger),
      input.match ?? "all", JSON.stringify(input.conditions ?? []), JSON.stringify(input.actions), input.stop_processing ? 1 : 0, auth.userId ?? null, now,
    )
    .run();
  const rule = ruleOfRow(await rowOf(env, auth.workspaceId, id));
  await recordAudit(ctx, auth, { action: "automation_rule.created", resource_type: "automation_rule", resource_id: id, changes: { after: rule } });
  return rule;
}

export async function updateRule({ ctx, input: { id, patch } }: Call<{ id: string; patch: Partial<RuleInput> }>): Promise<Rule> {
  const { env, auth } = ctx;
  const before = ruleOfRow(await rowOf(env, auth.workspaceId, id));
  const next = { ...before, ...Object.fromEntries(Object.entries(patch).filter(([, v]) => v !== undefined)) } as Rule;
  await checkReferences(env, auth.workspaceId, next);
  await env.DB.prepare(
    `UPDATE automation_rules SET name = ?1, enabled = ?2, trigger_type = ?3, trigger = ?4, match = ?5, conditions = ?6, actions = ?7, stop_processing = ?8, updated_at = ?9
     WHERE id = ?10 AND workspace_id = ?11`,
  )
    .bind(next.name, next.enabled ? 1 : 0, next.trigger.type, JSON.stringify(next.trigger), next.match, JSON.stringify(next.conditions), JSON.stringify(next.actions), next.stop_processing ? 1 : 0, nowIso(), id, auth.workspaceId)
    .run();
  const after = ruleOfRow(await rowOf(env, auth.workspaceId, id));
  await recordAudit(ctx, auth, { action: "automation_rule.updated", resource_type: "automation_rule", resource_id: id, changes: { before, after } });
  return after;
}

export async function deleteRule({ ctx, input }: Call<{ id: string }>): Promise<void> {
  const { env, auth } = ctx;
  const before = ruleOfRow(await rowOf(env, auth.workspaceId, input.id));
  await env.DB.prepare(`DELETE FROM automation_rules WHERE id = ?1 AND workspace_id = ?2`).bind(input.id, auth.workspaceId).run();
  await recordAudit(ctx, auth, { action: "automation_rule.deleted", resource_type: "automation_rule", resource_id: input.id, changes: { before } });
}

/** The new order: exactly the workspace's rule ids, first runs first. */
export async function reorderRules({ ctx, input }: Call<{ ids: string[] }>): Promise<Rule[]> {
  const { env, auth } = ctx;
  const current = await listRules({ ctx, input: undefined });
  const have = new Set(current.map((r) => r.id));
  if (input.ids.length !== have.size || new Set(input.ids).size !== have.size || input.ids.some((id) => !have.has(id))) {
    throw badRequest("INVALID_ORDER", "ids must list every rule of the workspace exactly once");
  }
  const now = nowIso();
  await env.DB.batch(input.ids.map((id, i) => env.DB.prepare(`UPDATE automation_rules SET position = ?1, updated_at = ?2 WHERE id = ?3 AND workspace_id = ?4`).bind(i, now, id, auth.workspaceId)));
  await recordAudit(ctx, auth, { action: "automation_rule.reordered", resource_type: "automation_rule", changes: { before: current.map((r) => r.id), after: input.ids } });
  return listRules({ ctx, input: undefined });
}

/**
 * The rule against a conversation as it is now: which conditions hold and
 * what the actions would do. Reads only: nothing is run, claimed or recorded.
 */
export async function testRule({ ctx, input }: Call<{ id: string; conversation_id: string }>) {
  const { env, auth } = ctx;
  const rule = ruleOfRow(await rowOf(env, auth.workspaceId, input.id));
  const facts = await loadFacts(env, auth.workspaceId, input.conversation_id);
  if (!facts) throw notFound("Conversation");
  const { matched } = evaluateConditions(rule.match, rule.conditions, facts);
  return {
    rule_id: rule.id,
    conversation_id: input.conversation_id,
    matched,
    conditions: rule.conditions.map((c, index) => ({ index, type: c.type, ...evaluateCondition(c, facts) })),
    actions: matched ? rule.actions.map((a, index) => ({ index, type: a.type, would: describeAction(a) })) : [],
  };
}
