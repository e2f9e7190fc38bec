import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { api } from "../../lib/api";
import type { TokenResponse } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { useI18n } from "../../i18n";

export default function RegisterPage() {
  const { signIn } = useAuth();
  const { route } = useLocation();
  const [workspaceName, setWorkspaceName] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [checkMail, setCheckMail] = useState(false);
  const form = useSubmit();
  const { t } = useI18n();

  const submit = async (e: Event) => {
    e.preventDefault();
    const res = await form.run(() =>
      api<TokenResponse | Record<string, unknown>>("/api/v1/auth/register", {
        method: "POST",
        body: { workspace_name: workspaceName, name, email, password },
        noRefresh: true,
      }),
    );
    if (!res) return;
    if ("access_token" in res && typeof res.access_token === "string") {
      signIn(res as TokenResponse);
      route("/", true);
    } else {
      setCheckMail(true);
    }
  };

  if (checkMail) {
    return (
      <AuthCard title={t("auth.checkEmail")} testid="register-check-mail">
        <p>{t("auth.checkEmailBody", { email })}</p>
        <a href="/login">{t("auth.backToSignIn")}</a>
      </AuthCard>
    );
  }

  return (
    <AuthCard title={t("auth.registerTitle")} sub={t("auth.registerSub")} testid="register-page">
      <form class="form" onSubmit={submit} noValidate>
        <FormError message={form.error} />
        <TextField
          label={t("auth.workspaceName")}
          name="workspace_name"
          placeholder={t("auth.workspacePlaceholder")}
          value={workspaceName}
          onValue={setWorkspaceName}
          error={form.fields.workspace_name}
          required
        />
        <TextField label={t("auth.yourName")} name="name" autoComplete="name" value={name} onValue={setName} error={form.fields.name} required />
        <TextField label={t("auth.workEmail")} name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={form.fields.email} required />
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="new-password"
          hint={t("auth.passwordHint")}
          value={password}
          onValue={setPassword}
          error={form.fields.password}
          required
        />
        <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="register-submit">
          {form.busy ? t("auth.creating") : t("auth.createWorkspace")}
        </button>
      </form>
      <div class="auth-links">
        <span class="muted">{t("auth.haveAccount")}</span>
        <a href="/login">{t("auth.signIn")}</a>
      </div>
    </AuthCard>
  );
}
