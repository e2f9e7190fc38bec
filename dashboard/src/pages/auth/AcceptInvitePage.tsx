import { useEffect, useState } from "preact/hooks";
import { useLocation } from "preact-iso";
import { AuthCard } from "../../components/AuthCard";
import { FormError, TextField } from "../../components/Form";
import { ApiError, api, errorMessage } from "../../lib/api";
import type { TokenResponse } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { t as tr, useI18n } from "../../i18n";

interface InviteLookup {
  email: string;
  role: string;
  workspace_name?: string;
  workspace?: { name?: string };
  invited_by_name?: string | null;
  account_exists?: boolean;
  expires_at?: string;
}

/**
 * The invitation token arrives in the URL fragment (`#token=…`, never sent to
 * a server); links mailed before that carried it in the query. Either way it
 * is removed from the address bar at once and only ever sent in POST bodies.
 */
function readInviteToken(query: Record<string, string>): string {
  const fromHash = new URLSearchParams(window.location.hash.replace(/^#/, "")).get("token");
  const token = fromHash ?? query.token ?? "";
  if (token && (fromHash || query.token)) window.history.replaceState(window.history.state, "", window.location.pathname);
  return token;
}

/** A role's name in the dashboard's language (the API may name a role this build does not know). */
function roleName(role: string): string {
  return role === "owner" || role === "admin" || role === "agent" || role === "viewer" ? tr(`role.${role}`) : role;
}

export default function AcceptInvitePage() {
  const { query, route } = useLocation();
  const { signIn } = useAuth();
  const { t } = useI18n();
  const [token] = useState(() => readInviteToken(query));
  const [invite, setInvite] = useState<InviteLookup | null>(null);
  const [lookupError, setLookupError] = useState<string | null>(null);
  const [name, setName] = useState("");
  const [password, setPassword] = useState("");
  const [mfaCode, setMfaCode] = useState("");
  const [needMfa, setNeedMfa] = useState(false);
  const form = useSubmit();

  useEffect(() => {
    if (!token) {
      setLookupError(t("invite.incomplete"));
      return;
    }
    api<InviteLookup>("/api/v1/invitations/lookup", { method: "POST", body: { token }, noRefresh: true })
      .then(setInvite)
      .catch((err) => setLookupError(errorMessage(err)));
  }, [token]);

  const existing = Boolean(invite?.account_exists);
  const workspaceName = invite?.workspace_name ?? invite?.workspace?.name ?? "a workspace";

  const submit = async (e: Event) => {
    e.preventDefault();
    const body: Record<string, string> = { token };
    if (!existing) {
      body.name = name;
      body.password = password;
    } else {
      body.password = password;
      if (needMfa && mfaCode) body.mfa_code = mfaCode;
    }
    const res = await form.run(async () => {
      try {
        return await api<TokenResponse>("/api/v1/invitations/accept", { method: "POST", body, noRefresh: true });
      } catch (err) {
        if (err instanceof ApiError && err.code === "MFA_REQUIRED" && !needMfa) {
          setNeedMfa(true);
          return undefined;
        }
        throw err;
      }
    });
    if (res?.access_token) {
      signIn(res);
      route("/", true);
    } else if (res) {
      route("/login", true);
    }
  };

  if (lookupError) {
    return (
      <AuthCard title={t("invite.unavailable")} testid="accept-invite-error">
        <div class="alert alert-error">{lookupError}</div>
        <p class="muted">{t("invite.askAdmin")}</p>
      </AuthCard>
    );
  }
  if (!invite) {
    return (
      <AuthCard title={t("invite.joinWorkspace")}>
        <p class="muted">{t("invite.checking")}</p>
      </AuthCard>
    );
  }

  return (
    <AuthCard
      title={t("invite.join", { workspace: workspaceName })}
      sub={
        <>
          {t("invite.invitedAs")} <strong data-testid="invite-role" data-role={invite.role}>{roleName(invite.role)}</strong> {t("invite.withEmail", { email: invite.email })}
        </>
      }
      testid="accept-invite-page"
    >
      <form class="form" onSubmit={submit} noValidate>
        <FormError message={form.error} />
        {!existing && <TextField label={t("auth.yourName")} name="name" autoComplete="name" value={name} onValue={setName} error={form.fields.name} />}
        <TextField
          label={existing ? t("invite.currentPassword") : t("invite.choosePassword")}
          name="password"
          type="password"
          autoComplete={existing ? "current-password" : "new-password"}
          hint={existing ? t("invite.existingAccount") : t("auth.passwordHint")}
          value={password}
          onValue={setPassword}
          error={form.fields.password}
        />
        {needMfa && (
          <TextField
            label={t("auth.mfaCode")}
            name="mfa_code"
            inputMode="numeric"
            autoComplete="one-time-code"
            value={mfaCode}
            onValue={setMfaCode}
            error={form.fields.mfa_code}
          />
        )}
        <button type="submit" class="btn btn-primary btn-block" disabled={form.busy} data-testid="accept-submit">
          {form.busy ? t("invite.joining") : t("invite.accept")}
        </button>
      </form>
    </AuthCard>
  );
}
