import { Field, SelectField, TextField } from "../../../components/Form";
import type { TabProps } from "./types";

const COLORS = [
  { key: "primary_color", label: "Primary colour", hint: "Launcher, header and visitor messages" },
  { key: "secondary_color", label: "Secondary colour", hint: "Header gradient and accents" },
  { key: "text_color", label: "Text on primary", hint: "Text on the launcher and header" },
  { key: "background_color", label: "Panel background", hint: "Behind the messages" },
] as const;

function expand(hex: string): string {
  // <input type=color> needs #rrggbb.
  return /^#[0-9a-fA-F]{3}$/.test(hex) ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
}

export function WidgetTab({ config, set, errors, readOnly }: TabProps) {
  const w = config.widget_settings;
  return (
    <div class="form">
      <div class="grid-3">
        <SelectField
          label="Position"
          name="widget_settings.position"
          value={w.position}
          options={[
            { value: "bottom-right", label: "Bottom right" },
            { value: "bottom-left", label: "Bottom left" },
          ]}
          onValue={(v) => set("widget_settings.position", v)}
          error={errors["widget_settings.position"]}
          disabled={readOnly}
        />
        <SelectField
          label="Size"
          name="widget_settings.size"
          value={w.size}
          options={[
            { value: "small", label: "Small" },
            { value: "medium", label: "Medium" },
            { value: "large", label: "Large" },
          ]}
          onValue={(v) => set("widget_settings.size", v)}
          error={errors["widget_settings.size"]}
          disabled={readOnly}
        />
        <SelectField
          label="Language"
          name="widget_settings.locale"
          value={w.locale}
          options={[
            { value: "auto", label: "Visitor's browser" },
            { value: "en", label: "English" },
            { value: "th", label: "ไทย (Thai)" },
          ]}
          onValue={(v) => set("widget_settings.locale", v)}
          error={errors["widget_settings.locale"]}
          disabled={readOnly}
        />
      </div>
      <div class="grid-2">
        {COLORS.map(({ key, label, hint }) => {
          const path = `widget_settings.theme.${key}`;
          const value = w.theme[key];
          return (
            <Field key={key} label={label} hint={hint} error={errors[path]} name={path}>
              <div class="color-field">
                <input
                  type="color"
                  value={expand(value)}
                  disabled={readOnly}
                  aria-label={`${label} picker`}
                  onInput={(e) => set(path, (e.currentTarget as HTMLInputElement).value.toUpperCase())}
                />
                <input
                  id={path}
                  class="input mono"
                  value={value}
                  disabled={readOnly}
                  data-testid={`input-${path}`}
                  onInput={(e) => set(path, (e.currentTarget as HTMLInputElement).value)}
                />
              </div>
            </Field>
          );
        })}
      </div>
      <TextField
        label="Launcher button text"
        name="widget_settings.button_text"
        value={w.button_text}
        maxLength={40}
        onValue={(v) => set("widget_settings.button_text", v)}
        error={errors["widget_settings.button_text"]}
        disabled={readOnly}
      />
      <TextField
        label="Bot avatar URL"
        name="widget_settings.avatar_url"
        value={w.avatar_url ?? ""}
        placeholder="https://example.com/avatar.png"
        onValue={(v) => set("widget_settings.avatar_url", v.trim() === "" ? null : v.trim())}
        error={errors["widget_settings.avatar_url"]}
        hint="An https:// PNG or JPG (max 2 MB). Leave empty for the initial of the bot's name."
        disabled={readOnly}
      />
    </div>
  );
}
