import { notFound } from "../lib/errors";
import { nowIso } from "../lib/ids";
import type { Call } from "../lib/service";
import { tellHub } from "./notify-hub";

export interface RoutingSettings {
  /** the team the chatbot's escalations go to; null: nobody is assigned automatically */
  team_id: string | null;
}

export async function getChatbotRouting(env: Env, workspaceId: string, chatbotId: string): Promise<RoutingSettings> {
  const row = await env.DB.prepare(`select team_id from chatbot_routing where chatbot_id = ?1 and workspace_id = ?2`).bind(chatbotId, workspaceId).first<{ team_id: string | null }>();
  return { team_id: row?.team_id ?? null };
}

/** Points a chatbot's escalations at a team of the same workspace (another workspace's team is a 404). */
export async function setChatbotRouting({ ctx, input: { chatbotId, settings } }: Call<{ chatbotId: string; settings: RoutingSettings }>): Promise<RoutingSettings> {
  if (settings.team_id) {
    const team = await ctx.env.DB.prepare(`select id from teams where id = ?1 and workspace_id = ?2`).bind(settings.team_id, ctx.auth.workspaceId).first();
    if (!team) throw notFound("Team");
  }
  await ctx.env.DB.prepare(
    `insert into chatbot_routing (chatbot_id, workspace_id, team_id, updated_at) values (?1, ?2, ?3, ?4)
     on conflict(chatbot_id) do update set team_id = excluded.team_id, updated_at = excluded.updated_at`,
  )
    .bind(chatbotId, ctx.auth.workspaceId, settings.team_id, nowIso())
    .run();
  await tellHub(ctx.env, ctx.auth.workspaceId);
  return settings;
}
