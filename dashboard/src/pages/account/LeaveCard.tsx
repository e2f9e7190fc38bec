import { useToast } from "../../components/Toasts";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useAuth } from "../../lib/auth";
import { useI18n } from "../../i18n";

/** Members other than owners may leave the workspace themselves. */
export function LeaveCard({ workspaceName }: { workspaceName: string }) {
  const { signOut } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const { busy, run: act } = useSubmit({ toast: true });

  const leave = async () => {
    if (!confirm(t("leave.confirm", { workspace: workspaceName }))) return;
    await act(async () => {
      await api("/api/v1/members/leave", { method: "POST", body: {} });
      notify(t("leave.done", { workspace: workspaceName }));
      await signOut();
    });
  };

  return (
    <div class="card">
      <h2>{t("leave.title")}</h2>
      <p class="muted">{t("leave.body")}</p>
      <button type="button" class="btn btn-ghost" disabled={busy} onClick={() => void leave()} data-testid="leave-workspace">
        {t("leave.button", { workspace: workspaceName })}
      </button>
    </div>
  );
}
