import { AppError, badRequest, conflict, notFound } from "../../lib/errors";
import { newId, nowIso } from "../../lib/ids";
import type { Order, PaymentSlip, SlipStatus } from "../../db/schema";
import { visitorConversationStub } from "../../widget/conversations";
import type { VisitorClaims } from "../../widget/token";
import { announce } from "../orders/announce";
import { formatMoney, orderNumber } from "../orders/format";
import { loadOrder, transitionOrder } from "../orders/orders";
import { loadSettings } from "../settings";
import { parseSlipQr, type SlipQr } from "./payload";
import { readQrText } from "./qr-image";
import { askProvider, receiverMatches } from "./provider";
import { MAX_SLIP_BYTES } from "./limits";
import { slipProviderConfig } from "./settings";

/**
 * A visitor pays by bank transfer / PromptPay and sends a photo of the slip:
 * the photo goes to R2, its mini-QR is read (lazily loaded decoders), and the
 * transaction reference may pay only one order per workspace (a reused slip
 * answers 409 SLIP_ALREADY_USED and the conversation tells the agents). With a
 * verification provider a matching transfer (amount and receiver) marks the
 * order paid; otherwise it waits for an agent in `awaiting_confirmation`.
 */
const SLIP_TYPES: Record<string, (b: Uint8Array) => boolean> = {
  "image/png": (b) => b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47,
  "image/jpeg": (b) => b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff,
  "image/webp": (b) => b.length > 12 && String.fromCharCode(...b.slice(8, 12)) === "WEBP",
};
const PAYABLE: readonly Order["status"][] = ["pending_payment", "awaiting_confirmation"];

export function serializeSlip(s: PaymentSlip) {
  return {
    id: s.id, order_id: s.orderId, status: s.status, trans_ref: s.transRef, sending_bank: s.sendingBank, content_type: s.contentType, size: s.size,
    duplicate_of_order_id: s.duplicateOfOrderId, provider: s.provider, provider_amount: s.providerAmount, provider_note: s.providerNote, created_at: s.createdAt,
  };
}
export type SlipDto = ReturnType<typeof serializeSlip>;

function sniff(bytes: Uint8Array): string | null {
  for (const [type, test] of Object.entries(SLIP_TYPES)) if (test(bytes)) return type;
  return null;
}

async function readQr(bytes: Uint8Array): Promise<SlipQr | null> {
  const text = readQrText(bytes);
  return text ? parseSlipQr(text) : null;
}

interface SlipRowInput {
  id: string;
  order: Order;
  key: string;
  contentType: string;
  size: number;
  qr: SlipQr | null;
  status: SlipStatus;
  duplicateOf?: string | null;
  provider?: string | null;
  providerAmount?: number | null;
  providerNote?: string | null;
}

function insertSlip(env: Env, r: SlipRowInput, now: string) {
  return env.DB.prepare(
    `insert into payment_slips (id, workspace_id, order_id, r2_key, content_type, size, qr_payload, sending_bank, trans_ref, status, duplicate_of_order_id, provider, provider_amount, provider_note, created_at)
     values (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15)`,
  )
    .bind(r.id, r.order.workspaceId, r.order.id, r.key, r.contentType, r.size, r.qr?.payload ?? null, r.qr?.sendingBank ?? null, r.qr?.transRef ?? null, r.status,
      r.duplicateOf ?? null, r.provider ?? null, r.providerAmount ?? null, r.providerNote ?? null, now)
    .run();
}

async function firstUse(env: Env, workspaceId: string, transRef: string) {
  return env.DB.prepare(
    `select s.order_id as order_id, o.number as number from payment_slips s join orders o on o.id = s.order_id
     where s.workspace_id = ?1 and s.trans_ref = ?2 and s.status != 'duplicate' limit 1`,
  )
    .bind(workspaceId, transRef)
    .first<{ order_id: string; number: number }>();
}

async function refuseReuse(env: Env, row: SlipRowInput, first: { order_id: string; number: number }, now: string): Promise<never> {
  await insertSlip(env, { ...row, status: "duplicate", duplicateOf: first.order_id }, now);
  await announce(
    env,
    row.order.conversationId,
    `This slip (reference ${row.qr!.transRef}) was already used for another payment, so it cannot pay order ${orderNumber(row.order.number)}. A team member will check it with you.`,
  );
  throw conflict("SLIP_ALREADY_USED", "This slip was already used for another payment", { trans_ref: row.qr!.transRef, order_id: row.order.id });
}

/** The visitor sends the slip for an order of their conversation. */
export async function submitSlip(env: Env, visitor: VisitorClaims, conversationId: string, orderId: string, file: File): Promise<{ slip: SlipDto; order: { id: string; number: string; status: Order["status"] } }> {
  // the conversation's D1 row proves it is the visitor's
  await visitorConversationStub(env, visitor, conversationId);
  const order = await loadOrder(env, visitor.workspaceId, orderId).catch(() => null);
  if (!order || order.conversationId !== conversationId || order.visitorId !== visitor.visitorId) throw notFound("Order");
  if (order.paymentMethod !== "promptpay" && order.paymentMethod !== "bank_transfer") throw badRequest("SLIP_NOT_EXPECTED", "This order is not paid by transfer");
  if (!PAYABLE.includes(order.status)) throw conflict("ORDER_NOT_AWAITING_PAYMENT", `Order ${orderNumber(order.number)} is ${order.status.replace(/_/g, " ")}`, { status: order.status });
  if (file.size > MAX_SLIP_BYTES) throw new AppError(413, "PAYLOAD_TOO_LARGE", "A slip photo is limited to 5 MB");
  const bytes = new Uint8Array(await file.arrayBuffer());
  const contentType = sniff(bytes);
  if (!contentType) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the slip as a PNG, JPEG or WebP image");

  const id = newId("slip");
  const key = `slips/${order.workspaceId}/${order.id}/${id}`;
  await env.FILES.put(key, bytes, { httpMetadata: { contentType } });
  const qr = await readQr(bytes);
  const now = nowIso();
  const row: SlipRowInput = { id, order, key, contentType, size: bytes.byteLength, qr, status: qr ? "pending" : "unreadable" };

  if (qr) {
    const first = await firstUse(env, order.workspaceId, qr.transRef);
    if (first) await refuseReuse(env, row, first, now);
  }

  const cfg = qr ? await slipProviderConfig(env, order.workspaceId) : null;
  let verdict: { paid: boolean; note: string } | null = null;
  if (cfg && qr) {
    const answer = await askProvider(cfg, qr, order.total);
    row.provider = cfg.provider;
    if (!answer.ok) {
      row.status = "mismatch";
      row.providerNote = `provider could not verify: ${answer.message}`;
    } else {
      const shop = await loadSettings(env, order.workspaceId);
      const t = answer.transfer;
      row.providerAmount = t.amount;
      const problems = [
        t.transRef && t.transRef !== qr.transRef ? "reference differs from the slip" : "",
        t.amount !== order.total ? `amount ${t.amount == null ? "unknown" : formatMoney(t.amount, order.currency)} ≠ ${formatMoney(order.total, order.currency)}` : "",
        receiverMatches(t, shop) ? "" : "receiver is not the shop's account",
      ].filter(Boolean);
      row.status = problems.length ? "mismatch" : "verified";
      row.providerNote = problems.length ? problems.join("; ") : "amount and receiver match";
    }
    verdict = { paid: row.status === "verified", note: `slip ${qr.transRef}: ${row.providerNote}` };
  }

  try {
    await insertSlip(env, row, now);
  } catch (err) {
    // two uploads of the same slip at once: the unique reference index lets one through
    if (qr && String(err).includes("UNIQUE")) {
      const first = await firstUse(env, order.workspaceId, qr.transRef);
      if (first) await refuseReuse(env, row, first, nowIso());
    }
    throw err;
  }

  const to = verdict?.paid ? "paid" : "awaiting_confirmation";
  const note = verdict?.note ?? (qr ? `slip ${qr.transRef} from bank ${qr.sendingBank}; confirm against ${formatMoney(order.total, order.currency)}` : "slip photo without a readable QR");
  let next = order;
  if (order.status !== to) {
    next = await transitionOrder(env, order, to, { actor: verdict?.paid ? `slip:${cfg!.provider}` : `visitor:${visitor.visitorId}`, note });
  }
  const saved = await env.DB.prepare(`select * from payment_slips where id = ?1`).bind(id).first<Record<string, unknown>>();
  return { slip: serializeSlip(rowToSlip(saved!)), order: { id: next.id, number: orderNumber(next.number), status: next.status } };
}

function rowToSlip(r: Record<string, unknown>): PaymentSlip {
  return {
    id: r.id as string, workspaceId: r.workspace_id as string, orderId: r.order_id as string, r2Key: r.r2_key as string, contentType: r.content_type as string,
    size: r.size as number, qrPayload: (r.qr_payload as string) ?? null, sendingBank: (r.sending_bank as string) ?? null, transRef: (r.trans_ref as string) ?? null,
    status: r.status as SlipStatus, duplicateOfOrderId: (r.duplicate_of_order_id as string) ?? null, provider: (r.provider as string) ?? null,
    providerAmount: (r.provider_amount as number) ?? null, providerNote: (r.provider_note as string) ?? null, createdAt: r.created_at as string,
  };
}

/** An order's slips for agents (another workspace's order → 404). */
export async function orderSlips(env: Env, workspaceId: string, orderId: string): Promise<SlipDto[]> {
  await loadOrder(env, workspaceId, orderId);
  const rows = await env.DB.prepare(`select * from payment_slips where workspace_id = ?1 and order_id = ?2 order by created_at, id`).bind(workspaceId, orderId).all<Record<string, unknown>>();
  return rows.results.map((r) => serializeSlip(rowToSlip(r)));
}

/** The slip photo itself, for the Orders page beside the expected amount. */
export async function slipImage(env: Env, workspaceId: string, orderId: string, slipId: string): Promise<Response> {
  const row = await env.DB.prepare(`select r2_key, content_type from payment_slips where id = ?1 and order_id = ?2 and workspace_id = ?3`)
    .bind(slipId, orderId, workspaceId)
    .first<{ r2_key: string; content_type: string }>();
  if (!row) throw notFound("Slip");
  const obj = await env.FILES.get(row.r2_key);
  if (!obj) throw notFound("Slip");
  return new Response(obj.body, {
    headers: { "content-type": row.content_type, "cache-control": "private, max-age=300", "x-content-type-options": "nosniff", "content-security-policy": "default-src 'none'" },
  });
}
