import { useToast } from "../../components/Toasts";
import { api, errorMessage } from "../../lib/api";
import { formatDateTime } from "../../lib/format";
import { listOf } from "../../lib/useResource";
import type { Resource } from "../../lib/useResource";
import { ROLE_LABELS } from "./roles";
import type { Role } from "../../lib/auth";

interface Invitation {
  id: string;
  email: string;
  role: Role;
  status?: string;
  expires_at: string;
  created_at: string;
  invited_by_name?: string | null;
}

export function InvitationsTable({ res }: { res: Resource<unknown> }) {
  const notify = useToast();
  const invitations = listOf<Invitation>(res.data).filter((i) => !i.status || i.status === "pending");

  const revoke = async (inv: Invitation) => {
    try {
      await api(`/api/v1/invitations/${inv.id}`, { method: "DELETE" });
      notify(`Invitation to ${inv.email} revoked`);
    } catch (err) {
      notify(errorMessage(err), "error");
    }
    await res.reload();
  };

  return (
    <div class="card" data-testid="invitations">
      <h2>Pending invitations</h2>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {invitations.length === 0 ? (
        <p class="muted">No pending invitations.</p>
      ) : (
        <ul class="list">
          {invitations.map((inv) => (
            <li key={inv.id} class="list-item" data-testid={`invitation-${inv.email}`}>
              <div>
                <div>{inv.email}</div>
                <div class="small muted">
                  {ROLE_LABELS[inv.role] ?? inv.role} · expires {formatDateTime(inv.expires_at)}
                </div>
              </div>
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => void revoke(inv)} data-testid={`revoke-invitation-${inv.email}`}>
                Revoke
              </button>
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
