import { env } from "cloudflare:test";
import { signAccessToken } from "../../worker/auth/tokens";
import { signVisitorToken } from "../../worker/widget/token";

let n = 0;
const uid = (p: string) => `${p}_${Date.now().toString(36)}${(++n).toString(36)}${Math.random().toString(36).slice(2, 8)}`;
const now = () => new Date().toISOString();

export type Role = "owner" | "admin" | "agent" | "viewer";
export interface Member {
  userId: string;
  name: string;
  email: string;
  token: string;
}

/** A workspace with one member per role, each with a live session and an access token. */
export async function seedWorkspace(names: Partial<Record<Role, string>> = {}) {
  const workspaceId = uid("ws");
  const t = now();
  await env.DB.prepare(`insert into workspaces (id, name, slug, created_at, updated_at) values (?1, 'Acme', ?1, ?2, ?2)`).bind(workspaceId, t).run();
  const members = {} as Record<Role, Member>;
  for (const role of ["owner", "admin", "agent", "viewer"] as Role[]) {
    const userId = uid("usr");
    const name = names[role] ?? `${role[0]!.toUpperCase()}${role.slice(1)} Person`;
    const email = `${userId}@example.com`;
    const family = uid("fam");
    await env.DB.batch([
      env.DB.prepare(`insert into users (id, email, name, created_at, updated_at) values (?1, ?2, ?3, ?4, ?4)`).bind(userId, email, name, t),
      env.DB.prepare(`insert into memberships (workspace_id, user_id, role, created_at, updated_at) values (?1, ?2, ?3, ?4, ?4)`).bind(
        workspaceId,
        userId,
        role,
        t,
      ),
      env.DB.prepare(
        `insert into sessions (id, family_id, user_id, workspace_id, token_hash, expires_at, created_at) values (?1, ?2, ?3, ?4, ?5, '2999-01-01T00:00:00Z', ?6)`,
      ).bind(uid("ses"), family, userId, workspaceId, uid("hash"), t),
    ]);
    const token = await signAccessToken(env, { sub: userId, ws: workspaceId, role, sid: family });
    members[role] = { userId, name, email, token };
  }
  return { workspaceId, ...members };
}

/** A visitor row. */
export async function seedVisitor(workspaceId: string, fields: Partial<{ name: string; email: string; chatbot_id: string; current_page: string; device: string; country: string; city: string; browser: string }> = {}) {
  const id = uid("vis");
  const t = now();
  await env.DB.prepare(
    `insert into visitors (id, workspace_id, chatbot_id, secret_hash, name, email, current_page, device, country, city, browser, first_seen_at, last_seen_at)
     values (?1, ?2, ?3, 'x', ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?11)`,
  )
    .bind(
      id,
      workspaceId,
      fields.chatbot_id ?? "cb_test",
      fields.name ?? null,
      fields.email ?? null,
      fields.current_page ?? null,
      fields.device ?? null,
      fields.country ?? null,
      fields.city ?? null,
      fields.browser ?? null,
      t,
    )
    .run();
  return id;
}

export interface ConvSeed {
  visitor_id: string;
  chatbot_id?: string;
  status?: string;
  mode?: string;
  assigned_agent_id?: string | null;
  tags?: string[];
  rating?: number | null;
  created_at?: string;
  last_message_at?: string | null;
  unread?: number;
  messages?: { role: "visitor" | "bot" | "agent" | "system"; text: string; author_name?: string; created_at?: string }[];
}

/** A conversation index row and its mirrored messages. */
export async function seedConversation(workspaceId: string, c: ConvSeed) {
  const id = uid("conv");
  const created = c.created_at ?? now();
  const msgs = c.messages ?? [];
  const last = msgs[msgs.length - 1];
  await env.DB.prepare(
    `insert into conversations (id, workspace_id, chatbot_id, visitor_id, status, mode, assigned_agent_id, last_message_preview, last_message_at,
       message_count, unread_count_agent, tags, rating, created_at, updated_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?14)`,
  )
    .bind(
      id,
      workspaceId,
      c.chatbot_id ?? "cb_test",
      c.visitor_id,
      c.status ?? "active",
      c.mode ?? "bot",
      c.assigned_agent_id ?? null,
      last?.text.slice(0, 140) ?? null,
      c.last_message_at !== undefined ? c.last_message_at : (last?.created_at ?? (msgs.length ? created : null)),
      msgs.length,
      c.unread ?? 0,
      JSON.stringify(c.tags ?? []),
      c.rating ?? null,
      created,
    )
    .run();
  if (msgs.length) {
    await env.DB.batch(
      msgs.map((m, i) =>
        env.DB.prepare(
          `insert into messages (id, workspace_id, conversation_id, seq, role, author_name, text, created_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
        ).bind(uid("msg"), workspaceId, id, i + 1, m.role, m.author_name ?? null, m.text, m.created_at ?? created),
      ),
    );
  }
  return id;
}

/** A visitor token as the widget would hold it. */
export async function visitorToken(visitorId: string, workspaceId: string, chatbotId = "cb_test") {
  return signVisitorToken(env, { visitorId, chatbotId, workspaceId, origin: null });
}
