import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";

export default function ResetPasswordPage() {
  const { query } = useLocation();
  const token = query.token ?? "";
  const [password, setPassword] = useState("");
  const [confirm, setConfirm] = useState("");
  const [done, setDone] = useState(false);
  const form = useSubmit();

  const submit = async (e: Event) => {
    e.preventDefault();
    if (password !== confirm) {
      form.setFields({ confirm: "The passwords do not match" });
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
      <AuthCard title="Reset link missing">
        <p>Open the link from your email again, or request a new one.</p>
        <a href="/forgot-password">Request a new link</a>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Choose a new password" testid="reset-page">
      {done ? (
        <div class="form">
          <div class="alert alert-success" data-testid="reset-done">
            Your password has been changed. Other sessions were signed out.
          </div>
          <a class="btn btn-primary btn-block" href="/login">
            Sign in
          </a>
        </div>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <FormError message={form.error} />
          <TextField
            label="New password"
            name="password"
            type="password"
            autoComplete="new-password"
            hint="At least 8 characters with an uppercase letter, a number and a symbol."
            value={password}
            onValue={setPassword}
            error={form.fields.password}
          />
          <TextField label="Confirm password" name="confirm" type="password" autoComplete="new-password" value={confirm} onValue={setConfirm} error={form.fields.confirm} />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="reset-submit">
            Change password
          </button>
        </form>
      )}
    </AuthCard>
  );
}
