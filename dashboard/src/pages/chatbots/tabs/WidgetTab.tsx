import { Field, SelectField, TextField } from "../../../components/Form";
import { useI18n } from "../../../i18n";
import type { TabProps } from "./types";

const COLORS = ["primary_color", "secondary_color", "text_color", "background_color"] as const;

function expand(hex: string): string {
  // <input type=color> needs #rrggbb.
  return /^#[0-9a-fA-F]{3}$/.test(hex) ? `#${[...hex.slice(1)].map((c) => c + c).join("")}` : hex;
}

export function WidgetTab({ config, set, errors, readOnly }: TabProps) {
  const { t } = useI18n();
  const w = config.widget_settings;
  return (
    <div class="form">
      <div class="grid-3">
        <SelectField
          label={t("widgetTab.position")}
          name="widget_settings.position"
          value={w.position}
          options={(["bottom-right", "bottom-left"] as const).map((value) => ({ value, label: t(`widgetTab.position.${value}`) }))}
          onValue={(v) => set("widget_settings.position", v)}
          error={errors["widget_settings.position"]}
          disabled={readOnly}
        />
        <SelectField
          label={t("widgetTab.size")}
          name="widget_settings.size"
          value={w.size}
          options={(["small", "medium", "large"] as const).map((value) => ({ value, label: t(`widgetTab.size.${value}`) }))}
          onValue={(v) => set("widget_settings.size", v)}
          error={errors["widget_settings.size"]}
          disabled={readOnly}
        />
        <SelectField
          label={t("widgetTab.language")}
          name="widget_settings.locale"
          value={w.locale}
          options={(["auto", "en", "th"] as const).map((value) => ({ value, label: t(`widgetTab.language.${value}`) }))}
          onValue={(v) => set("widget_settings.locale", v)}
          error={errors["widget_settings.locale"]}
          disabled={readOnly}
        />
      </div>
      <div class="grid-2">
        {COLORS.map((key) => {
          const label = t(`widgetTab.color.${key}`);
          const hint = t(`widgetTab.color.${key}Hint`);
          const path = `widget_settings.theme.${key}`;
          const value = w.theme[key];
          return (
            <Field key={key} label={label} hint={hint} error={errors[path]} name={path}>
              <div class="color-field">
                <input
                  type="color"
                  value={expand(value)}
                  disabled={readOnly}
                  aria-label={t("widgetTab.picker", { label })}
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
        label={t("widgetTab.buttonText")}
        name="widget_settings.button_text"
        value={w.button_text}
        maxLength={40}
        onValue={(v) => set("widget_settings.button_text", v)}
        error={errors["widget_settings.button_text"]}
        disabled={readOnly}
      />
      <TextField
        label={t("widgetTab.avatar")}
        name="widget_settings.avatar_url"
        value={w.avatar_url ?? ""}
        placeholder="https://example.com/avatar.png"
        onValue={(v) => set("widget_settings.avatar_url", v.trim() === "" ? null : v.trim())}
        error={errors["widget_settings.avatar_url"]}
        hint={t("widgetTab.avatarHint")}
        disabled={readOnly}
      />
    </div>
  );
}
