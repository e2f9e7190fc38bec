import { useState } from "preact/hooks";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useI18n } from "../../i18n";

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const form = useSubmit();
  const { t } = useI18n();

  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await form.run(async () => {
      await api("/api/v1/auth/forgot-password", { method: "POST", body: { email }, noRefresh: true });
      return true;
    });
    if (ok) setSent(true);
  };

  return (
    <AuthCard title={t("auth.forgotTitle")} sub={t("auth.forgotSub")} testid="forgot-page">
      {sent ? (
        <div class="alert alert-success" data-testid="forgot-sent">
          {t("auth.forgotSent", { email })}
        </div>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <FormError message={form.error} />
          <TextField label={t("auth.email")} name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={form.fields.email} />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="forgot-submit">
            {t("auth.sendReset")}
          </button>
        </form>
      )}
      <div class="auth-links">
        <a href="/login">{t("auth.backToSignIn")}</a>
      </div>
    </AuthCard>
  );
}
