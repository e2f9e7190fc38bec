import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";

/** Members other than owners may leave the workspace themselves. */
export function LeaveCard({ workspaceName }: { workspaceName: string }) {
  const { signOut } = useAuth();
  const notify = useToast();
  const [busy, setBusy] = useState(false);

  const leave = async () => {
    if (!confirm(`Leave ${workspaceName}? You lose access until someone invites you again.`)) return;
    setBusy(true);
    try {
      await api("/api/v1/members/leave", { method: "POST", body: {} });
      notify(`You left ${workspaceName}`);
      await signOut();
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="card">
      <h2>Leave workspace</h2>
      <p class="muted">Your conversations stay with the workspace; open ones return to the queue.</p>
      <button type="button" class="btn btn-ghost" disabled={busy} onClick={() => void leave()} data-testid="leave-workspace">
        Leave {workspaceName}
      </button>
    </div>
  );
}
