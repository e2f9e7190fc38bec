import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { api, errorMessage } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useI18n } from "../../i18n";

export default function VerifyEmailPage() {
  const { query } = useLocation();
  const { status } = useAuth();
  const token = query.token ?? "";
  const [state, setState] = useState<"working" | "done" | "failed">("working");
  const [message, setMessage] = useState("");
  const { t } = useI18n();

  useEffect(() => {
    if (!token) {
      setState("failed");
      setMessage(t("auth.verifyIncomplete"));
      return;
    }
    api("/api/v1/auth/verify-email", { method: "POST", body: { token }, noRefresh: true })
      .then(() => setState("done"))
      .catch((err) => {
        setState("failed");
        setMessage(errorMessage(err));
      });
  }, [token]);

  return (
    <AuthCard title={t("auth.verifyTitle")} testid="verify-page">
      {state === "working" && <p class="muted">{t("auth.verifying")}</p>}
      {state === "done" && (
        <div class="form">
          <div class="alert alert-success" data-testid="verify-done">
            {t("auth.verified")}
          </div>
          <a class="btn btn-primary btn-block" href={status === "signed-in" ? "/" : "/login"}>
            {status === "signed-in" ? t("auth.goToDashboard") : t("auth.signIn")}
          </a>
        </div>
      )}
      {state === "failed" && (
        <div class="alert alert-error" data-testid="verify-failed">
          {message || t("auth.linkInvalid")}
        </div>
      )}
    </AuthCard>
  );
}
