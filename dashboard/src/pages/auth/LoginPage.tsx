import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { ApiError, api } from "../../lib/api";
import type { TokenResponse } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { useI18n } from "../../i18n";

interface Providers {
  google?: boolean;
  mfa?: boolean;
}

function safeNext(next: string | undefined): string {
  return next && next.startsWith("/") && !next.startsWith("//") ? next : "/";
}

export default function LoginPage() {
  const { signIn } = useAuth();
  const { query, route } = useLocation();
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [mfaCode, setMfaCode] = useState("");
  const [needMfa, setNeedMfa] = useState(false);
  const [providers, setProviders] = useState<Providers>({});
  const form = useSubmit();
  const { t } = useI18n();

  useEffect(() => {
    api<Providers>("/api/v1/auth/providers", { noRefresh: true })
      .then(setProviders)
      .catch(() => setProviders({}));
  }, []);

  const submit = async (e: Event) => {
    e.preventDefault();
    const tokens = await form.run(async () => {
      try {
        return await api<TokenResponse>("/api/v1/auth/login", {
          method: "POST",
          body: { email, password, ...(needMfa && mfaCode ? { mfa_code: mfaCode } : {}) },
          noRefresh: true,
        });
      } catch (err) {
        if (err instanceof ApiError && /MFA/i.test(err.code) && !needMfa) {
          setNeedMfa(true);
          return undefined;
        }
        throw err;
      }
    });
    if (tokens?.access_token) {
      signIn(tokens);
      route(safeNext(query.next), true);
    }
  };

  return (
    <AuthCard title={t("auth.signIn")} sub={t("auth.welcomeBack")} testid="login-page">
      <form class="form" onSubmit={submit} noValidate>
        <FormError message={form.error ?? (query.oauth_error ? t("auth.googleFailed", { reason: query.oauth_error }) : null)} />
        <TextField label={t("auth.email")} name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={form.fields.email} required />
        <TextField
          label={t("auth.password")}
          name="password"
          type="password"
          autoComplete="current-password"
          value={password}
          onValue={setPassword}
          error={form.fields.password}
          required
        />
        {needMfa && (
          <TextField
            label={t("auth.mfaCode")}
            name="mfa_code"
            inputMode="numeric"
            autoComplete="one-time-code"
            hint={t("auth.mfaHint")}
            value={mfaCode}
            onValue={setMfaCode}
            error={form.fields.mfa_code}
          />
        )}
        <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="login-submit">
          {form.busy ? t("auth.signingIn") : t("auth.signIn")}
        </button>
        {providers.google && (
          <a class="btn btn-ghost btn-block" href="/api/v1/auth/google" data-testid="login-google">
            {t("auth.google")}
          </a>
        )}
      </form>
      <div class="auth-links">
        <a href="/forgot-password">{t("auth.forgot")}</a>
        <a href="/register" data-testid="link-register">
          {t("auth.createWorkspaceLink")}
        </a>
      </div>
    </AuthCard>
  );
}
