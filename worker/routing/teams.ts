import { recordAudit } from "../audit/record";
import { workspaceHub } from "../../durable-objects/stubs";
import { tellHub } from "./notify-hub";
import { badRequest, conflict, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import type { Call, ServiceCtx } from "../lib/service";

export type AssignmentMode = "balanced" | "round_robin" | "manual";

export interface TeamInput {
  name: string;
  member_ids: string[];
  assignment: AssignmentMode;
  capacity: number;
  reply_limit_seconds?: number | null;
  offline_grace_seconds?: number;
  /** per-member capacity overrides */
  members?: { user_id: string; capacity: number | null }[];
}

export interface TeamOut {
  id: string;
  name: string;
  assignment: AssignmentMode;
  capacity: number;
  reply_limit_seconds: number | null;
  offline_grace_seconds: number;
  member_ids: string[];
  members: { user_id: string; name: string | null; capacity: number | null }[];
  created_at: string;
  updated_at: string;
}

interface TeamRow {
  id: string;
  name: string;
  assignment: AssignmentMode;
  capacity: number;
  reply_limit_seconds: number | null;
  offline_grace_seconds: number;
  created_at: string;
  updated_at: string;
}

const COLS = "id, name, assignment, capacity, reply_limit_seconds, offline_grace_seconds, created_at, updated_at";

async function withMembers(env: Env, workspaceId: string, rows: TeamRow[]): Promise<TeamOut[]> {
  if (rows.length === 0) return [];
  const { results } = await env.DB.prepare(
    `select tm.team_id, tm.user_id, tm.capacity, u.name from team_members tm join users u on u.id = tm.user_id
     where tm.workspace_id = ?1 order by tm.created_at, tm.user_id`,
  )
    .bind(workspaceId)
    .all<{ team_id: string; user_id: string; capacity: number | null; name: string | null }>();
  return rows.map((t) => {
    const members = results.filter((m) => m.team_id === t.id).map((m) => ({ user_id: m.user_id, name: m.name, capacity: m.capacity }));
    return { ...t, member_ids: members.map((m) => m.user_id), members };
  });
}

export async function listTeams({ ctx }: Call<void>): Promise<TeamOut[]> {
  const { results } = await ctx.env.DB.prepare(`select ${COLS} from teams where workspace_id = ?1 order by name`).bind(ctx.auth.workspaceId).all<TeamRow>();
  return withMembers(ctx.env, ctx.auth.workspaceId, results);
}

export async function getTeam({ ctx, input: { id } }: Call<{ id: string }>): Promise<TeamOut> {
  const row = await ctx.env.DB.prepare(`select ${COLS} from teams where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).first<TeamRow>();
  if (!row) throw notFound("Team");
  return (await withMembers(ctx.env, ctx.auth.workspaceId, [row]))[0]!;
}

/** Members of a team must be members of the workspace; another workspace's users look like unknown ids. */
async function assertMembers(ctx: ServiceCtx, userIds: string[]) {
  if (userIds.length === 0) return;
  const unique = [...new Set(userIds)];
  const { results } = await ctx.env.DB.prepare(
    `select user_id from memberships where workspace_id = ?1 and user_id in (select value from json_each(?2))`,
  )
    .bind(ctx.auth.workspaceId, JSON.stringify(unique))
    .all<{ user_id: string }>();
  const known = new Set(results.map((r) => r.user_id));
  const unknown = unique.filter((u) => !known.has(u));
  if (unknown.length) throw badRequest("UNKNOWN_MEMBER", "Every team member must be a member of this workspace", { user_ids: unknown });
}

function capacities(input: Pick<TeamInput, "member_ids" | "members">): Map<string, number | null> {
  const out = new Map<string, number | null>();
  for (const id of input.member_ids) out.set(id, null);
  for (const m of input.members ?? []) out.set(m.user_id, m.capacity);
  return out;
}

function memberStatements(ctx: ServiceCtx, teamId: string, members: Map<string, number | null>, at: string) {
  return [...members].map(([userId, capacity]) =>
    ctx.env.DB.prepare(`insert into team_members (team_id, workspace_id, user_id, capacity, created_at) values (?1, ?2, ?3, ?4, ?5)`).bind(
      teamId, ctx.auth.workspaceId, userId, capacity, at,
    ),
  );
}

function isNameTaken(err: unknown) {
  return err instanceof Error && /UNIQUE/.test(err.message) && /teams/.test(err.message);
}

export async function createTeam({ ctx, input }: Call<TeamInput>): Promise<TeamOut> {
  const members = capacities(input);
  await assertMembers(ctx, [...members.keys()]);
  const id = newId("team");
  const at = nowIso();
  try {
    await ctx.env.DB.batch([
      ctx.env.DB.prepare(
        `insert into teams (id, workspace_id, name, assignment, capacity, reply_limit_seconds, offline_grace_seconds, created_at, updated_at)
         values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?8)`,
      ).bind(id, ctx.auth.workspaceId, input.name.trim(), input.assignment, input.capacity, input.reply_limit_seconds ?? null, input.offline_grace_seconds ?? 60, at),
      ...memberStatements(ctx, id, members, at),
    ]);
  } catch (err) {
    if (isNameTaken(err)) throw conflict("TEAM_NAME_TAKEN", `A team named ${input.name.trim()} already exists`);
    throw err;
  }
  await recordAudit(ctx, ctx.auth, { action: "team.created", resource_type: "team", resource_id: id, changes: { after: input } });
  await tellHub(ctx.env, ctx.auth.workspaceId);
  return getTeam({ ctx, input: { id } });
}

export async function updateTeam({ ctx, input: { id, patch: input } }: Call<{ id: string; patch: Partial<TeamInput> }>): Promise<TeamOut> {
  const before = await getTeam({ ctx, input: { id } });
  const at = nowIso();
  const stmts: D1PreparedStatement[] = [
    ctx.env.DB.prepare(
      `update teams set name = ?3, assignment = ?4, capacity = ?5, reply_limit_seconds = ?6, offline_grace_seconds = ?7, updated_at = ?8
       where id = ?1 and workspace_id = ?2`,
    ).bind(
      id, ctx.auth.workspaceId, input.name?.trim() ?? before.name, input.assignment ?? before.assignment, input.capacity ?? before.capacity,
      input.reply_limit_seconds === undefined ? before.reply_limit_seconds : input.reply_limit_seconds,
      input.offline_grace_seconds ?? before.offline_grace_seconds, at,
    ),
  ];
  if (input.member_ids || input.members) {
    const members = capacities({ member_ids: input.member_ids ?? before.member_ids, members: input.members ?? before.members });
    await assertMembers(ctx, [...members.keys()]);
    stmts.push(ctx.env.DB.prepare(`delete from team_members where team_id = ?1`).bind(id), ...memberStatements(ctx, id, members, at));
  }
  try {
    await ctx.env.DB.batch(stmts);
  } catch (err) {
    if (isNameTaken(err)) throw conflict("TEAM_NAME_TAKEN", `A team named ${input.name?.trim()} already exists`);
    throw err;
  }
  await recordAudit(ctx, ctx.auth, { action: "team.updated", resource_type: "team", resource_id: id, changes: { before, after: input } });
  await tellHub(ctx.env, ctx.auth.workspaceId);
  return getTeam({ ctx, input: { id } });
}

/** Adds a member or changes their own capacity (null: the team's). */
export async function putTeamMember({ ctx, input: { teamId, userId, capacity } }: Call<{ teamId: string; userId: string; capacity: number | null }>): Promise<TeamOut> {
  await getTeam({ ctx, input: { id: teamId } });
  await assertMembers(ctx, [userId]);
  await ctx.env.DB.prepare(
    `insert into team_members (team_id, workspace_id, user_id, capacity, created_at) values (?1, ?2, ?3, ?4, ?5)
     on conflict(team_id, user_id) do update set capacity = excluded.capacity`,
  )
    .bind(teamId, ctx.auth.workspaceId, userId, capacity, nowIso())
    .run();
  await tellHub(ctx.env, ctx.auth.workspaceId);
  return getTeam({ ctx, input: { id: teamId } });
}

export async function removeTeamMember({ ctx, input: { teamId, userId } }: Call<{ teamId: string; userId: string }>): Promise<TeamOut> {
  await getTeam({ ctx, input: { id: teamId } });
  const r = await ctx.env.DB.prepare(`delete from team_members where team_id = ?1 and user_id = ?2 and workspace_id = ?3`).bind(teamId, userId, ctx.auth.workspaceId).run();
  if (!r.meta.changes) throw notFound("Team member");
  await tellHub(ctx.env, ctx.auth.workspaceId);
  return getTeam({ ctx, input: { id: teamId } });
}

export async function deleteTeam({ ctx, input: { id } }: Call<{ id: string }>): Promise<void> {
  const r = await ctx.env.DB.prepare(`delete from teams where id = ?1 and workspace_id = ?2`).bind(id, ctx.auth.workspaceId).run();
  if (!r.meta.changes) throw notFound("Team");
  await recordAudit(ctx, ctx.auth, { action: "team.deleted", resource_type: "team", resource_id: id });
  await tellHub(ctx.env, ctx.auth.workspaceId);
}

/** Every team's live queue and members' load (from the hub). */
export async function routingOverview({ ctx }: Call<void>) {
  return workspaceHub(ctx.env, ctx.auth.workspaceId).routingOverview(ctx.auth.workspaceId);
}
