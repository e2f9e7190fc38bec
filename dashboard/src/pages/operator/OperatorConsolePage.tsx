import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n, type MessageKey } from "../../i18n";
import { api, withQuery } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useResource } from "../../lib/useResource";
import { PaymentQueue } from "./PaymentQueue";

const PLANS = ["free", "starter", "pro", "business"] as const;

interface Overview {
  workspaces: { total: number; by_plan: { plan: string; status: string; n: number }[] };
  mrr: { currency: string; amount: number };
  churned_last_30_days: number;
}
interface WorkspaceRow {
  id: string;
  name: string;
  slug: string;
  plan: string;
  status: string;
  suspended_at: string | null;
  plan_expires_at: string | null;
  created_at: string;
}
interface Detail {
  workspace: WorkspaceRow;
  effective_plan: string;
  usage: Record<string, number>;
  members: { id: string; name: string; email: string; role: string; status: string }[];
}

/** Platform operators: figures, the workspace list with search and filters, a read-only view and the few actions. */
export default function OperatorConsolePage() {
  const { t, number, date } = useI18n();
  const [q, setQ] = useState("");
  const [plan, setPlan] = useState("");
  const [suspended, setSuspended] = useState("");
  const [openId, setOpenId] = useState<string | null>(null);
  const overview = useResource<Overview>("/api/v1/admin/overview");
  const list = useResource<{ data: WorkspaceRow[] }>(withQuery("/api/v1/admin/workspaces", { q: q.trim() || undefined, plan: plan || undefined, suspended: suspended || undefined, limit: 50 }));

  if (overview.error && !overview.data) {
    return (
      <section class="page" data-testid="operator-page">
        <h1>{t("operator.title")}</h1>
        <div class="alert alert-error">{/two-factor|MFA/i.test(overview.error) ? t("operator.mfaRequired") : overview.error}</div>
      </section>
    );
  }
  const o = overview.data;
  return (
    <section class="page" data-testid="operator-page">
      <header class="page-header">
        <div>
          <h1>{t("operator.title")}</h1>
          <p>{t("operator.subtitle")}</p>
        </div>
      </header>
      {o && (
        <div class="row" style={{ gap: "12px", flexWrap: "wrap", marginBottom: "12px" }}>
          <div class="card" data-testid="operator-total">
            <div class="muted">{t("operator.workspaces")}</div>
            <strong>{number(o.workspaces.total)}</strong>
          </div>
          <div class="card">
            <div class="muted">{t("operator.mrr")}</div>
            <strong>{number(o.mrr.amount / 100, { style: "currency", currency: o.mrr.currency, maximumFractionDigits: 0 })}</strong>
          </div>
          <div class="card">
            <div class="muted">{t("operator.churned")}</div>
            <strong>{number(o.churned_last_30_days)}</strong>
          </div>
        </div>
      )}

      <PaymentQueue onDecided={() => void list.reload()} />

      <div class="card">
        <h2>{t("operator.workspaces")}</h2>
        <div class="row" style={{ gap: "8px", flexWrap: "wrap", marginBottom: "8px" }}>
          <input class="input" type="search" style={{ width: "260px", maxWidth: "100%" }} placeholder={t("operator.search")} aria-label={t("operator.search")} value={q} onInput={(e) => setQ((e.currentTarget as HTMLInputElement).value)} data-testid="operator-search" />
          <select class="input" style={{ width: "auto" }} value={plan} onChange={(e) => setPlan((e.currentTarget as HTMLSelectElement).value)} aria-label={t("operator.colPlan")} data-testid="operator-plan-filter">
            <option value="">{t("operator.allPlans")}</option>
            {PLANS.map((p) => (
              <option key={p} value={p}>
                {p}
              </option>
            ))}
          </select>
          <select class="input" style={{ width: "auto" }} value={suspended} onChange={(e) => setSuspended((e.currentTarget as HTMLSelectElement).value)} aria-label={t("operator.suspendedBadge")}>
            <option value="">{t("operator.anyState")}</option>
            <option value="true">{t("operator.onlySuspended")}</option>
            <option value="false">{t("operator.onlyActive")}</option>
          </select>
        </div>
        {list.error && <div class="alert alert-error">{list.error}</div>}
        {list.data && list.data.data.length === 0 ? (
          <p class="muted">{t("operator.none")}</p>
        ) : (
          <div class="table-wrap">
            <table class="table" data-testid="operator-workspaces">
              <thead>
                <tr>
                  <th>{t("operator.colName")}</th>
                  <th>{t("operator.colPlan")}</th>
                  <th>{t("operator.colStatus")}</th>
                  <th>{t("operator.colCreated")}</th>
                </tr>
              </thead>
              <tbody>
                {(list.data?.data ?? []).map((w) => (
                  <tr key={w.id} class="clickable" data-testid={`operator-ws-${w.id}`} onClick={() => setOpenId(w.id)}>
                    <td>
                      {w.name} <span class="muted">{w.slug}</span> {w.suspended_at && <span class="badge badge-danger">{t("operator.suspendedBadge")}</span>}
                    </td>
                    <td>
                      {w.plan}
                      {w.plan_expires_at && <span class="muted"> · {t("operator.planUntil", { date: date(w.plan_expires_at, { dateStyle: "medium" }) })}</span>}
                    </td>
                    <td>{w.status}</td>
                    <td>{date(w.created_at, { dateStyle: "medium" })}</td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
      </div>
      {openId && (
        <WorkspacePanel
          id={openId}
          onClose={() => setOpenId(null)}
          onChanged={() => {
            void list.reload();
            void overview.reload();
          }}
        />
      )}
    </section>
  );
}

function WorkspacePanel({ id, onClose, onChanged }: { id: string; onClose: () => void; onChanged: () => void }) {
  const { t, number, date } = useI18n();
  const notify = useToast();
  const res = useResource<Detail>(`/api/v1/admin/workspaces/${encodeURIComponent(id)}`);
  const [compPlan, setCompPlan] = useState<string>("pro");
  const [until, setUntil] = useState("");
  const [note, setNote] = useState("");
  const { busy, run } = useSubmit({ toast: true });
  const d = res.data;

  async function act(path: string, body: unknown, done: MessageKey) {
    await run(async () => {
      res.setData(await api<Detail>(`/api/v1/admin/workspaces/${encodeURIComponent(id)}/${path}`, { method: "POST", body }));
      notify(t(done), "success");
      onChanged();
    });
  }

  const suspend = () => {
    const reason = window.prompt(t("operator.suspendReason"))?.trim();
    if (reason) void act("suspend", { reason }, "operator.suspended");
  };

  return (
    <div class="card" data-testid="operator-detail" style={{ marginTop: "12px" }}>
      <div class="row" style={{ justifyContent: "space-between" }}>
        <h2>{d?.workspace.name ?? "…"}</h2>
        <button type="button" class="btn btn-ghost btn-sm" onClick={onClose}>
          {t("operator.close")}
        </button>
      </div>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {d && (
        <>
          <p data-testid="operator-effective-plan">
            {t("operator.effectivePlan", { plan: d.effective_plan })}
            {d.workspace.plan_expires_at && ` · ${t("operator.planUntil", { date: date(d.workspace.plan_expires_at, { dateStyle: "medium" }) })}`}
            {d.workspace.suspended_at && (
              <>
                {" "}
                <span class="badge badge-danger">{t("operator.suspendedBadge")}</span>
              </>
            )}
          </p>
          <h3>{t("operator.usage")}</h3>
          <ul data-testid="operator-usage">
            {Object.entries(d.usage).map(([k, v]) => (
              <li key={k}>
                {k}: {number(v)}
              </li>
            ))}
          </ul>
          <h3>{t("operator.members")}</h3>
          <ul>
            {d.members.map((m) => (
              <li key={m.id}>
                {m.name} · {m.email} · {m.role} · {m.status}
              </li>
            ))}
          </ul>
          <div class="row" style={{ gap: "8px", flexWrap: "wrap", margin: "8px 0" }}>
            {d.workspace.suspended_at ? (
              <button type="button" class="btn" disabled={busy} onClick={() => void act("unsuspend", {}, "operator.unsuspended")} data-testid="operator-unsuspend">
                {t("operator.unsuspend")}
              </button>
            ) : (
              <button type="button" class="btn btn-danger" disabled={busy} onClick={suspend} data-testid="operator-suspend">
                {t("operator.suspend")}
              </button>
            )}
          </div>
          <form
            class="row"
            style={{ gap: "8px", flexWrap: "wrap", alignItems: "flex-end" }}
            onSubmit={(e) => {
              e.preventDefault();
              void act("plan", { plan: compPlan, expires_at: until ? new Date(`${until}T23:59:59Z`).toISOString() : null, note: note.trim() || null }, "operator.compDone");
            }}
          >
            <label>
              <span>{t("operator.comp")}</span>
              <select class="input" value={compPlan} onChange={(e) => setCompPlan((e.currentTarget as HTMLSelectElement).value)} data-testid="operator-comp-plan">
                {PLANS.map((p) => (
                  <option key={p} value={p}>
                    {p}
                  </option>
                ))}
              </select>
            </label>
            <label>
              <span>{t("operator.compUntil")}</span>
              <input class="input" type="date" value={until} onInput={(e) => setUntil((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <label>
              <span>{t("operator.compNote")}</span>
              <input class="input" maxLength={500} value={note} onInput={(e) => setNote((e.currentTarget as HTMLInputElement).value)} />
            </label>
            <button type="submit" class="btn btn-primary" disabled={busy} data-testid="operator-comp-save">
              {t("operator.compSave")}
            </button>
          </form>
        </>
      )}
    </div>
  );
}
