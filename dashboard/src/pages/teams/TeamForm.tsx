import { useState } from "preact/hooks";
import { CheckField, FormError, SelectField, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";
import { useSubmit } from "../../lib/forms";

type Mode = "balanced" | "round_robin" | "manual";
export interface MemberOption {
  id: string;
  name: string;
}

/** Creates a team: name, members, assignment mode, capacity and reply limit. */
export function TeamForm({ members, onCreated }: { members: MemberOption[]; onCreated: () => void }) {
  const { t } = useI18n();
  const notify = useToast();
  const form = useSubmit();
  const [name, setName] = useState("");
  const [mode, setMode] = useState<Mode>("balanced");
  const [capacity, setCapacity] = useState("5");
  const [replyLimit, setReplyLimit] = useState("");
  const [chosen, setChosen] = useState<Set<string>>(new Set());

  const toggle = (id: string, on: boolean) => {
    const next = new Set(chosen);
    if (on) next.add(id);
    else next.delete(id);
    setChosen(next);
  };

  const submit = async (e: Event) => {
    e.preventDefault();
    const body = {
      name,
      member_ids: [...chosen],
      assignment: mode,
      capacity: Number(capacity),
      reply_limit_seconds: replyLimit.trim() ? Number(replyLimit) : null,
    };
    const ok = await form.run(() => api("/api/v1/teams", { method: "POST", body }));
    if (ok !== undefined) {
      notify(t("routing.created"));
      setName("");
      setChosen(new Set());
      onCreated();
    }
  };

  return (
    <form class="card form" onSubmit={submit} noValidate data-testid="team-form">
      <h2>{t("routing.new")}</h2>
      <FormError message={form.error} />
      <TextField label={t("routing.name")} name="team_name" value={name} onValue={setName} error={form.fields.name} />
      <SelectField<Mode>
        label={t("routing.mode")}
        name="team_mode"
        value={mode}
        options={(["balanced", "round_robin", "manual"] as const).map((m) => ({ value: m, label: t(`routing.mode.${m}`) }))}
        onValue={setMode}
      />
      <TextField label={t("routing.capacity")} name="team_capacity" type="number" value={capacity} onValue={setCapacity} error={form.fields.capacity} />
      <TextField label={t("routing.replyLimit")} name="team_reply_limit" type="number" value={replyLimit} onValue={setReplyLimit} error={form.fields.reply_limit_seconds} />
      <fieldset>
        <legend>{t("routing.members")}</legend>
        {members.map((m) => (
          <CheckField key={m.id} label={m.name} name={`member_${m.id}`} checked={chosen.has(m.id)} onValue={(on) => toggle(m.id, on)} />
        ))}
      </fieldset>
      <div class="form-actions">
        <button type="submit" class="btn btn-primary" disabled={form.busy || !name.trim()} data-testid="team-submit">
          {t("routing.create")}
        </button>
      </div>
    </form>
  );
}
