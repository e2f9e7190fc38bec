import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n, type MessageKey } from "../../i18n";
import { api, ApiError } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useAuth } from "../../lib/auth";
import { useResource } from "../../lib/useResource";
import { useCheckoutReturn } from "./useCheckoutReturn";
import { PromptPayCard } from "./PromptPayCard";
import "./billing.css";

type PlanId = "free" | "starter" | "pro" | "business";
interface PlanView {
  id: PlanId;
  name: string;
  prices: { thb: { monthly: number; yearly: number }; usd: { monthly: number; yearly: number } };
  limits: { chatbots: number | null; seats: number | null; conversations_per_month: number | null; api_requests_per_hour: number };
}
interface Billing {
  plan: PlanView;
  status: "none" | "trialing" | "active" | "past_due" | "canceled";
  trial_ends_at: string | null;
  past_due_since: string | null;
  interval: string | null;
  plan_expires_at: string | null;
  limits: Record<string, number | null>;
  usage: { chatbots: number; seats: number; channels: number; conversations: number; ai_replies: number };
  warnings: { metric: string; used: number; limit: number; level: 80 | 100 }[];
  plans: PlanView[];
}

const METRICS = ["chatbots", "seats", "channels", "conversations", "ai_replies"] as const;

export default function BillingPage() {
  const { t, number, date } = useI18n();
  const { can } = useAuth();
  const notify = useToast();
  const res = useResource<Billing>("/api/v1/billing");
  const [interval, setInterval] = useState<"monthly" | "yearly">("monthly");
  const choosing = useSubmit({ toast: true });
  const opening = useSubmit({ toast: true });
  const b = res.data;
  const owner = can("billing:manage");
  const subscribed = b ? b.status === "trialing" || b.status === "active" || b.status === "past_due" : undefined;
  const checkout = useCheckoutReturn(subscribed, res.reload, () => notify(t("billing.checkout.done", { plan: b?.plan.name ?? "" }), "success"));

  async function choose(plan: PlanId) {
    await choosing.run(async () => {
      try {
        const out = await api<{ checkout_url: string }>("/api/v1/billing/checkout", { method: "POST", body: { plan, interval } });
        window.location.assign(out.checkout_url);
      } catch (err) {
        // a local installation without Stripe switches plans directly (development only)
        if (err instanceof ApiError && err.code === "BILLING_NOT_CONFIGURED") {
          try {
            await api("/api/v1/dev/plan", { method: "POST", body: { plan } });
            notify(t("billing.switched", { plan }), "success");
            await res.reload();
            return;
          } catch {
            /* not a development installation: show the original error */
          }
        }
        throw err;
      }
    });
  }

  async function portal() {
    await opening.run(async () => {
      const out = await api<{ portal_url: string }>("/api/v1/billing/portal", { method: "POST" });
      window.location.assign(out.portal_url);
    });
  }

  if (!b) return <div class="page">{res.error ? <p class="error">{res.error}</p> : <p>{t("common.loading")}</p>}</div>;
  const price = (p: PlanView) => {
    const amount = p.prices.thb[interval] / 100;
    const text = number(amount, { style: "currency", currency: "THB", maximumFractionDigits: 0 });
    return t(interval === "monthly" ? "billing.perMonth" : "billing.perYear", { price: text });
  };
  const statusText =
    b.status === "trialing"
      ? t("billing.status.trialing", { date: b.trial_ends_at ? date(b.trial_ends_at, { dateStyle: "medium" }) : "—" })
      : b.status === "past_due"
        ? t("billing.status.past_due", { date: b.past_due_since ? date(Date.parse(b.past_due_since) + 7 * 86_400_000, { dateStyle: "medium" }) : "—" })
        : t(`billing.status.${b.status}` as MessageKey);

  return (
    <div class="page billing-page" data-testid="billing-page">
      <header class="page-header">
        <h1>{t("billing.title")}</h1>
        <p class="muted">{t("billing.subtitle")}</p>
      </header>

      {checkout.pending && (
        <div class="alert alert-info" role="status" data-testid="checkout-pending">
          {t("billing.checkout.pending")}
        </div>
      )}
      {checkout.cancelled && (
        <div class="alert alert-info" role="status" data-testid="checkout-cancelled">
          {t("billing.checkout.cancelled")}
        </div>
      )}
      {b.warnings.map((w) => (
        <div key={w.metric} class={`banner ${w.level === 100 ? "banner-error" : "banner-warning"}`} data-testid={`usage-warning-${w.metric}`}>
          {t(w.level === 100 ? "billing.warning100" : "billing.warning80", { metric: t(`billing.metric.${w.metric}` as MessageKey), used: number(w.used), limit: number(w.limit) })}
        </div>
      ))}

      <section class="card">
        <h2>{t("billing.currentPlan")}</h2>
        <p class="billing-plan" data-testid="current-plan">
          <strong>{b.plan.name}</strong> · {statusText}
        </p>
        {owner && b.status !== "none" && (
          <button type="button" class="btn" onClick={portal}>
            {t("billing.manage")}
          </button>
        )}
      </section>

      {owner && b.status !== "trialing" && !(b.status === "active" && b.interval && !b.plan_expires_at) && <PromptPayCard onPaid={() => void res.reload()} />}

      <section class="card">
        <h2>{t("billing.usage")}</h2>
        {METRICS.map((m) => {
          const limit = b.limits[m] ?? null;
          const used = b.usage[m];
          const pct = limit ? Math.min(100, Math.round((used / limit) * 100)) : 0;
          return (
            <div key={m} class="usage-row" data-testid={`usage-${m}`}>
              <div class="usage-label">
                <span>{t(`billing.metric.${m}` as MessageKey)}</span>
                <span>{limit === null ? `${number(used)} · ${t("billing.unlimited")}` : t("billing.of", { used: number(used), limit: number(limit) })}</span>
              </div>
              {limit !== null && (
                <div class="usage-bar" role="progressbar" aria-valuemin={0} aria-valuemax={100} aria-valuenow={pct}>
                  <div class={`usage-fill ${pct >= 100 ? "full" : pct >= 80 ? "high" : ""}`} style={{ width: `${pct}%` }} />
                </div>
              )}
            </div>
          );
        })}
      </section>

      <section class="card">
        <div class="billing-plans-head">
          <h2>{t("billing.plans")}</h2>
          <div class="segmented" role="group">
            <button type="button" class={interval === "monthly" ? "active" : ""} onClick={() => setInterval("monthly")}>
              {t("billing.monthly")}
            </button>
            <button type="button" class={interval === "yearly" ? "active" : ""} onClick={() => setInterval("yearly")}>
              {t("billing.yearly")}
            </button>
          </div>
        </div>
        {!owner && <p class="muted">{t("billing.ownerOnly")}</p>}
        <div class="plan-grid">
          {b.plans.map((p) => (
            <div key={p.id} class={`plan-card ${p.id === b.plan.id ? "current" : ""}`} data-testid={`plan-${p.id}`}>
              <h3>{p.name}</h3>
              <p class="plan-price">{price(p)}</p>
              <ul>
                <li>{p.limits.chatbots === null ? `${t("billing.metric.chatbots")}: ${t("billing.unlimited")}` : t("billing.limit.chatbots", { n: number(p.limits.chatbots) })}</li>
                <li>{t("billing.limit.seats", { n: p.limits.seats === null ? t("billing.unlimited") : number(p.limits.seats) })}</li>
                <li>{t("billing.limit.conversations", { n: p.limits.conversations_per_month === null ? t("billing.unlimited") : number(p.limits.conversations_per_month) })}</li>
                <li>{t("billing.limit.api", { n: number(p.limits.api_requests_per_hour) })}</li>
              </ul>
              {p.id === b.plan.id ? (
                <span class="badge">{t("billing.current")}</span>
              ) : (
                owner &&
                p.id !== "free" && (
                  <button type="button" class="btn btn-primary" disabled={choosing.busy} onClick={() => choose(p.id)} data-testid={`choose-${p.id}`}>
                    {t("billing.choose", { plan: p.name })}
                  </button>
                )
              )}
            </div>
          ))}
        </div>
      </section>
    </div>
  );
}
