import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";
import { useI18n } from "../../i18n";

export default function ResetPasswordPage() {
  const { query } = useLocation();
  const token = query.token ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [done, setDone] = useState(false);
  const form = useSubmit();
  const { t } = useI18n();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== confirm) {
      form.setFields({ confirm: t("auth.passwordsDiffer") });
      return;
    }
    const ok = await form.run(async () => {
      await api("/api/v1/auth/reset-password", { method: "POST", body: { token, password }, noRefresh: true });
      return true;
    });
    if (ok) setDone(true);
  };

  if (!token) {
    return (
      <AuthCard title={t("auth.resetMissing")}>
        <p>{t("auth.resetMissingBody")}</p>
        <a href="/forgot-password">{t("auth.requestNewLink")}</a>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t("auth.resetTitle")} testid="reset-page">
      {done ? (
        <div class="form">
          <div class="alert alert-success" data-testid="reset-done">
            {t("auth.resetDone")}
          </div>
          <a class="btn btn-primary btn-block" href="/login">
            {t("auth.signIn")}
          </a>
        </div>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <FormError message={form.error} />
          <TextField
            label={t("auth.newPassword")}
            name="password"
            type="password"
            autoComplete="new-password"
            hint={t("auth.passwordHint")}
            value={password}
            onValue={setPassword}
            error={form.fields.password}
          />
          <TextField label={t("auth.confirmPassword")} name="confirm" type="password" autoComplete="new-password" value={confirm} onValue={setConfirm} error={form.fields.confirm} />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="reset-submit">
            {t("auth.changePassword")}
          </button>
        </form>
      )}
    </AuthCard>
  );
}
