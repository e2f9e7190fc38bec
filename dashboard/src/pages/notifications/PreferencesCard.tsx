import { useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n, type MessageKey } from "../../i18n";
import { api, errorMessage } from "../../lib/api";
import { useResource } from "../../lib/useResource";

const KINDS = ["mention", "assignment", "escalation", "new_conversation", "offline_message", "failed_delivery", "daily_digest"] as const;
const MEDIA = ["in_app", "email", "push"] as const;
type Prefs = Record<(typeof KINDS)[number], Record<(typeof MEDIA)[number], boolean>>;
/** Kinds that exist in fewer media than all (the daily summary is an email). */
const ONLY: Partial<Record<(typeof KINDS)[number], readonly (typeof MEDIA)[number][]>> = { daily_digest: ["email"] };

/** Event × medium checkboxes; each change is saved at once (PUT of that one cell). */
export function PreferencesCard() {
  const { t } = useI18n();
  const notify = useToast();
  const prefs = useResource<Prefs>("/api/v1/notifications/preferences");
  const [busy, setBusy] = useState<string | null>(null);

  const toggle = async (kind: (typeof KINDS)[number], medium: (typeof MEDIA)[number], on: boolean) => {
    setBusy(`${kind}.${medium}`);
    try {
      prefs.setData(await api<Prefs>("/api/v1/notifications/preferences", { method: "PUT", body: { [kind]: { [medium]: on } } }));
      notify(t("notify.prefs.saved"));
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(null);
    }
  };

  return (
    <div class="card" data-testid="notification-preferences">
      <h2>{t("notify.prefs.title")}</h2>
      {prefs.error && <p class="muted">{prefs.error}</p>}
      {prefs.data && (
        <table class="prefs-table">
          <thead>
            <tr>
              <th>{t("notify.prefs.event")}</th>
              {MEDIA.map((m) => (
                <th key={m} class="cell">
                  {t(`notify.medium.${m}` as MessageKey)}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {KINDS.map((k) => (
              <tr key={k}>
                <td>{t(`notify.event.${k}` as MessageKey)}</td>
                {MEDIA.map((m) => (
                  <td key={m} class="cell">
                    {ONLY[k] && !ONLY[k]!.includes(m) ? (
                      <span class="muted" title={t("notify.medium.none")} aria-label={t("notify.medium.none")}>
                        —
                      </span>
                    ) : (
                    <input
                      type="checkbox"
                      aria-label={`${t(`notify.event.${k}` as MessageKey)} — ${t(`notify.medium.${m}` as MessageKey)}`}
                      data-testid={`pref-${k}-${m}`}
                      checked={prefs.data![k][m]}
                      disabled={busy !== null}
                      onChange={(e) => void toggle(k, m, e.currentTarget.checked)}
                    />
                    )}
                  </td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </div>
  );
}
