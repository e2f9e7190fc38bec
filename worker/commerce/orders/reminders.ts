import { nowIso } from "../../lib/ids";
import { announce } from "./announce";
import { formatMoney, orderNumber } from "./format";

/** How long before the payment window closes an unpaid order gets its reminder (the cron runs every 15 minutes). */
export const REMINDER_LEAD_MINUTES = 20;
/** An order younger than this is not reminded yet (a short payment window). */
const MIN_AGE_MINUTES = 5;

/**
 * Abandoned-checkout follow-up: each unpaid order whose payment window closes
 * within the lead time gets one gentle line in its conversation (cron). The
 * reminder row is claimed first, so two runs never remind twice.
 */
export async function remindUnpaidOrders(env: Env, now = nowIso(), leadMinutes = REMINDER_LEAD_MINUTES): Promise<number> {
  const until = new Date(Date.parse(now) + leadMinutes * 60_000).toISOString();
  const youngest = new Date(Date.parse(now) - MIN_AGE_MINUTES * 60_000).toISOString();
  const due = await env.DB.prepare(
    `select o.id, o.workspace_id, o.number, o.total, o.currency, o.conversation_id, o.expires_at from orders o
     where o.status = 'pending_payment' and o.expires_at > ?1 and o.expires_at <= ?2 and o.created_at <= ?3
       and not exists (select 1 from order_payment_reminders r where r.order_id = o.id)
     limit 100`,
  )
    .bind(now, until, youngest)
    .all<{ id: string; workspace_id: string; number: number; total: number; currency: string; conversation_id: string | null; expires_at: string }>();
  let sent = 0;
  for (const o of due.results) {
    const claim = await env.DB.prepare(`insert or ignore into order_payment_reminders (order_id, workspace_id, sent_at) values (?1, ?2, ?3)`)
      .bind(o.id, o.workspace_id, now)
      .run();
    if (!claim.meta.changes) continue;
    const minutes = Math.max(1, Math.round((Date.parse(o.expires_at) - Date.parse(now)) / 60_000));
    await announce(
      env,
      o.conversation_id,
      `A gentle reminder: order ${orderNumber(o.number)} (${formatMoney(o.total, o.currency)}) is still waiting for payment, about ${minutes} min left before the items go back on sale. Send the slip here once you have paid.`,
    );
    sent++;
  }
  return sent;
}
