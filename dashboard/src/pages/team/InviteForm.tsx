import { useState } from "preact/hooks";
import { FormError, SelectField, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { UpgradePrompt } from "../../components/UpgradePrompt";
import { api } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import type { Role } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { ROLE_HELP, ROLE_LABELS, assignableRoles } from "./roles";
import { useI18n } from "../../i18n";

export function InviteForm({ onInvited }: { onInvited: () => void }) {
  const { user } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const [email, setEmail] = useState("");
  const [role, setRole] = useState<Role>("agent");
  const form = useSubmit({ planLimit: true });
  const roles = assignableRoles(user?.role);

  const submit = async (e: Event) => {
    e.preventDefault();
    const ok = await form.run(() => api("/api/v1/invitations", { method: "POST", body: { email, role } }));
    if (ok !== undefined) {
      notify(t("team.inviteSent", { email }));
      setEmail("");
      onInvited();
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="invite-form">
      <h2>{t("team.invite")}</h2>
      <FormError message={form.error} />
      <UpgradePrompt details={form.planLimit} />
      <TextField label={t("team.inviteEmail")} name="invite_email" type="email" value={email} onValue={setEmail} error={form.fields.email} placeholder={t("team.inviteEmailPlaceholder")} />
      <SelectField<Role>
        label={t("team.inviteRole")}
        name="invite_role"
        value={role}
        options={roles.map((r) => ({ value: r, label: `${t(ROLE_LABELS[r])}: ${t(ROLE_HELP[r])}` }))}
        onValue={setRole}
        error={form.fields.role}
      />
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={form.busy || !email} data-testid="invite-submit">
          {form.busy ? t("team.sending") : t("team.sendInvite")}
        </button>
      </div>
    </form>
  );
}
