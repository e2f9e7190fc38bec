import { SelectField, TextAreaField, TextField } from "../../../components/Form";
import { PERSONALITIES } from "../model";
import type { TabProps } from "./types";

export function GeneralTab({ config, set, errors, readOnly }: TabProps) {
  return (
    <div class="form">
      <TextField
        label="Name"
        name="name"
        value={config.name}
        onValue={(v) => set("name", v)}
        error={errors.name}
        hint="3–50 characters: letters (English or Thai), digits, spaces, - and _."
        disabled={readOnly}
      />
      <TextAreaField
        label="Description"
        name="description"
        value={config.description ?? ""}
        onValue={(v) => set("description", v === "" ? null : v)}
        error={errors.description}
        hint="Internal note for your team; visitors never see it."
        rows={2}
        disabled={readOnly}
      />
      <SelectField
        label="Personality"
        name="personality"
        value={config.personality}
        options={PERSONALITIES}
        onValue={(v) => set("personality", v)}
        error={errors.personality}
        hint="The tone the AI uses in its answers."
        disabled={readOnly}
      />
      <TextAreaField
        label="Greeting message"
        name="greeting_message"
        value={config.greeting_message}
        onValue={(v) => set("greeting_message", v)}
        error={errors.greeting_message}
        hint="The first message a visitor sees when opening the chat."
        disabled={readOnly}
      />
    </div>
  );
}
