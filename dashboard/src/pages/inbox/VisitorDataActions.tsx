import { useState } from "preact/hooks";
import { Modal } from "../../components/Modal";
import { api, apiRaw } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { useI18n } from "../../i18n";

/** Owners and admins: download everything held about the visitor, or erase it (after a confirmation). */
export function VisitorDataActions({ visitorId, onErased }: { visitorId: string; onErased: () => void }) {
  const { can } = useAuth();
  const { t } = useI18n();
  const [confirming, setConfirming] = useState(false);
  const { busy, error, run } = useSubmit();
  if (!can("data:export") && !can("data:erase")) return null;

  const download = () =>
    run(async () => {
      const res = await apiRaw(`/api/v1/visitors/${encodeURIComponent(visitorId)}/export`);
      if (!res.ok) throw new Error(t("inbox.error.exportFailed"));
      const a = document.createElement("a");
      a.href = URL.createObjectURL(await res.blob());
      a.download = `visitor-${visitorId}.json`;
      a.click();
      setTimeout(() => URL.revokeObjectURL(a.href), 10_000);
    });
  const erase = () =>
    run(async () => {
      await api(`/api/v1/visitors/${encodeURIComponent(visitorId)}`, { method: "DELETE" });
      setConfirming(false);
      onErased();
    });

  return (
    <div class="panel-section" data-testid="visitor-data">
      <h3>{t("visitorData.title")}</h3>
      <div class="row">
        {can("data:export") && (
          <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={download}>
            {t("visitorData.export")}
          </button>
        )}
        {can("data:erase") && (
          <button type="button" class="btn btn-ghost btn-sm" disabled={busy} onClick={() => setConfirming(true)}>
            {t("visitorData.erase")}
          </button>
        )}
      </div>
      {error && <div class="field-error">{error}</div>}
      {confirming && (
        <Modal title={t("visitorData.confirmTitle")} onClose={() => setConfirming(false)} testid="erase-visitor-modal">
          <p>{t("visitorData.confirmBody")}</p>
          <div class="row">
            <button type="button" class="btn btn-ghost" onClick={() => setConfirming(false)}>
              {t("common.cancel")}
            </button>
            <button type="button" class="btn btn-danger" disabled={busy} onClick={erase}>
              {t("visitorData.confirm")}
            </button>
          </div>
        </Modal>
      )}
    </div>
  );
}
