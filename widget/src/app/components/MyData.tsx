import { useState } from "preact/hooks";
import type { Translate } from "../../i18n";
import type { Chat } from "../chat";

/** "Download / delete my data": the visitor's own export, and erasure after a confirmation. */
export function MyData({ chat, t, onClose }: { chat: Chat; t: Translate; onClose(): void }) {
  const [confirming, setConfirming] = useState(false);
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const run = async (action: () => Promise<void>) => {
    setBusy(true);
    setFailed(false);
    try {
      await action();
    } catch {
      setFailed(true);
    }
    setBusy(false);
  };
  return (
    <div class="body center md" data-testid="my-data">
      <strong>{t("myData")}</strong>
      {confirming ? (
        <>
          <p role="alert">{t("deleteConfirm")}</p>
          <button type="button" class="rb" disabled={busy} onClick={() => run(() => chat.eraseMyData())}>
            {t("deleteYes")}
          </button>
          <button type="button" class="rb" disabled={busy} onClick={() => setConfirming(false)}>
            {t("cancel")}
          </button>
        </>
      ) : (
        <>
          <button type="button" class="rb" disabled={busy} onClick={() => run(() => chat.downloadMyData())}>
            {t("downloadData")}
          </button>
          <button type="button" class="rb" disabled={busy} onClick={() => setConfirming(true)}>
            {t("deleteData")}
          </button>
          <button type="button" class="rb" onClick={onClose}>
            {t("backToChat")}
          </button>
        </>
      )}
      {failed && <p role="alert">{t("error")}</p>}
    </div>
  );
}
