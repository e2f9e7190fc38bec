import { useState } from "preact/hooks";
import { CopyBox } from "../../components/CopyBox";
import { FormError, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { api } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";

interface Setup {
  secret: string;
  otpauth_uri: string;
}

/** Two-factor sign-in with an authenticator app (TOTP). */
export function MfaCard() {
  const { user, reload } = useAuth();
  const notify = useToast();
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
      notify(enabled ? "Two-factor sign-in turned off" : "Two-factor sign-in is on");
      setSetup(null);
      setCode("");
      await reload();
    }
  };

  return (
    <div class="card form" data-testid="mfa-card">
      <div class="card-header">
        <h2>Two-factor sign-in</h2>
        <span class={`badge ${enabled ? "badge-success" : ""}`} data-testid="mfa-status">
          {enabled ? "on" : "off"}
        </span>
      </div>
      <FormError message={form.error} />
      {!enabled && !setup && (
        <div>
          <p class="muted">Ask for a code from an authenticator app (Google Authenticator, 1Password, Authy…) when signing in.</p>
          <button type="button" class="btn btn-primary" disabled={form.busy} onClick={() => void start()} data-testid="mfa-setup">
            Set up two-factor sign-in
          </button>
        </div>
      )}
      {setup && (
        <div class="form">
          <p>Add this account to your authenticator app with the link below (or type the secret), then enter the 6-digit code it shows.</p>
          <a href={setup.otpauth_uri} class="small" data-testid="mfa-uri">
            Open in authenticator app
          </a>
          <CopyBox value={setup.otpauth_uri} testid="mfa-otpauth" label="Copy link" />
          <div class="small muted">
            Secret: <code data-testid="mfa-secret">{setup.secret}</code>
          </div>
        </div>
      )}
      {(setup || enabled) && (
        <form class="row" onSubmit={confirmCode} style={{ alignItems: "flex-end" }}>
          <div style={{ width: "200px" }}>
            <TextField label="Code" name="code" inputMode="numeric" autoComplete="one-time-code" value={code} onValue={setCode} error={form.fields.code} />
          </div>
          <button type="submit" class={`btn ${enabled ? "btn-danger" : "btn-primary"}`} disabled={form.busy || code.length < 6} data-testid="mfa-confirm">
            {enabled ? "Turn off" : "Turn on"}
          </button>
        </form>
      )}
    </div>
  );
}
