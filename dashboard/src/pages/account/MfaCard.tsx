import { useState } from "preact/hooks";
import { CopyBox } from "../../components/CopyBox";
import { FormError, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { api } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useI18n } from "../../i18n";
import { useSubmit } from "../../lib/forms";

interface Setup {
  secret: string;
  otpauth_uri: string;
}

/** Two-factor sign-in with an authenticator app (TOTP). */
export function MfaCard() {
  const { user, reload } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const [setup, setSetup] = useState<Setup | null>(null);
  const [code, setCode] = useState("");
  const form = useSubmit();
  const enabled = Boolean(user?.mfa_enabled);

  const start = async () => {
    const s = await form.run(() => api<Setup>("/api/v1/auth/mfa/setup", { method: "POST", body: {} }));
    if (s) setSetup(s);
  };

  const confirmCode = async (e: Event) => {
    e.preventDefault();
    const path = enabled ? "/api/v1/auth/mfa/disable" : "/api/v1/auth/mfa/enable";
    const ok = await form.run(() => api(path, { method: "POST", body: { code } }));
    if (ok !== undefined) {
      notify(enabled ? t("mfa.turnedOff") : t("mfa.turnedOn"));
      setSetup(null);
      setCode("");
      await reload();
    }
  };

  return (
    <div class="card form" data-testid="mfa-card">
      <div class="card-header">
        <h2>{t("mfa.title")}</h2>
        <span class={`badge ${enabled ? "badge-success" : ""}`} data-testid="mfa-status">
          {enabled ? t("mfa.on") : t("mfa.off")}
        </span>
      </div>
      <FormError message={form.error} />
      {!enabled && !setup && (
        <div>
          <p class="muted">{t("mfa.intro")}</p>
          <button type="button" class="btn btn-primary" disabled={form.busy} onClick={() => void start()} data-testid="mfa-setup">
            {t("mfa.setup")}
          </button>
        </div>
      )}
      {setup && (
        <div class="form">
          <p>{t("mfa.instructions")}</p>
          <a href={setup.otpauth_uri} class="small" data-testid="mfa-uri">
            {t("mfa.openApp")}
          </a>
          <CopyBox value={setup.otpauth_uri} testid="mfa-otpauth" label={t("mfa.copyLink")} />
          <div class="small muted">
            {t("mfa.secret")} <code data-testid="mfa-secret">{setup.secret}</code>
          </div>
        </div>
      )}
      {(setup || enabled) && (
        <form class="row" onSubmit={confirmCode} style={{ alignItems: "flex-end" }}>
          <div style={{ width: "200px" }}>
            <TextField label={t("mfa.code")} name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onValue={setCode} error={form.fields.code} />
          </div>
          <button type="submit" class={`btn ${enabled ? "btn-danger" : "btn-primary"}`} disabled={form.busy || code.length < 6} data-testid="mfa-confirm">
            {enabled ? t("mfa.turnOff") : t("mfa.turnOn")}
          </button>
        </form>
      )}
    </div>
  );
}
