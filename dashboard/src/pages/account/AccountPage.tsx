import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useAuth } from "../../lib/auth";
import { formatDateTime } from "../../lib/format";
import { LanguageCard } from "./LanguageCard";
import { LeaveCard } from "./LeaveCard";
import { MfaCard } from "./MfaCard";

export default function AccountPage() {
  const { user, workspace } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const { busy: sending, run } = useSubmit({ toast: true });

  const resend = () =>
    run(async () => {
      await api("/api/v1/auth/resend-verification", { method: "POST", body: {} });
      notify(t("account.verificationSent"));
    });

  if (!user) return null;
  return (
    <section class="page" data-testid="account-page">
      <header class="page-header">
        <div>
          <h1>{t("account.title")}</h1>
          <p>{t("account.subtitle")}</p>
        </div>
      </header>
      <div class="card">
        <h2>{t("account.profile")}</h2>
        <dl class="dl">
          <dt>{t("account.name")}</dt>
          <dd>{user.name}</dd>
          <dt>{t("account.email")}</dt>
          <dd>
            {user.email}{" "}
            {user.email_verified === false ? (
              <>
                <span class="badge badge-danger">{t("account.notVerified")}</span>{" "}
                <button type="button" class="btn-link" disabled={sending} onClick={() => void resend()}>
                  {t("account.resendLink")}
                </button>
              </>
            ) : user.email_verified ? (
              <span class="badge badge-success">{t("account.verified")}</span>
            ) : null}
          </dd>
          <dt>{t("account.workspace")}</dt>
          <dd>{workspace?.name ?? user.workspace_id}</dd>
          <dt>{t("account.role")}</dt>
          <dd>{t(`role.${user.role}`)}</dd>
          <dt>{t("account.lastSignIn")}</dt>
          <dd>{formatDateTime(user.last_login_at)}</dd>
        </dl>
      </div>
      <LanguageCard />
      <MfaCard />
      {user.role !== "owner" && <LeaveCard workspaceName={workspace?.name ?? t("leave.thisWorkspace")} />}
    </section>
  );
}
