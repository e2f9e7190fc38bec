import { useToast } from "../../components/Toasts";
import { api, type Schema } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { formatDateTime } from "../../lib/format";
import { listOf } from "../../lib/useResource";
import type { Resource } from "../../lib/useResource";
import { ROLE_LABELS } from "./roles";
import type { Role } from "../../lib/auth";
import { useI18n } from "../../i18n";

type Invitation = Schema<"Invitation">;

export function InvitationsTable({ res }: { res: Resource<unknown> }) {
  const notify = useToast();
  const { t } = useI18n();
  const invitations = listOf<Invitation>(res.data).filter((i) => !i.status || i.status === "pending");

  const revocation = useSubmit({ toast: true });
  const revoke = async (inv: Invitation) => {
    await revocation.run(async () => {
      await api(`/api/v1/invitations/${inv.id}`, { method: "DELETE" });
      notify(t("team.revoked", { email: inv.email }));
    });
    await res.reload();
  };

  return (
    <div class="card" data-testid="invitations">
      <h2>{t("team.pending")}</h2>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {invitations.length === 0 ? (
        <p class="muted">{t("team.noPending")}</p>
      ) : (
        <ul class="list">
          {invitations.map((inv) => (
            <li key={inv.id} class="list-item" data-testid={`invitation-${inv.email}`}>
              <div>
                <div>{inv.email}</div>
                <div class="small muted">
                  {ROLE_LABELS[inv.role] ? t(ROLE_LABELS[inv.role]) : inv.role} · {t("team.expires", { date: formatDateTime(inv.expires_at) })}
                </div>
              </div>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => void revoke(inv)} data-testid={`revoke-invitation-${inv.email}`}>
                {t("team.revoke")}
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
