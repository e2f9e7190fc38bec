import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api, apiRaw } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useResource } from "../../lib/useResource";

interface QueuedPayment {
  id: string;
  workspace_id: string;
  workspace_name: string;
  plan: string;
  months: number;
  amount: number;
  currency: string;
  slip: { trans_ref: string | null; sending_bank: string | null } | null;
  note: string | null;
  created_at: string;
}

/** PromptPay plan payments with a slip, for an operator to confirm (the plan starts) or turn down (the owner sees why). */
export function PaymentQueue({ onDecided }: { onDecided: () => void }) {
  const { t, number } = useI18n();
  const notify = useToast();
  const res = useResource<{ data: QueuedPayment[] }>("/api/v1/admin/plan-payments?status=awaiting_confirmation");
  const { busy, run } = useSubmit({ toast: true });
  const [image, setImage] = useState<{ id: string; url: string } | null>(null);

  async function decide(p: QueuedPayment, action: "confirm" | "reject") {
    const reason = action === "reject" ? window.prompt(t("operator.rejectReason"))?.trim() : undefined;
    if (action === "reject" && !reason) return;
    await run(async () => {
      await api(`/api/v1/admin/plan-payments/${p.id}/${action}`, { method: "POST", body: action === "reject" && reason ? { reason } : undefined });
      notify(t(action === "confirm" ? "operator.confirmed" : "operator.rejected"), "success");
      await res.reload();
      onDecided();
    });
  }

  async function showSlip(p: QueuedPayment) {
    if (image) URL.revokeObjectURL(image.url);
    const r = await apiRaw(`/api/v1/admin/plan-payments/${p.id}/slip`);
    if (r.ok) setImage({ id: p.id, url: URL.createObjectURL(await r.blob()) });
  }

  const items = res.data?.data ?? [];
  return (
    <div class="card" data-testid="operator-payments" style={{ marginBottom: "12px" }}>
      <h2>{t("operator.payments")}</h2>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {items.length === 0 && !res.loading && <p class="muted">{t("operator.noPayments")}</p>}
      {items.map((p) => (
        <div key={p.id} class="row" style={{ gap: "8px", flexWrap: "wrap", padding: "6px 0", borderTop: "1px solid var(--border, #e5e7eb)" }} data-testid={`operator-payment-${p.id}`}>
          <div style={{ flex: 1, minWidth: "240px" }}>
            <div>{t("operator.payment", { workspace: p.workspace_name, plan: p.plan, months: p.months, amount: number(p.amount / 100, { style: "currency", currency: p.currency }) })}</div>
            <div class="muted small">
              {p.slip ? t("operator.slipRef", { ref: p.slip.trans_ref ?? "—", bank: p.slip.sending_bank ?? "—" }) : t("operator.noSlip")}
              {p.note && ` · ${p.note}`}
            </div>
            {image?.id === p.id && <img src={image.url} alt="" style={{ maxWidth: "240px", marginTop: "6px" }} />}
          </div>
          {p.slip && (
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => void showSlip(p)}>
              🧾
            </button>
          )}
          <button type="button" class="btn btn-primary btn-sm" disabled={busy} onClick={() => void decide(p, "confirm")} data-testid={`operator-confirm-${p.id}`}>
            {t("operator.confirm")}
          </button>
          <button type="button" class="btn btn-sm" disabled={busy} onClick={() => void decide(p, "reject")}>
            {t("operator.reject")}
          </button>
        </div>
      ))}
    </div>
  );
}
