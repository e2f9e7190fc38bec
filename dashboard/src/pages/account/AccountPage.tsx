import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { LeaveCard } from "./LeaveCard";
import { MfaCard } from "./MfaCard";

export default function AccountPage() {
  const { user, workspace } = useAuth();
  const notify = useToast();
  const [sending, setSending] = useState(false);

  const resend = async () => {
    setSending(true);
    try {
      await api("/api/v1/auth/resend-verification", { method: "POST", body: {} });
      notify("Verification email sent");
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setSending(false);
    }
  };

  if (!user) return null;
  return (
    <section class="page" data-testid="account-page">
      <header class="page-header">
        <div>
          <h1>Account</h1>
          <p>Your profile and sign-in security.</p>
        </div>
      </header>
      <div class="card">
        <h2>Profile</h2>
        <dl class="dl">
          <dt>Name</dt>
          <dd>{user.name}</dd>
          <dt>Email</dt>
          <dd>
            {user.email}{" "}
            {user.email_verified === false ? (
              <>
                <span class="badge badge-danger">not verified</span>{" "}
                <button type="button" class="btn-link" disabled={sending} onClick={() => void resend()}>
                  Resend link
                </button>
              </>
            ) : user.email_verified ? (
              <span class="badge badge-success">verified</span>
            ) : null}
          </dd>
          <dt>Workspace</dt>
          <dd>{workspace?.name ?? user.workspace_id}</dd>
          <dt>Role</dt>
          <dd>{user.role}</dd>
          <dt>Last sign-in</dt>
          <dd>{formatDateTime(user.last_login_at)}</dd>
        </dl>
      </div>
      <MfaCard />
      {user.role !== "owner" && <LeaveCard workspaceName={workspace?.name ?? "this workspace"} />}
    </section>
  );
}
