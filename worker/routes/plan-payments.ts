import { createRoute, z } from "@hono/zod-openapi";
import type { MiddlewareHandler } from "hono";
import { requireSuperAdmin } from "../admin/guard";
import { requireAuth, requirePermission } from "../auth/middleware";
import { recordPlatformAction } from "../admin/console";
import { MAX_SLIP_BYTES } from "../commerce/slips/limits";
import { PLAN_PAYMENT_STATUSES } from "../db/schema";
import { loadPlanPayments } from "../lazy";
import type { AppEnv } from "../lib/context";
import { AppError } from "../lib/errors";
import { createRouter } from "../lib/router";
import { AUTHENTICATED, errorResponses } from "./docs";

const PlanPayment = z
  .object({
    id: z.string(),
    plan: z.string(),
    months: z.number().int(),
    amount: z.number().int().openapi({ description: "Satang" }),
    currency: z.string(),
    status: z.enum(PLAN_PAYMENT_STATUSES),
    slip: z.object({ trans_ref: z.string().nullable(), sending_bank: z.string().nullable() }).nullable(),
    note: z.string().nullable(),
    period_start: z.string().nullable(),
    period_end: z.string().nullable(),
    confirmed_by: z.string().nullable().openapi({ description: "`operator` or `slip:<provider>`" }),
    confirmed_at: z.string().nullable(),
    created_at: z.string(),
  })
  .openapi("PlanPayment");
const Qr = z.object({ payload: z.string(), svg: z.string(), receiver_name: z.string().nullable() });
const IdParams = z.object({ id: z.string().min(1).max(64).openapi({ param: { name: "id", in: "path" } }) });
const SlipUpload = z
  .object({ file: z.custom<File>((v) => v instanceof File, { message: 'Attach the slip photo in a form field named "file"' }).openapi({ type: "string", format: "binary" }) })
  .openapi("PlanSlipUpload");
const json = <T extends z.ZodType>(schema: T, description: string) => ({ description, content: { "application/json": { schema } } });

const multipartSlip: MiddlewareHandler<AppEnv> = async (c, next) => {
  if (Number(c.req.header("content-length") ?? "0") > MAX_SLIP_BYTES + 64 * 1024) throw new AppError(413, "PAYLOAD_TOO_LARGE", "A slip photo is limited to 5 MB");
  if (!(c.req.header("content-type") ?? "").startsWith("multipart/form-data")) throw new AppError(415, "UNSUPPORTED_MEDIA_TYPE", "Send the slip as multipart/form-data");
  await next();
};

const owner = { tags: ["Billing"], security: AUTHENTICATED, middleware: [requireAuth, requirePermission("billing:manage")] };

/** `/api/v1/billing/promptpay`: paying a plan by PromptPay transfer (prepaid months or a year). */
export const planPaymentRoutes = createRouter()
  .openapi(
    createRoute({
      ...owner,
      method: "post",
      path: "/",
      summary: "Pay a plan by PromptPay",
      description: "Owners only. A PromptPay QR for the exact amount (12 months at the yearly price); paying by card → 409 CARD_SUBSCRIPTION_ACTIVE.",
      request: { body: { required: true, content: { "application/json": { schema: z.strictObject({ plan: z.enum(["starter", "pro", "business"]), months: z.union([z.literal(1), z.literal(3), z.literal(6), z.literal(12)]).default(1).openapi({ description: "Prepaid months (12 at the yearly price)" }) }) } } } },
      responses: { 201: json(z.object({ payment: PlanPayment, qr: Qr }), "The payment waiting for its transfer"), ...errorResponses(400, 401, 403, 409) },
    }),
    async (c) => {
      const { plan, months } = c.req.valid("json");
      const auth = c.get("auth");
      return c.json(await (await loadPlanPayments()).startPlanPayment(c.env, auth.workspaceId, auth.userId!, plan, months), 201);
    },
  )
  .openapi(
    createRoute({ ...owner, method: "get", path: "/", summary: "PromptPay plan payments", description: "Owners only. Newest first.", responses: { 200: json(z.object({ data: z.array(PlanPayment) }), "Payments"), ...errorResponses(401, 403) } }),
    async (c) => c.json(await (await loadPlanPayments()).listPlanPayments(c.env, c.get("auth").workspaceId), 200),
  )
  .openapi(
    createRoute({
      ...owner,
      middleware: [requireAuth, requirePermission("billing:manage"), multipartSlip],
      method: "post",
      path: "/{id}/slip",
      summary: "Send the transfer slip",
      description: "Multipart `file` (PNG, JPEG, WebP ≤ 5 MB). One period per transfer (409 SLIP_ALREADY_USED); the slip provider or an operator confirms.",
      request: { params: IdParams, body: { required: true, content: { "multipart/form-data": { schema: SlipUpload } } } },
      responses: { 200: json(PlanPayment, "The payment after the slip"), ...errorResponses(400, 401, 403, 404, 409), 413: { description: "Larger than 5 MB" }, 415: { description: "Not an image, or not multipart" } },
    }),
    async (c) => c.json(await (await loadPlanPayments()).submitPlanSlip(c.env, c.get("auth").workspaceId, c.req.valid("param").id, c.req.valid("form").file), 200),
  );

const op = { tags: ["Platform admin"], security: AUTHENTICATED, middleware: [requireAuth, requireSuperAdmin] };
const opNote = "Platform operators only; anyone else gets 404. Decisions are written to the platform audit log.";

/** `/api/v1/admin/plan-payments`: the operators confirm or turn down PromptPay plan payments. */
export const adminPlanPaymentRoutes = createRouter()
  .openapi(
    createRoute({
      ...op,
      method: "get",
      path: "/",
      summary: "PromptPay plan payments to decide",
      description: opNote,
      request: { query: z.object({ status: z.enum(PLAN_PAYMENT_STATUSES).optional() }) },
      responses: { 200: json(z.object({ data: z.array(PlanPayment.extend({ workspace_id: z.string(), workspace_name: z.string() })) }), "Payments"), ...errorResponses(400, 401, 403, 404) },
    }),
    async (c) => c.json(await (await loadPlanPayments()).operatorPlanPayments(c.env, c.req.valid("query").status), 200),
  )
  .openapi(
    createRoute({ ...op, method: "get", path: "/{id}/slip", summary: "A payment's slip photo", description: opNote, request: { params: IdParams }, responses: { 200: { description: "The image" }, ...errorResponses(401, 403, 404) } }),
    async (c) => (await loadPlanPayments()).planSlipImage(c.env, c.req.valid("param").id),
  )
  .openapi(
    createRoute({
      ...op,
      method: "post",
      path: "/{id}/confirm",
      summary: "Confirm a PromptPay payment",
      description: `${opNote} Active from now, or from the end of a period already paid for the same plan.`,
      request: { params: IdParams },
      responses: { 200: json(PlanPayment, "Confirmed"), ...errorResponses(401, 403, 404, 409) },
    }),
    async (c) => {
      const adminId = c.get("auth").userId!;
      const payment = await (await loadPlanPayments()).confirmPlanPayment(c.env, c.req.valid("param").id, adminId);
      const ws = await c.env.DB.prepare(`select workspace_id from plan_payments where id = ?1`).bind(payment.id).first<{ workspace_id: string }>();
      await recordPlatformAction(c.env, adminId, "plan_payment.confirmed", ws?.workspace_id ?? null, { payment_id: payment.id, plan: payment.plan, months: payment.months, period_end: payment.period_end });
      return c.json(payment, 200);
    },
  )
  .openapi(
    createRoute({
      ...op,
      method: "post",
      path: "/{id}/reject",
      summary: "Turn a PromptPay payment down",
      description: `${opNote} The plan does not change; the owner sees the reason.`,
      request: { params: IdParams, body: { required: true, content: { "application/json": { schema: z.strictObject({ reason: z.string().trim().min(1).max(500) }) } } } },
      responses: { 200: json(PlanPayment, "Turned down"), ...errorResponses(400, 401, 403, 404, 409) },
    }),
    async (c) => {
      const adminId = c.get("auth").userId!;
      const { reason } = c.req.valid("json");
      const payment = await (await loadPlanPayments()).rejectPlanPayment(c.env, c.req.valid("param").id, reason);
      const ws = await c.env.DB.prepare(`select workspace_id from plan_payments where id = ?1`).bind(payment.id).first<{ workspace_id: string }>();
      await recordPlatformAction(c.env, adminId, "plan_payment.rejected", ws?.workspace_id ?? null, { payment_id: payment.id, reason });
      return c.json(payment, 200);
    },
  );
