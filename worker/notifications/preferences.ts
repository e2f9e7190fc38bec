import { nowIso } from "../lib/ids";
import type { Call } from "../lib/service";
import { preferenceChanges, resolvePreferences, type PreferenceChanges, type Preferences } from "./kinds";

/** The signed-in member's choices per event × medium (defaults where never changed). */
export async function getPreferences({ ctx }: Call<void>): Promise<Preferences> {
  const row = await ctx.env.DB.prepare(`SELECT prefs FROM notification_preferences WHERE workspace_id = ?1 AND user_id = ?2`)
    .bind(ctx.auth.workspaceId, ctx.auth.userId)
    .first<{ prefs: string }>();
  return resolvePreferences(row ? (JSON.parse(row.prefs) as PreferenceChanges) : null);
}

/** Changes some cells (the rest stay as they were); stores only what differs from the defaults. */
export async function putPreferences({ ctx, input }: Call<PreferenceChanges>): Promise<Preferences> {
  const current = await getPreferences({ ctx, input: undefined });
  for (const [kind, media] of Object.entries(input) as [keyof Preferences, Partial<Record<string, boolean>>][]) {
    for (const [medium, on] of Object.entries(media ?? {})) if (typeof on === "boolean") current[kind][medium as keyof Preferences[typeof kind]] = on;
  }
  await ctx.env.DB.prepare(
    `INSERT INTO notification_preferences (workspace_id, user_id, prefs, updated_at) VALUES (?1, ?2, ?3, ?4)
     ON CONFLICT (workspace_id, user_id) DO UPDATE SET prefs = excluded.prefs, updated_at = excluded.updated_at`,
  )
    .bind(ctx.auth.workspaceId, ctx.auth.userId, JSON.stringify(preferenceChanges(current)), nowIso())
    .run();
  return current;
}
