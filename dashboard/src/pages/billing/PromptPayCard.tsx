import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n, type MessageKey } from "../../i18n";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useResource } from "../../lib/useResource";

const PAID_PLANS = [{ id: "starter", name: "Starter" }, { id: "pro", name: "Pro" }, { id: "business", name: "Business" }] as const; // i18n-ignore: plan names

interface Payment {
  id: string;
  plan: string;
  months: number;
  amount: number;
  status: "awaiting_slip" | "awaiting_confirmation" | "confirmed" | "rejected" | "cancelled";
  note: string | null;
  period_end: string | null;
  created_at: string;
}
interface Started {
  payment: Payment;
  qr: { payload: string; svg: string; receiver_name: string | null };
}

const MONTHS = [1, 3, 6, 12] as const;

/** Paying a plan by PromptPay: a QR for the exact amount, then the slip; an operator (or the slip check) confirms. */
export function PromptPayCard({ onPaid }: { onPaid: () => void }) {
  const { t, number, date } = useI18n();
  const notify = useToast();
  const history = useResource<{ data: Payment[] }>("/api/v1/billing/promptpay");
  const [plan, setPlan] = useState<"starter" | "pro" | "business">("starter");
  const [months, setMonths] = useState<(typeof MONTHS)[number]>(1);
  const [open, setOpen] = useState<Started | null>(null);
  const { busy, run: act } = useSubmit({ toast: true });
  const money = (satang: number) => number(satang / 100, { style: "currency", currency: "THB" });

  async function start() {
    await act(async () => {
      setOpen(await api<Started>("/api/v1/billing/promptpay", { method: "POST", body: { plan, months } }));
      await history.reload();
    });
  }

  async function sendSlip(file: File) {
    if (!open) return;
    const form = new FormData();
    form.append("file", file);
    await act(async () => {
      const p = await api<Payment>(`/api/v1/billing/promptpay/${open.payment.id}/slip`, { method: "POST", body: form });
      notify(t(p.status === "confirmed" ? "billing.pp.active" : "billing.pp.sent"), "success");
      setOpen(null);
      await history.reload();
      if (p.status === "confirmed") onPaid();
    });
  }

  return (
    <section class="card" data-testid="promptpay-card">
      <h2>{t("billing.pp.title")}</h2>
      <p class="muted">{t("billing.pp.intro")}</p>
      <div class="row" style={{ gap: "8px", flexWrap: "wrap" }}>
        <select class="input" style={{ width: "auto" }} value={plan} onChange={(e) => setPlan((e.currentTarget as HTMLSelectElement).value as typeof plan)} aria-label={t("billing.plans")} data-testid="pp-plan">
          {PAID_PLANS.map((p) => (
            <option value={p.id}>{p.name}</option>
          ))}
        </select>
        <select class="input" style={{ width: "auto" }} value={months} onChange={(e) => setMonths(Number((e.currentTarget as HTMLSelectElement).value) as typeof months)} aria-label={t("billing.pp.months")} data-testid="pp-months">
          {MONTHS.map((m) => (
            <option key={m} value={m}>
              {t("billing.pp.monthsN", { n: m })}
            </option>
          ))}
        </select>
        <button type="button" class="btn btn-primary" disabled={busy} onClick={() => void start()} data-testid="pp-start">
          {t("billing.pp.showQr")}
        </button>
      </div>
      {open && (
        <div class="pp-qr" data-testid="pp-qr">
          {/* the SVG is made by the server's QR encoder from digits only */}
          <div style={{ width: "220px" }} dangerouslySetInnerHTML={{ __html: open.qr.svg }} />
          <p>
            <strong>{money(open.payment.amount)}</strong>
            {open.qr.receiver_name && ` · ${open.qr.receiver_name}`}
          </p>
          <label class="btn">
            {t("billing.pp.uploadSlip")}
            <input type="file" accept="image/png,image/jpeg,image/webp" hidden onChange={(e) => {
              const f = (e.currentTarget as HTMLInputElement).files?.[0];
              if (f) void sendSlip(f);
            }} data-testid="pp-slip" />
          </label>
        </div>
      )}
      {(history.data?.data ?? []).length > 0 && (
        <ul class="pp-history">
          {history.data!.data.slice(0, 5).map((p) => (
            <li key={p.id} data-testid={`pp-payment-${p.id}`}>
              {date(p.created_at, { dateStyle: "medium" })} · {p.plan} · {t("billing.pp.monthsN", { n: p.months })} · {money(p.amount)} · {t(`billing.pp.status.${p.status}` as MessageKey)}
              {p.status === "confirmed" && p.period_end && ` · ${t("billing.pp.until", { date: date(p.period_end, { dateStyle: "medium" }) })}`}
              {p.status === "rejected" && p.note && ` · ${p.note}`}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
