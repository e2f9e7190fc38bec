import { env } from "cloudflare:test";
import { afterEach, describe, expect, it } from "vitest";
import { submitPlanSlip } from "../../worker/billing/promptpay-plans";
import { remindLapsingPrepaidPlans } from "../../worker/billing/prepaid-reminders";
import { clearEndpointChecks } from "../../worker/ai/providers/endpoint";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { slipForm, slipImage } from "../commerce/slip-image";
import { api, inviteAndAccept, registerOwner } from "../helpers";

async function operator() {
  const op = await registerOwner();
  await env.DB.prepare("insert into platform_admins (user_id, granted_at) values (?, ?)").bind(op.userId, new Date().toISOString()).run();
  await env.DB.prepare("update users set mfa_enabled = 1 where id = ?").bind(op.userId).run();
  return op;
}

let n = 0;
const newRef = () => `2026113015${String(Date.now()).slice(-6)}${++n}PP`;
const addBot = (token: string, name: string) => api("/api/v1/chatbots", { token, body: { name } });
const DAY = 86_400_000;

afterEach(() => setCrawlNetwork(null));

describe("paying a plan by PromptPay", () => {
  it("QR for the amount → slip → operator confirms → the plan is active until the period ends, then counts as free again with nothing deleted", async () => {
    const owner = await registerOwner({ plan: "free" });
    const op = await operator();
    expect((await addBot(owner.token, "First")).status).toBe(201);
    expect((await addBot(owner.token, "Second")).status).toBe(402);

    const start = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "pro", months: 3 } });
    expect(start.status).toBe(201);
    expect(start.json.payment).toMatchObject({ plan: "pro", months: 3, amount: 3 * 1_990_00, currency: "THB", status: "awaiting_slip" });
    // the commerce encoder: dynamic QR, PromptPay AID with the platform's tax ID, THB, the amount with two decimals
    const payload: string = start.json.qr.payload;
    expect(payload.startsWith("000201010212")).toBe(true);
    expect(payload).toContain("0016A00000067701011102130105561234567");
    expect(payload).toContain("5303764");
    expect(payload).toContain("54075970.00");
    expect(start.json.qr.svg).toContain("<svg");
    expect(start.json.qr.receiver_name).toBe("MiniChat Co., Ltd.");
    const paymentId = start.json.payment.id as string;

    const ref = newRef();
    const sent = await api(`/api/v1/billing/promptpay/${paymentId}/slip`, { token: owner.token, body: slipForm(slipImage(ref)) });
    expect(sent.status).toBe(200);
    expect(sent.json).toMatchObject({ status: "awaiting_confirmation", slip: { trans_ref: ref, sending_bank: "014" } });
    // still free until someone confirms
    expect((await api("/api/v1/billing", { token: owner.token })).json.plan.id).toBe("free");

    // the owner cannot confirm their own payment; the operator's queue shows it with the workspace
    expect((await api(`/api/v1/admin/plan-payments/${paymentId}/confirm`, { token: owner.token, method: "POST" })).status).toBe(404);
    const queue = await api("/api/v1/admin/plan-payments?status=awaiting_confirmation", { token: op.token });
    expect(queue.json.data.find((p: { id: string }) => p.id === paymentId)).toMatchObject({ workspace_id: owner.workspaceId, amount: 597000 });
    const image = await api(`/api/v1/admin/plan-payments/${paymentId}/slip`, { token: op.token });
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");

    const confirmed = await api(`/api/v1/admin/plan-payments/${paymentId}/confirm`, { token: op.token, method: "POST" });
    expect(confirmed.status).toBe(200);
    expect(confirmed.json).toMatchObject({ status: "confirmed", confirmed_by: "operator" });
    const end = Date.parse(confirmed.json.period_end);
    expect(end - Date.now()).toBeGreaterThan(88 * DAY);
    expect(end - Date.now()).toBeLessThan(93 * DAY);
    expect((await api(`/api/v1/admin/plan-payments/${paymentId}/confirm`, { token: op.token, method: "POST" })).status).toBe(409);

    const billing = await api("/api/v1/billing", { token: owner.token });
    expect(billing.json).toMatchObject({ plan: { id: "pro" }, status: "active", plan_expires_at: confirmed.json.period_end });
    expect((await addBot(owner.token, "Second")).status).toBe(201);
    expect((await addBot(owner.token, "Third")).status).toBe(201);

    const audit = await api("/api/v1/admin/audit", { token: op.token });
    expect(audit.json.data.some((e: { action: string; workspace_id: string }) => e.action === "plan_payment.confirmed" && e.workspace_id === owner.workspaceId)).toBe(true);

    // paying the next month before the period ends extends it from its end, not from today
    const renew = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "pro", months: 1 } });
    await api(`/api/v1/billing/promptpay/${renew.json.payment.id}/slip`, { token: owner.token, body: slipForm(slipImage(newRef())) });
    const renewed = await api(`/api/v1/admin/plan-payments/${renew.json.payment.id}/confirm`, { token: op.token, method: "POST" });
    expect(renewed.json.period_start).toBe(confirmed.json.period_end);
    expect(Date.parse(renewed.json.period_end) - end).toBeGreaterThan(27 * DAY);

    // the paid period is over and nothing was paid again: free limits, everything kept
    await env.DB.prepare("update workspaces set plan_expires_at = ?2 where id = ?1").bind(owner.workspaceId, new Date(Date.now() - 1000).toISOString()).run();
    const lapsed = await api("/api/v1/billing", { token: owner.token });
    expect(lapsed.json.plan.id).toBe("free");
    expect(lapsed.json.usage.chatbots).toBe(3);
    const refused = await addBot(owner.token, "Fourth");
    expect(refused.status).toBe(402);
    expect(refused.json.error).toMatchObject({ code: "PLAN_LIMIT", details: { limit: 1, used: 3, plan: "free" } });
    expect((await api("/api/v1/chatbots", { token: owner.token })).json.data).toHaveLength(3);
  });

  it("a slip pays one period only; an operator can turn a slip down and the plan stays", async () => {
    const owner = await registerOwner({ plan: "free" });
    const other = await registerOwner({ plan: "free" });
    const op = await operator();
    const ref = newRef();
    const a = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "starter", months: 1 } });
    expect((await api(`/api/v1/billing/promptpay/${a.json.payment.id}/slip`, { token: owner.token, body: slipForm(slipImage(ref)) })).status).toBe(200);

    // another tenant cannot see or use this payment, and cannot reuse the slip
    expect((await api(`/api/v1/billing/promptpay/${a.json.payment.id}/slip`, { token: other.token, body: slipForm(slipImage(newRef())) })).status).toBe(404);
    const b = await api("/api/v1/billing/promptpay", { token: other.token, body: { plan: "starter", months: 1 } });
    const reused = await api(`/api/v1/billing/promptpay/${b.json.payment.id}/slip`, { token: other.token, body: slipForm(slipImage(ref)) });
    expect(reused.status).toBe(409);
    expect(reused.json.error.code).toBe("SLIP_ALREADY_USED");

    const rejected = await api(`/api/v1/admin/plan-payments/${a.json.payment.id}/reject`, { token: op.token, body: { reason: "No transfer of 590.00 THB arrived" } });
    expect(rejected.json).toMatchObject({ status: "rejected", note: "No transfer of 590.00 THB arrived" });
    const mine = await api("/api/v1/billing/promptpay", { token: owner.token });
    expect(mine.json.data[0]).toMatchObject({ id: a.json.payment.id, status: "rejected", note: "No transfer of 590.00 THB arrived" });
    expect((await api("/api/v1/billing", { token: owner.token })).json.plan.id).toBe("free");
  });

  it("validates before anything else: owners only, paid plans, 1/3/6/12 months at the yearly price for 12", async () => {
    const owner = await registerOwner({ plan: "free" });
    const agent = await inviteAndAccept(owner.token, "agent");
    expect((await api("/api/v1/billing/promptpay", { token: agent.token, body: { plan: "pro", months: 1 } })).status).toBe(403);
    expect((await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "free", months: 1 } })).status).toBe(400);
    expect((await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "pro", months: 2 } })).status).toBe(400);
    const year = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "business", months: 12 } });
    expect(year.json.payment.amount).toBe(59_900_00);
    const notImage = new FormData();
    notImage.append("file", new File(["hello"], "slip.txt", { type: "text/plain" }));
    expect((await api(`/api/v1/billing/promptpay/${year.json.payment.id}/slip`, { token: owner.token, body: notImage })).status).toBe(415);
    // a workspace that pays by card changes plan on the card portal instead
    await env.DB.prepare("update workspaces set stripe_subscription_id = 'sub_x', billing_status = 'active' where id = ?1").bind(owner.workspaceId).run();
    const card = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "pro", months: 1 } });
    expect(card.status).toBe(409);
    expect(card.json.error.code).toBe("CARD_SUBSCRIPTION_ACTIVE");
  });

  it("with the platform's slip-verification provider, a matching transfer activates the plan at once", async () => {
    const owner = await registerOwner({ plan: "free" });
    const start = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "starter", months: 1 } });
    const ref = newRef();
    const seen: string[] = [];
    clearEndpointChecks();
    setCrawlNetwork({
      resolveHost: async () => ["93.184.216.34"],
      fetch: async (req) => {
        seen.push(req.url);
        return Response.json({ status: 200, data: { transRef: ref, amount: { amount: 590 }, receiver: { account: { name: { en: "MINICHAT CO., LTD." }, proxy: { account: "xxx-xxx-x4567" } } } } });
      },
    });
    const withProvider = { ...env, PLATFORM_SLIP_PROVIDER: "easyslip", PLATFORM_SLIP_API_KEY: "es_platform_key", PLATFORM_SLIP_BASE_URL: "https://slip.example.com" };
    const file = slipForm(slipImage(ref)).get("file") as File;
    const paid = await submitPlanSlip(withProvider, owner.workspaceId, start.json.payment.id, file);
    expect(seen[0]).toContain("https://slip.example.com/api/v1/verify?payload=");
    expect(paid).toMatchObject({ status: "confirmed", confirmed_by: "slip:easyslip" });
    expect((await api("/api/v1/billing", { token: owner.token })).json.plan.id).toBe("starter");
  });

  it("a week before a prepaid period ends the owner is told once when it lapses", async () => {
    const owner = await registerOwner({ plan: "free" });
    const op = await operator();
    const start = await api("/api/v1/billing/promptpay", { token: owner.token, body: { plan: "starter", months: 1 } });
    await api(`/api/v1/admin/plan-payments/${start.json.payment.id}/confirm`, { token: op.token, method: "POST" });
    const ends = new Date(Date.now() + 3 * DAY).toISOString();
    await env.DB.prepare("update workspaces set plan_expires_at = ?2 where id = ?1").bind(owner.workspaceId, ends).run();
    await env.DB.prepare("update plan_payments set period_end = ?2 where id = ?1").bind(start.json.payment.id, ends).run();
    expect(await remindLapsingPrepaidPlans(env)).toBeGreaterThanOrEqual(1);
    expect(await remindLapsingPrepaidPlans(env)).toBe(0);
    const mail = await api(`/api/v1/dev/mail?to=${encodeURIComponent(owner.email)}`);
    const reminder = mail.json.data.find((m: { subject: string }) => m.subject.includes(`starter plan ends on ${ends.slice(0, 10)}`));
    expect(reminder?.text).toContain("moves to the free plan");
  });
});
