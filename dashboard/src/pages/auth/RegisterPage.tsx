import { useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { api } from "../../lib/api";
import type { TokenResponse } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";

export default function RegisterPage() {
  const { signIn } = useAuth();
  const { route } = useLocation();
  const [workspaceName, setWorkspaceName] = useState("");
  const [name, setName] = useState("");
  const [email, setEmail] = useState("");
  const [password, setPassword] = useState("");
  const [checkMail, setCheckMail] = useState(false);
  const form = useSubmit();

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
      <AuthCard title="Check your email" testid="register-check-mail">
        <p>We sent a verification link to {email}. Open it to finish setting up your workspace.</p>
        <a href="/login">Back to sign in</a>
      </AuthCard>
    );
  }

  return (
    <AuthCard title="Create your workspace" sub="Set up AI customer support in a few minutes." testid="register-page">
      <form class="form" onSubmit={submit} noValidate>
        <FormError message={form.error} />
        <TextField
          label="Workspace name"
          name="workspace_name"
          placeholder="Acme Inc."
          value={workspaceName}
          onValue={setWorkspaceName}
          error={form.fields.workspace_name}
          required
        />
        <TextField label="Your name" name="name" autoComplete="name" value={name} onValue={setName} error={form.fields.name} required />
        <TextField label="Work email" name="email" type="email" autoComplete="email" value={email} onValue={setEmail} error={form.fields.email} required />
        <TextField
          label="Password"
          name="password"
          type="password"
          autoComplete="new-password"
          hint="At least 8 characters with an uppercase letter, a number and a symbol."
          value={password}
          onValue={setPassword}
          error={form.fields.password}
          required
        />
        <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="register-submit">
          {form.busy ? "Creating…" : "Create workspace"}
        </button>
      </form>
      <div class="auth-links">
        <span class="muted">Already have an account?</span>
        <a href="/login">Sign in</a>
      </div>
    </AuthCard>
  );
}
