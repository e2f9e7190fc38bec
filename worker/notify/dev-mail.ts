import { desc, eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { devMail } from "../db/schema";
import { isLocalDevelopment } from "../lib/environment";

/** The dev mailbox exists only where no real mail can be sent. */
export const devMailEnabled = (env: Pick<Env, "APP_ENV">) => isLocalDevelopment(env);

export async function listDevMail(env: Pick<Env, "DB">, to?: string) {
  const db = getDb(env);
  const rows = await db
    .select()
    .from(devMail)
    .where(to ? eq(devMail.to, to.trim().toLowerCase()) : undefined)
    .orderBy(desc(devMail.createdAt), desc(devMail.id))
    .limit(200);
  return rows.map((m) => ({ id: m.id, workspace_id: m.workspaceId, to: m.to, subject: m.subject, text: m.text, html: m.html, created_at: m.createdAt }));
}

export async function clearDevMail(env: Pick<Env, "DB">): Promise<void> {
  await env.DB.prepare(`delete from dev_mail`).run();
}
