import { CheckField, Field, TextAreaField, TextField } from "../../../components/Form";
import { useI18n } from "../../../i18n";
import { DAYS } from "../model";
import type { TabProps } from "./types";

function timeZones(): string[] {
  try {
    const intl = Intl as unknown as { supportedValuesOf?: (k: string) => string[] };
    return intl.supportedValuesOf?.("timeZone") ?? [];
  } catch {
    return [];
  }
}

export function HoursTab({ config, set, errors, readOnly }: TabProps) {
  const { t, lang } = useI18n();
  const dayName = (day: string) => {
    // 2024-01-01 was a Monday
    const date = new Date(Date.UTC(2024, 0, 1 + DAYS.indexOf(day as (typeof DAYS)[number])));
    return new Intl.DateTimeFormat(lang === "th" ? "th-TH" : "en-GB", { weekday: "long", timeZone: "UTC" }).format(date);
  };
  const bh = config.business_hours;
  const zones = timeZones();
  return (
    <div class="form">
      <CheckField
        label={t("hours.limit")}
        name="business_hours.enabled"
        checked={bh.enabled}
        onValue={(v) => set("business_hours.enabled", v)}
        hint={t("hours.limitHint")}
        disabled={readOnly}
      />
      <TextField
        label={t("hours.timezone")}
        name="business_hours.timezone"
        value={bh.timezone}
        list="tz-list"
        onValue={(v) => set("business_hours.timezone", v)}
        error={errors["business_hours.timezone"]}
        hint={t("hours.timezoneHint")}
        disabled={readOnly}
      />
      <datalist id="tz-list">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Field label={t("hours.weekly")} name="schedule">
        <div class="schedule" data-testid="schedule">
          {DAYS.map((day) => {
            const hours = bh.schedule[day];
            const err = errors[`business_hours.schedule.${day}.end`] ?? errors[`business_hours.schedule.${day}.start`] ?? errors[`business_hours.schedule.${day}`];
            return (
              <div class="schedule-row" key={day}>
                <label class="check schedule-day">
                  <input
                    type="checkbox"
                    checked={hours !== null}
                    disabled={readOnly}
                    data-testid={`day-${day}`}
                    onChange={(e) =>
                      set(`business_hours.schedule.${day}`, (e.currentTarget as HTMLInputElement).checked ? { start: "09:00", end: "17:00" } : null)
                    }
                  />
                  <span>{dayName(day)}</span>
                </label>
                {hours ? (
                  <span class="row">
                    <input
                      type="time"
                      class="input input-time"
                      value={hours.start}
                      disabled={readOnly}
                      aria-label={t("hours.opens", { day: dayName(day) })}
                      onInput={(e) => set(`business_hours.schedule.${day}.start`, (e.currentTarget as HTMLInputElement).value)}
                    />
                    <span class="muted">{t("hours.to")}</span>
                    <input
                      type="time"
                      class="input input-time"
                      value={hours.end === "24:00" ? "23:59" : hours.end}
                      disabled={readOnly}
                      aria-label={t("hours.closes", { day: dayName(day) })}
                      onInput={(e) => set(`business_hours.schedule.${day}.end`, (e.currentTarget as HTMLInputElement).value)}
                    />
                  </span>
                ) : (
                  <span class="muted">{t("hours.closed")}</span>
                )}
                {err && <span class="field-error">{err}</span>}
              </div>
            );
          })}
        </div>
      </Field>
      <TextAreaField
        label={t("hours.offline")}
        name="business_hours.offline_message"
        value={bh.offline_message}
        onValue={(v) => set("business_hours.offline_message", v)}
        error={errors["business_hours.offline_message"]}
        hint={t("hours.offlineHint")}
        disabled={readOnly}
      />
    </div>
  );
}
