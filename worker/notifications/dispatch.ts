import type { HubBroadcastFrame } from "../../durable-objects/protocol";
import { pushToHub } from "../../durable-objects/hub-push";
import { sendEmail } from "../notify/email";
import { newId, nowIso } from "../lib/ids";
import type { OutboundJob } from "../outbound/messages";
import { resolvePreferences, type NotificationKind, type PreferenceChanges } from "./kinds";
import { notificationEmail } from "./email-text";
import { unsubscribeUrl } from "./unsubscribe";

/** One event for some members: what the centre lists, what an email or a push says. */
export interface NotificationEvent {
  workspaceId: string;
  userIds: string[];
  kind: NotificationKind;
  /** the event's own id: a retried queue message makes no second notification, email or push */
  dedupeKey: string;
  conversationId: string | null;
  /** who caused it (a teammate, the visitor) */
  actorName: string;
  /** a line about it (the mention, the visitor's last message, the provider's error) */
  excerpt: string;
  data?: Record<string, unknown>;
}

interface Recipient {
  user_id: string;
  email: string;
  name: string;
  locale: string | null;
  prefs: string | null;
}

/**
 * Notifies members of one event through every medium they chose: a row in the
 * notification centre (and a live frame to their open dashboards), an email,
 * and a Web Push message to each of their browsers (through the OUTBOUND queue).
 * Only active members of the workspace are notified. Idempotent per member and
 * `dedupeKey`: the row is written first and only a newly written row sends.
 */
export async function notify(env: Env, ev: NotificationEvent): Promise<{ created: { userId: string; id: string }[] }> {
  const ids = [...new Set(ev.userIds)];
  if (!ids.length) return { created: [] };
  const { results: people } = await env.DB.prepare(
    `SELECT u.id AS user_id, u.email, u.name, u.locale, p.prefs
     FROM memberships m JOIN users u ON u.id = m.user_id
     LEFT JOIN notification_preferences p ON p.workspace_id = m.workspace_id AND p.user_id = m.user_id
     WHERE m.workspace_id = ?1 AND m.status = 'active' AND m.user_id IN (SELECT value FROM json_each(?2))`,
  )
    .bind(ev.workspaceId, JSON.stringify(ids))
    .all<Recipient>();
  if (!people.length) return { created: [] };
  const now = nowIso();
  const data = { ...(ev.data ?? {}), conversation_id: ev.conversationId, actor_name: ev.actorName, excerpt: ev.excerpt.slice(0, 300) };
  const rows = people.map((p) => ({ p, prefs: resolvePreferences(parsePrefs(p.prefs))[ev.kind], id: newId("ntf") }));
  const written = await env.DB.batch(
    rows.map(({ p, prefs, id }) =>
      env.DB.prepare(
        `INSERT OR IGNORE INTO notifications (id, workspace_id, user_id, type, data, created_at, dedupe_key, shown) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)`,
      ).bind(id, ev.workspaceId, p.user_id, ev.kind, JSON.stringify(data), now, ev.dedupeKey, prefs.in_app ? 1 : 0),
    ),
  );
  const fresh = rows.filter((_, i) => (written[i]?.meta.changes ?? 0) > 0);
  const live = fresh.filter((r) => r.prefs.in_app);
  // one hub call per event (each member's row has its own id: a frame to several carries none, the bell reloads its list)
  if (live.length) await pushToHub(env, ev.workspaceId, frameOf(ev, live.length === 1 ? live[0]!.id : null, data.excerpt), { to: live.map((r) => r.p.user_id) });
  for (const r of fresh.filter((r) => r.prefs.email && r.p.email)) {
    const mail = notificationEmail(env, ev, r.p, await unsubscribeUrl(env, { workspaceId: ev.workspaceId, userId: r.p.user_id, kind: ev.kind }));
    await sendEmail(env, { workspaceId: ev.workspaceId, to: r.p.email, ...mail }, { id: `ntf-mail-${r.id}` });
  }
  const pushTo = fresh.filter((r) => r.prefs.push).map((r) => r.p.user_id);
  if (pushTo.length) await enqueuePush(env, ev, pushTo);
  return { created: live.map((r) => ({ userId: r.p.user_id, id: r.id })) };
}

function frameOf(ev: NotificationEvent, id: string | null, excerpt: string): HubBroadcastFrame {
  return { type: "notification:new", kind: ev.kind, notification_id: id, conversation_id: ev.conversationId ?? "", author_name: ev.actorName, excerpt };
}

function parsePrefs(raw: string | null): PreferenceChanges | null {
  if (!raw) return null;
  try {
    return JSON.parse(raw) as PreferenceChanges;
  } catch {
    return null;
  }
}

/** One `push.send` message per browser of each member (each retried on its own). */
async function enqueuePush(env: Env, ev: NotificationEvent, userIds: string[]): Promise<void> {
  const { results } = await env.DB.prepare(`SELECT id, user_id FROM push_subscriptions WHERE workspace_id = ?1 AND user_id IN (SELECT value FROM json_each(?2))`)
    .bind(ev.workspaceId, JSON.stringify(userIds))
    .all<{ id: string; user_id: string }>();
  if (!results.length) return;
  const url = ev.conversationId ? `/inbox/${ev.conversationId}` : "/inbox";
  const jobs: OutboundJob[] = results.map((s) => ({
    type: "push.send",
    subscription_id: s.id,
    payload: { kind: ev.kind, title: pushTitle(ev), body: ev.excerpt.slice(0, 160), url, tag: `${ev.kind}:${ev.conversationId ?? ev.dedupeKey}` },
  }));
  for (let i = 0; i < jobs.length; i += 100) await env.OUTBOUND.sendBatch(jobs.slice(i, i + 100).map((body) => ({ body })));
}

const PUSH_TITLES: Record<NotificationKind, (who: string) => string> = {
  mention: (who) => `${who} mentioned you`,
  assignment: (who) => `Conversation with ${who} assigned to you`,
  escalation: (who) => `${who} is waiting for a person`,
  new_conversation: (who) => `New conversation from ${who}`,
  offline_message: (who) => `Offline message from ${who}`,
  failed_delivery: () => "A message could not be delivered",
  daily_digest: () => "Your daily summary",
};

export const pushTitle = (ev: Pick<NotificationEvent, "kind" | "actorName">) => PUSH_TITLES[ev.kind](ev.actorName);
