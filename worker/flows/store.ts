import { FlowGraph, graphProblems, type FlowTrigger } from "../../common/flows/schema";
import { recordAudit } from "../audit/record";
import { badRequest, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";
import { FLOW_TEMPLATES } from "./templates";

export interface FlowOut {
  id: string;
  chatbot_id: string;
  name: string;
  trigger: FlowTrigger;
  graph: FlowGraph;
  enabled: boolean;
  published_version: number | null;
  published_version_id: string | null;
  created_at: string;
  updated_at: string;
}

export interface FlowVersionOut {
  id: string;
  flow_id: string;
  version: number;
  trigger: FlowTrigger;
  graph: FlowGraph;
  published_by: string | null;
  created_at: string;
}

export interface FlowCreate {
  chatbot_id: string;
  name?: string | undefined;
  trigger?: FlowTrigger | undefined;
  graph?: unknown;
  template?: string | undefined;
}

export interface FlowPatch {
  name?: string | undefined;
  trigger?: FlowTrigger | undefined;
  graph?: unknown;
  enabled?: boolean | undefined;
}

interface FlowRow {
  id: string;
  chatbot_id: string;
  name: string;
  trigger: string;
  graph: string;
  enabled: number;
  published_version: number | null;
  published_version_id: string | null;
  created_at: string;
  updated_at: string;
}

const COLS = "id, chatbot_id, name, trigger, graph, enabled, published_version, published_version_id, created_at, updated_at";

const out = (r: FlowRow): FlowOut => ({
  ...r,
  trigger: JSON.parse(r.trigger) as FlowTrigger,
  graph: JSON.parse(r.graph) as FlowGraph,
  enabled: r.enabled === 1,
});

async function row(ctx: ServiceCtx, id: string): Promise<FlowRow> {
  const r = await ctx.env.DB.prepare(`SELECT ${COLS} FROM flows WHERE id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId).first<FlowRow>();
  if (!r) throw notFound("Flow");
  return r;
}

async function assertChatbot(ctx: ServiceCtx, chatbotId: string) {
  const bot = await ctx.env.DB.prepare(`SELECT id FROM chatbots WHERE id = ?1 AND workspace_id = ?2 AND deleted_at IS NULL`).bind(chatbotId, ctx.auth.workspaceId).first();
  if (!bot) throw notFound("Chatbot");
}

/** The graph checked against the full node union (the route's schema shows only each node's common fields). */
function checkedGraph(raw: unknown): FlowGraph {
  const parsed = FlowGraph.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    throw badRequest("INVALID_FLOW", `graph.${issue.path.join(".")}: ${issue.message}`, { issues: parsed.error.issues.slice(0, 20).map((i) => ({ path: i.path.join("."), message: i.message })) });
  }
  return parsed.data;
}

function assertTrigger(t: FlowTrigger) {
  if ((t.type === "keyword" || t.type === "button") && !t.value?.trim()) throw badRequest("INVALID_TRIGGER", `A ${t.type} trigger needs a value`);
}

/** Team ids in handoff nodes must be this workspace's teams. */
async function assertTeams(ctx: ServiceCtx, graph: FlowGraph) {
  const ids = [...new Set(graph.nodes.flatMap((n) => (n.type === "handoff" && n.team_id ? [n.team_id] : [])))];
  if (!ids.length) return;
  const { results } = await ctx.env.DB.prepare(`SELECT id FROM teams WHERE workspace_id = ?1 AND id IN (SELECT value FROM json_each(?2))`)
    .bind(ctx.auth.workspaceId, JSON.stringify(ids))
    .all<{ id: string }>();
  const known = new Set(results.map((r) => r.id));
  const missing = ids.filter((id) => !known.has(id));
  if (missing.length) throw badRequest("UNKNOWN_TEAM", `No such team: ${missing.join(", ")}`, { team_ids: missing });
}

export async function listFlows({ ctx, input: { chatbotId } }: Call<{ chatbotId?: string | undefined }>): Promise<FlowOut[]> {
  const { results } = await ctx.env.DB.prepare(
    `SELECT ${COLS} FROM flows WHERE workspace_id = ?1 AND (?2 IS NULL OR chatbot_id = ?2) ORDER BY updated_at DESC LIMIT 200`,
  )
    .bind(ctx.auth.workspaceId, chatbotId ?? null)
    .all<FlowRow>();
  return results.map(out);
}

export async function getFlow({ ctx, input: { id } }: Call<{ id: string }>): Promise<FlowOut> {
  return out(await row(ctx, id));
}

export async function createFlow({ ctx, input }: Call<FlowCreate>): Promise<FlowOut> {
  await assertChatbot(ctx, input.chatbot_id);
  const template = input.template ? FLOW_TEMPLATES.find((t) => t.id === input.template) : null;
  if (input.template && !template) throw badRequest("UNKNOWN_TEMPLATE", `No template called ${input.template}`);
  const graph = input.graph !== undefined ? checkedGraph(input.graph) : template?.graph;
  if (!graph) throw badRequest("GRAPH_REQUIRED", "Give a graph or a template");
  const trigger = input.trigger ?? template?.trigger ?? { type: "conversation_start" };
  assertTrigger(trigger);
  await assertTeams(ctx, graph);
  const id = newId("flow");
  const now = nowIso();
  const name = input.name ?? template?.name ?? "Untitled flow";
  await ctx.env.DB.prepare(
    `INSERT INTO flows (id, workspace_id, chatbot_id, name, trigger, graph, enabled, created_by, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, 1, ?7, ?8, ?8)`,
  )
    .bind(id, ctx.auth.workspaceId, input.chatbot_id, name, JSON.stringify(trigger), JSON.stringify(graph), ctx.auth.userId, now)
    .run();
  await recordAudit(ctx, ctx.auth, { action: "flow.created", resource_type: "flow", resource_id: id, changes: { after: { name, chatbot_id: input.chatbot_id, template: input.template ?? null } } });
  return getFlow({ ctx, input: { id } });
}

/** Changes the draft; running conversations and new ones keep the published version until the next publish. */
export async function updateFlow({ ctx, input: { id, patch } }: Call<{ id: string; patch: FlowPatch }>): Promise<FlowOut> {
  const before = await row(ctx, id);
  if (patch.trigger) assertTrigger(patch.trigger);
  const graph = patch.graph !== undefined ? checkedGraph(patch.graph) : null;
  if (graph) await assertTeams(ctx, graph);
  await ctx.env.DB.prepare(
    `UPDATE flows SET name = coalesce(?1, name), trigger = coalesce(?2, trigger), graph = coalesce(?3, graph), enabled = coalesce(?4, enabled), updated_at = ?5
     WHERE id = ?6 AND workspace_id = ?7`,
  )
    .bind(
      patch.name ?? null, patch.trigger ? JSON.stringify(patch.trigger) : null, graph ? JSON.stringify(graph) : null,
      patch.enabled === undefined ? null : patch.enabled ? 1 : 0, nowIso(), id, ctx.auth.workspaceId,
    )
    .run();
  await recordAudit(ctx, ctx.auth, { action: "flow.updated", resource_type: "flow", resource_id: id, changes: { before: { name: before.name, enabled: before.enabled === 1 }, after: { name: patch.name, enabled: patch.enabled, graph: Boolean(graph) } } });
  return getFlow({ ctx, input: { id } });
}

export async function deleteFlow({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  await row(ctx, id);
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(`DELETE FROM flow_versions WHERE flow_id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
    ctx.env.DB.prepare(`DELETE FROM flows WHERE id = ?1 AND workspace_id = ?2`).bind(id, ctx.auth.workspaceId),
  ]);
  await recordAudit(ctx, ctx.auth, { action: "flow.deleted", resource_type: "flow", resource_id: id });
}

/**
 * Publishes the draft as the next immutable version: refused (400
 * `INVALID_FLOW` with the problems) when an edge leads nowhere, a node is
 * unreachable or the start is missing. New conversations start this version;
 * running ones finish on theirs.
 */
export async function publishFlow({ ctx, input: { id } }: Call<{ id: string }>): Promise<FlowVersionOut> {
  const r = await row(ctx, id);
  const graph = checkedGraph(JSON.parse(r.graph));
  const problems = graphProblems(graph);
  if (problems.length) throw badRequest("INVALID_FLOW", problems[0]!.message, { problems });
  await assertTeams(ctx, graph);
  const last = await ctx.env.DB.prepare(`SELECT max(version) AS v FROM flow_versions WHERE flow_id = ?1`).bind(id).first<{ v: number | null }>();
  const version = (last?.v ?? 0) + 1;
  const versionId = newId("flv");
  const now = nowIso();
  await ctx.env.DB.batch([
    ctx.env.DB.prepare(
      `INSERT INTO flow_versions (id, flow_id, workspace_id, chatbot_id, version, trigger, graph, published_by, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)`,
    ).bind(versionId, id, ctx.auth.workspaceId, r.chatbot_id, version, r.trigger, JSON.stringify(graph), ctx.auth.userId, now),
    ctx.env.DB.prepare(`UPDATE flows SET published_version = ?1, published_version_id = ?2, updated_at = ?3 WHERE id = ?4 AND workspace_id = ?5`).bind(
      version, versionId, now, id, ctx.auth.workspaceId,
    ),
  ]);
  await recordAudit(ctx, ctx.auth, { action: "flow.published", resource_type: "flow", resource_id: id, changes: { version } });
  return { id: versionId, flow_id: id, version, trigger: JSON.parse(r.trigger) as FlowTrigger, graph, published_by: ctx.auth.userId, created_at: now };
}

export async function listFlowVersions({ ctx, input: { id } }: Call<{ id: string }>): Promise<FlowVersionOut[]> {
  await row(ctx, id);
  const { results } = await ctx.env.DB.prepare(
    `SELECT id, flow_id, version, trigger, graph, published_by, created_at FROM flow_versions WHERE flow_id = ?1 AND workspace_id = ?2 ORDER BY version DESC LIMIT 100`,
  )
    .bind(id, ctx.auth.workspaceId)
    .all<{ id: string; flow_id: string; version: number; trigger: string; graph: string; published_by: string | null; created_at: string }>();
  return results.map((v) => ({ ...v, trigger: JSON.parse(v.trigger) as FlowTrigger, graph: JSON.parse(v.graph) as FlowGraph }));
}

/** Restores a published version's graph and trigger as the draft (publish again to make it live). */
export async function restoreFlowVersion({ ctx, input: { id, version } }: Call<{ id: string; version: number }>): Promise<FlowOut> {
  await row(ctx, id);
  const v = await ctx.env.DB.prepare(`SELECT trigger, graph FROM flow_versions WHERE flow_id = ?1 AND workspace_id = ?2 AND version = ?3`)
    .bind(id, ctx.auth.workspaceId, version)
    .first<{ trigger: string; graph: string }>();
  if (!v) throw notFound("Flow version");
  await ctx.env.DB.prepare(`UPDATE flows SET trigger = ?1, graph = ?2, updated_at = ?3 WHERE id = ?4 AND workspace_id = ?5`).bind(v.trigger, v.graph, nowIso(), id, ctx.auth.workspaceId).run();
  return getFlow({ ctx, input: { id } });
}
