/**
 * Paying for a plan by PromptPay transfer (Thai tenants, prepaid months or a
 * year): the owner gets a QR for the exact amount (the commerce encoder, to
 * the platform's PromptPay ID), sends the slip, and a platform operator — or
 * the platform's slip-verification provider, when one is configured —
 * confirms it. The plan then runs until the paid period ends and counts as
 * free after it unless the next period is paid (`plan_expires_at`, read by
 * `workspacePlan`). A transfer reference pays one period only.
 */
import { promptPayPayload, qrSvg, type PromptPayIdType } from "../commerce/payments/promptpay";
import { parseSlipQr } from "../commerce/slips/payload";
import { askProvider, DEFAULT_SLIP_BASE_URLS, receiverMatches, type SlipProviderConfig } from "../commerce/slips/provider";
import { MAX_SLIP_BYTES } from "../commerce/slips/limits";
import type { PlanPaymentStatus } from "../db/schema";
import { loadSlipLibs } from "../lazy";
import { AppError, conflict, notFound } from "../lib/errors";
import { newId, nowIso } from "../lib/ids";
import { forgetAllowance } from "./bot-allowance";
import { PLANS, type PlanId } from "./plans";

export const PREPAID_MONTHS = [1, 3, 6, 12] as const;
export type PrepaidMonths = (typeof PREPAID_MONTHS)[number];
type PaidPlan = Exclude<PlanId, "free">;
type PpEnv = Pick<Env, "DB" | "FILES" | "PLATFORM_PROMPTPAY_ID" | "PLATFORM_PROMPTPAY_NAME" | "PLATFORM_SLIP_PROVIDER" | "PLATFORM_SLIP_API_KEY" | "PLATFORM_SLIP_BRANCH_ID" | "PLATFORM_SLIP_BASE_URL">;

interface Row {
  id: string;
  workspace_id: string;
  plan: string;
  months: number;
  amount: number;
  currency: string;
  status: PlanPaymentStatus;
  slip_r2_key: string | null;
  slip_content_type: string | null;
  slip_trans_ref: string | null;
  slip_bank: string | null;
  verification_note: string | null;
  period_start: string | null;
  period_end: string | null;
  confirmed_by: string | null;
  confirmed_at: string | null;
  created_at: string;
}

/** Twelve months cost the yearly price (two months free); shorter periods the monthly price each. */
export function prepaidAmount(plan: PaidPlan, months: PrepaidMonths): number {
  const p = PLANS[plan].prices.thb;
  return months === 12 ? p.yearly : p.monthly * months;
}

/** The platform's PromptPay ID and its kind (10 digits: a phone, 13: a tax ID, 15: an e-wallet). */
function platformPromptPay(env: PpEnv): { type: PromptPayIdType; id: string } {
  const id = (env.PLATFORM_PROMPTPAY_ID ?? "").replace(/\D/g, "");
  const type: PromptPayIdType | null = id.length === 10 ? "phone" : id.length === 13 ? "national_id" : id.length === 15 ? "ewallet" : null;
  if (!type) throw new AppError(503, "BILLING_NOT_CONFIGURED", "PromptPay payments are not set up on this installation");
  return { type, id };
}

function platformSlipProvider(env: PpEnv): SlipProviderConfig | null {
  const provider = env.PLATFORM_SLIP_PROVIDER;
  if ((provider !== "slipok" && provider !== "easyslip") || !env.PLATFORM_SLIP_API_KEY) return null;
  return { provider, apiKey: env.PLATFORM_SLIP_API_KEY, branchId: env.PLATFORM_SLIP_BRANCH_ID ?? null, baseUrl: env.PLATFORM_SLIP_BASE_URL || DEFAULT_SLIP_BASE_URLS[provider] };
}

export function planPaymentView(r: Row) {
  return {
    id: r.id,
    plan: r.plan,
    months: r.months,
    amount: r.amount,
    currency: r.currency,
    status: r.status,
    slip: r.slip_r2_key ? { trans_ref: r.slip_trans_ref, sending_bank: r.slip_bank } : null,
    note: r.verification_note,
    period_start: r.period_start,
    period_end: r.period_end,
    confirmed_by: r.confirmed_by ? (r.confirmed_by.startsWith("slip:") ? r.confirmed_by : "operator") : null,
    confirmed_at: r.confirmed_at,
    created_at: r.created_at,
  };
}
export type PlanPaymentView = ReturnType<typeof planPaymentView>;

const load = (env: PpEnv, id: string) => env.DB.prepare(`select * from plan_payments where id = ?1`).bind(id).first<Row>();

async function loadOwn(env: PpEnv, workspaceId: string, id: string): Promise<Row> {
  const row = await load(env, id);
  if (!row || row.workspace_id !== workspaceId) throw notFound("Payment");
  return row;
}

/** The QR for a payment still waiting for its transfer. */
function qrOf(env: PpEnv, r: Row) {
  const pp = platformPromptPay(env);
  const payload = promptPayPayload(pp.type, pp.id, r.amount);
  return { payload, svg: qrSvg(payload), receiver_name: env.PLATFORM_PROMPTPAY_NAME ?? null };
}

/** Owner picks a plan and a prepaid period: a payment waiting for its transfer, with the QR to scan. */
export async function startPlanPayment(env: PpEnv, workspaceId: string, userId: string, plan: PaidPlan, months: PrepaidMonths) {
  platformPromptPay(env);
  const ws = await env.DB.prepare(`select billing_status, stripe_subscription_id from workspaces where id = ?1`).bind(workspaceId).first<{ billing_status: string; stripe_subscription_id: string | null }>();
  if (ws?.stripe_subscription_id && ws.billing_status !== "canceled") {
    throw conflict("CARD_SUBSCRIPTION_ACTIVE", "This workspace pays by card; change or cancel the card subscription first");
  }
  const now = nowIso();
  const id = newId("ppay");
  await env.DB.batch([
    // one open payment at a time: an earlier unpaid QR is withdrawn
    env.DB.prepare(`update plan_payments set status = 'cancelled', updated_at = ?2 where workspace_id = ?1 and status = 'awaiting_slip'`).bind(workspaceId, now),
    env.DB.prepare(
      `insert into plan_payments (id, workspace_id, plan, months, amount, currency, status, created_by, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, 'THB', 'awaiting_slip', ?6, ?7, ?7)`,
    ).bind(id, workspaceId, plan, months, prepaidAmount(plan, months), userId, now),
  ]);
  const row = (await load(env, id))!;
  return { payment: planPaymentView(row), qr: qrOf(env, row) };
}

export async function listPlanPayments(env: PpEnv, workspaceId: string) {
  const { results } = await env.DB.prepare(`select * from plan_payments where workspace_id = ?1 order by created_at desc, id desc limit 50`).bind(workspaceId).all<Row>();
  return { data: results.map(planPaymentView) };
}

const IMAGE: Record<string, (b: Uint8Array) => boolean> = {
  "image/png": (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => b.length > 12 && String.fromCharCode(...b.slice(8, 12)) === "WEBP",
};

/**
 * The owner sends the transfer slip. Its mini-QR is read (the commerce slip
 * reader); a reference that already paid a period is refused (409
 * SLIP_ALREADY_USED). With the platform's verification provider, a transfer
 * of the exact amount to the platform's account confirms the payment at once;
 * otherwise it waits for an operator.
 */
export async function submitPlanSlip(env: PpEnv, workspaceId: string, paymentId: string, file: File) {
  const row = await loadOwn(env, workspaceId, paymentId);
  if (row.status !== "awaiting_slip" && row.status !== "awaiting_confirmation") throw conflict("PAYMENT_NOT_OPEN", `This payment is ${row.status.replace(/_/g, " ")}`, { status: row.status });
  if (file.size > MAX_SLIP_BYTES) throw new AppError(413, "PAYLOAD_TOO_LARGE", "A slip photo is limited to 5 MB");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = Object.keys(IMAGE).find((t) => IMAGE[t]!(bytes));
  if (!contentType) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the slip as a PNG, JPEG or WebP image");

  const text = (await loadSlipLibs()).readQrText(bytes);
  const qr = text ? parseSlipQr(text) : null;
  if (qr) {
    const used = await env.DB.prepare(`select id from plan_payments where slip_trans_ref = ?1 and id != ?2`).bind(qr.transRef, paymentId).first();
    if (used) throw conflict("SLIP_ALREADY_USED", "This slip was already used for another payment", { trans_ref: qr.transRef });
  }
  const key = `plan-slips/${workspaceId}/${paymentId}`;
  await env.FILES.put(key, bytes, { httpMetadata: { contentType } });

  let note = qr ? `slip ${qr.transRef} from bank ${qr.sendingBank}` : "slip photo without a readable QR";
  let verified = false;
  const cfg = qr ? platformSlipProvider(env) : null;
  if (cfg && qr) {
    const answer = await askProvider(cfg, qr, row.amount);
    if (!answer.ok) note = `provider could not verify: ${answer.message}`;
    else {
      const t = answer.transfer;
      const problems = [
        t.transRef && t.transRef !== qr.transRef ? "reference differs from the slip" : "",
        t.amount !== row.amount ? `amount ${t.amount ?? "unknown"} ≠ ${row.amount} satang` : "",
        receiverMatches(t, { promptpayId: env.PLATFORM_PROMPTPAY_ID ?? null, promptpayName: env.PLATFORM_PROMPTPAY_NAME ?? null }) ? "" : "receiver is not the platform's account",
      ].filter(Boolean);
      verified = problems.length === 0;
      note = verified ? `${cfg.provider}: amount and receiver match` : `${cfg.provider}: ${problems.join("; ")}`;
    }
  }
  try {
    await env.DB.prepare(
      `update plan_payments set status = 'awaiting_confirmation', slip_r2_key = ?2, slip_content_type = ?3, slip_trans_ref = ?4, slip_bank = ?5, verification_note = ?6, updated_at = ?7 where id = ?1`,
    )
      .bind(paymentId, key, contentType, qr?.transRef ?? null, qr?.sendingBank ?? null, note, nowIso())
      .run();
  } catch (err) {
    // the same slip sent for two payments at once: the unique reference index lets one through
    if (String(err).includes("UNIQUE")) throw conflict("SLIP_ALREADY_USED", "This slip was already used for another payment", { trans_ref: qr?.transRef });
    throw err;
  }
  if (verified) return confirmPlanPayment(env, paymentId, `slip:${cfg!.provider}`);
  return planPaymentView((await load(env, paymentId))!);
}

function addMonths(iso: string, months: number): string {
  const d = new Date(iso);
  const day = d.getUTCDate();
  d.setUTCMonth(d.getUTCMonth() + months);
  // 31 Jan + 1 month is the last day of February, not 3 March
  if (d.getUTCDate() !== day) d.setUTCDate(0);
  return d.toISOString();
}

/**
 * Confirms a transfer (an operator, or `slip:<provider>`): the plan is active
 * from now — or from the end of the period already paid for the same plan —
 * for the months paid, then lapses to free unless paid again.
 */
export async function confirmPlanPayment(env: PpEnv, paymentId: string, confirmedBy: string) {
  const row = await load(env, paymentId);
  if (!row) throw notFound("Payment");
  if (row.status !== "awaiting_slip" && row.status !== "awaiting_confirmation") throw conflict("PAYMENT_NOT_OPEN", `This payment is ${row.status.replace(/_/g, " ")}`, { status: row.status });
  const ws = await env.DB.prepare(`select plan, plan_expires_at from workspaces where id = ?1`).bind(row.workspace_id).first<{ plan: string; plan_expires_at: string | null }>();
  const now = nowIso();
  const start = ws?.plan === row.plan && ws.plan_expires_at && ws.plan_expires_at > now ? ws.plan_expires_at : now;
  const end = addMonths(start, row.months);
  const decided = await env.DB.prepare(
    `update plan_payments set status = 'confirmed', period_start = ?2, period_end = ?3, confirmed_by = ?4, confirmed_at = ?5, updated_at = ?5
     where id = ?1 and status in ('awaiting_slip', 'awaiting_confirmation')`,
  )
    .bind(paymentId, start, end, confirmedBy, now)
    .run();
  if (!decided.meta.changes) throw conflict("PAYMENT_NOT_OPEN", "This payment was decided meanwhile");
  await env.DB.prepare(
    `update workspaces set plan = ?2, billing_status = 'active', billing_interval = ?3, plan_expires_at = ?4, current_period_end = ?4, past_due_since = null, updated_at = ?5 where id = ?1`,
  )
    .bind(row.workspace_id, row.plan, row.months === 12 ? "yearly" : "monthly", end, now)
    .run();
  forgetAllowance(row.workspace_id);
  return planPaymentView((await load(env, paymentId))!);
}

/** An operator turns a slip down (wrong amount, not received): the plan does not change; the owner sees why. */
export async function rejectPlanPayment(env: PpEnv, paymentId: string, reason: string) {
  const row = await load(env, paymentId);
  if (!row) throw notFound("Payment");
  if (row.status !== "awaiting_slip" && row.status !== "awaiting_confirmation") throw conflict("PAYMENT_NOT_OPEN", `This payment is ${row.status.replace(/_/g, " ")}`, { status: row.status });
  await env.DB.prepare(`update plan_payments set status = 'rejected', verification_note = ?2, slip_trans_ref = null, updated_at = ?3 where id = ?1`).bind(paymentId, reason, nowIso()).run();
  return planPaymentView((await load(env, paymentId))!);
}

/** Operators' queue: payments with a slip waiting for a decision (or any status). */
export async function operatorPlanPayments(env: PpEnv, status: PlanPaymentStatus | undefined) {
  const { results } = await env.DB.prepare(
    `select p.*, w.name as workspace_name from plan_payments p join workspaces w on w.id = p.workspace_id
     where (?1 is null or p.status = ?1) order by p.created_at desc limit 100`,
  )
    .bind(status ?? null)
    .all<Row & { workspace_name: string }>();
  return { data: results.map((r) => ({ ...planPaymentView(r), workspace_id: r.workspace_id, workspace_name: r.workspace_name })) };
}

/** The slip photo, for the operator deciding. */
export async function planSlipImage(env: PpEnv, paymentId: string): Promise<Response> {
  const row = await load(env, paymentId);
  const obj = row?.slip_r2_key ? await env.FILES.get(row.slip_r2_key) : null;
  if (!row || !obj) throw notFound("Slip");
  return new Response(obj.body, {
    headers: { "content-type": row.slip_content_type ?? "application/octet-stream", "cache-control": "private, max-age=300", "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'" },
  });
}
