import { CheckField, Field, TextAreaField, TextField } from "../../../components/Form";
import { capitalize } from "../../../lib/format";
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
  const bh = config.business_hours;
  const zones = timeZones();
  return (
    <div class="form">
      <CheckField
        label="Limit the chatbot to business hours"
        name="business_hours.enabled"
        checked={bh.enabled}
        onValue={(v) => set("business_hours.enabled", v)}
        hint="When off, the chatbot is available 24/7."
        disabled={readOnly}
      />
      <TextField
        label="Time zone"
        name="business_hours.timezone"
        value={bh.timezone}
        list="tz-list"
        onValue={(v) => set("business_hours.timezone", v)}
        error={errors["business_hours.timezone"]}
        hint="An IANA time zone such as Asia/Bangkok or America/New_York."
        disabled={readOnly}
      />
      <datalist id="tz-list">
        {zones.map((z) => (
          <option key={z} value={z} />
        ))}
      </datalist>
      <Field label="Weekly schedule" name="schedule">
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
                  <span>{capitalize(day)}</span>
                </label>
                {hours ? (
                  <span class="row">
                    <input
                      type="time"
                      class="input input-time"
                      value={hours.start}
                      disabled={readOnly}
                      aria-label={`${day} opens`}
                      onInput={(e) => set(`business_hours.schedule.${day}.start`, (e.currentTarget as HTMLInputElement).value)}
                    />
                    <span class="muted">to</span>
                    <input
                      type="time"
                      class="input input-time"
                      value={hours.end === "24:00" ? "23:59" : hours.end}
                      disabled={readOnly}
                      aria-label={`${day} closes`}
                      onInput={(e) => set(`business_hours.schedule.${day}.end`, (e.currentTarget as HTMLInputElement).value)}
                    />
                  </span>
                ) : (
                  <span class="muted">Closed</span>
                )}
                {err && <span class="field-error">{err}</span>}
              </div>
            );
          })}
        </div>
      </Field>
      <TextAreaField
        label="Offline message"
        name="business_hours.offline_message"
        value={bh.offline_message}
        onValue={(v) => set("business_hours.offline_message", v)}
        error={errors["business_hours.offline_message"]}
        hint="Shown to visitors outside business hours."
        disabled={readOnly}
      />
    </div>
  );
}
