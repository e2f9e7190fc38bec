import { useState } from "preact/hooks";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";

export default function ForgotPasswordPage() {
  const [email, setEmail] = useState("");
  const [sent, setSent] = useState(false);
  const form = useSubmit();

  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await form.run(async () => {
      await api("/api/v1/auth/forgot-password", { method: "POST", body: { email }, noRefresh: true });
      return true;
    });
    if (ok) setSent(true);
  };

  return (
    <AuthCard title="Reset your password" sub="We will email you a link to choose a new password." testid="forgot-page">
      {sent ? (
        <div class="alert alert-success" data-testid="forgot-sent">
          If an account exists for {email}, a reset link is on its way. The link is valid for one hour.
        </div>
      ) : (
        <form class="form" onSubmit={submit} noValidate>
          <FormError message={form.error} />
          <TextField label="Email" name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={form.fields.email} />
          <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="forgot-submit">
            Send reset link
          </button>
        </form>
      )}
      <div class="auth-links">
        <a href="/login">Back to sign in</a>
      </div>
    </AuthCard>
  );
}
