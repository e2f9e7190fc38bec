import { SelectField, TextAreaField, TextField } from "../../../components/Form";
import { PERSONALITIES } from "../model";
import type { TabProps } from "./types";
import { useI18n } from "../../../i18n";

export function GeneralTab({ config, set, errors, readOnly }: TabProps) {
  const { t } = useI18n();
  const personalities = PERSONALITIES.map((p) => ({ value: p.value, label: t(`chatbots.personality.${p.value}`) }));
  return (
    <div class="form">
      <TextField
        label={t("general.name")}
        name="name"
        value={config.name}
        onValue={(v) => set("name", v)}
        error={errors.name}
        hint={t("general.nameHint")}
        disabled={readOnly}
      />
      <TextAreaField
        label={t("general.description")}
        name="description"
        value={config.description ?? ""}
        onValue={(v) => set("description", v === "" ? null : v)}
        error={errors.description}
        hint={t("general.descriptionHint")}
        rows={2}
        disabled={readOnly}
      />
      <SelectField
        label={t("general.personality")}
        name="personality"
        value={config.personality}
        options={personalities}
        onValue={(v) => set("personality", v)}
        error={errors.personality}
        hint={t("general.personalityHint")}
        disabled={readOnly}
      />
      <TextAreaField
        label={t("general.greeting")}
        name="greeting_message"
        value={config.greeting_message}
        onValue={(v) => set("greeting_message", v)}
        error={errors.greeting_message}
        hint={t("general.greetingHint")}
        disabled={readOnly}
      />
    </div>
  );
}
