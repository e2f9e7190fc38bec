import { api, type Schema } from "../../../lib/api";
import { useSubmit } from "../../../lib/forms";
import { formatDateTime } from "../../../lib/format";
import { listOf, useResource } from "../../../lib/useResource";
import { useToast } from "../../../components/Toasts";
import type { ChatbotResponse } from "../model";
import { useI18n } from "../../../i18n";

type Version = Schema<"ChatbotVersionList">["data"][number];

interface Props {
  bot: ChatbotResponse;
  canEdit: boolean;
  onRestored: (bot: ChatbotResponse) => void;
}

export function VersionsTab({ bot, canEdit, onRestored }: Props) {
  const res = useResource<unknown>(`/api/v1/chatbots/${bot.id}/versions?v=${bot.version}`);
  const notify = useToast();
  const { t } = useI18n();
  const { busy, run } = useSubmit({ toast: true });
  const versions = listOf<Version>(res.data);

  const restore = async (v: Version) => {
    if (!confirm(t("versions.restoreConfirm", { version: v.version }))) return;
    await run(async () => {
      const updated = await api(`/api/v1/chatbots/${bot.id}/versions/${v.version}/restore`, { method: "POST", body: {} });
      onRestored(updated);
      notify(t("versions.restored", { version: v.version }));
    });
  };

  if (res.loading && !res.data) return <p class="muted">{t("versions.loading")}</p>;
  if (res.error) return <div class="alert alert-error">{res.error}</div>;
  return (
    <div class="table-wrap">
      <table class="table" data-testid="versions">
        <thead>
          <tr>
            <th>{t("versions.version")}</th>
            <th>{t("versions.saved")}</th>
            <th>{t("versions.by")}</th>
            <th>{t("versions.changed")}</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {versions.map((v) => (
            <tr key={v.version} data-testid={`version-${v.version}`}>
              <td>
                v{v.version} {v.version === bot.version && <span class="badge badge-primary">{t("versions.current")}</span>}
              </td>
              <td>{formatDateTime(v.created_at)}</td>
              <td>{v.created_by_name ?? v.created_by ?? "—"}</td>
              <td class="small muted">{v.changed_fields?.join(", ") ?? ""}</td>
              <td style={{ textAlign: "right" }}>
                {canEdit && v.version !== bot.version && (
                  <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => void restore(v)} data-testid={`restore-${v.version}`}>
                    {t("versions.restore")}
                  </button>
                )}
              </td>
            </tr>
          ))}
          {versions.length === 0 && (
            <tr>
              <td colSpan={5} class="muted">
                {t("versions.none")}
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
