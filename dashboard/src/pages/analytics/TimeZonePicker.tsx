import { useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";

/** Every IANA zone the browser knows, the browser's own first. */
function zones(): string[] {
  const own = Intl.DateTimeFormat().resolvedOptions().timeZone;
  const all = (Intl as unknown as { supportedValuesOf?: (k: string) => string[] }).supportedValuesOf?.("timeZone") ?? ["Asia/Bangkok", "UTC"];
  return [...new Set([own, "Asia/Bangkok", ...all].filter(Boolean))];
}

/** The workspace's time zone (owners and admins), chosen from the IANA list; reports reload with it. */
export function TimeZonePicker({ value, onSaved }: { value: string; onSaved: () => void }) {
  const { t } = useI18n();
  const [error, setError] = useState<string | null>(null);
  const save = async (timezone: string) => {
    try {
      await api("/api/v1/workspace", { method: "PATCH", body: { timezone } });
      setError(null);
      onSaved();
    } catch (err) {
      setError(errorMessage(err));
    }
  };
  return (
    <label class="field">
      <span class="small muted">{t("analytics.timeZone")}</span>
      <select value={value} onChange={(e) => void save(e.currentTarget.value)} data-testid="analytics-timezone">
        {zones().map((z) => (
          <option key={z} value={z}>
            {z}
          </option>
        ))}
      </select>
      {error && <span class="error small">{error}</span>}
    </label>
  );
}
