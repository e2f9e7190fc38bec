import { useEffect, useState } from "preact/hooks";
import { FormError, TextField } from "../../components/Form";
import { Modal } from "../../components/Modal";
import { useToast } from "../../components/Toasts";
import { api, type Schema } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { useResource } from "../../lib/useResource";
import { useI18n } from "../../i18n";

type Retention = Schema<"DataRetention">;
type Workspace = Schema<"Workspace">;

const toText = (n: number | null | undefined) => (n == null ? "" : String(n));
const toDays = (s: string) => (s.trim() === "" ? null : Number(s));

/** Data retention: how long conversations and attachments are kept (empty keeps them), and when resolved ones are archived. */
export function RetentionCard() {
  const { can } = useAuth();
  const notify = useToast();
  const res = useResource<Workspace>("/api/v1/workspace");
  const r = res.data?.data_retention;
  const [conversations, setConversations] = useState("");
  const [attachments, setAttachments] = useState("");
  const [archive, setArchive] = useState("90");
  const form = useSubmit();
  const editable = can("settings:manage");
  const { t } = useI18n();

  useEffect(() => {
    if (!r) return;
    setConversations(toText(r.conversations_days));
    setAttachments(toText(r.attachments_days));
    setArchive(String(r.archive_resolved_after_days));
  }, [r?.conversations_days, r?.attachments_days, r?.archive_resolved_after_days]);

  if (!r) return null;
  const save = async (e: Event) => {
    e.preventDefault();
    const body = { data_retention: { conversations_days: toDays(conversations), attachments_days: toDays(attachments), archive_resolved_after_days: Number(archive) } };
    if (await form.run(() => api("/api/v1/workspace", { method: "PATCH", body }))) {
      notify(t("retention.saved"));
      void res.reload();
    }
  };
  const err = (k: string) => form.fields[`data_retention.${k}`] ?? form.fields[k];
  return (
    <form class="card" onSubmit={save} data-testid="retention-card">
      <div class="card-header">
        <h2>{t("retention.title")}</h2>
      </div>
      <p class="muted small">{t("retention.body")}</p>
      <FormError message={form.error} />
      <div class="grid-2">
        <TextField label={t("retention.conversations")} name="retention_conversations" type="number" min={1} max={3650} value={conversations} onValue={setConversations} error={err("conversations_days")} disabled={!editable} hint={t("retention.conversationsHint")} />
        <TextField label={t("retention.attachments")} name="retention_attachments" type="number" min={1} max={3650} value={attachments} onValue={setAttachments} error={err("attachments_days")} disabled={!editable} hint={t("retention.attachmentsHint")} />
        <TextField label={t("retention.archive")} name="retention_archive" type="number" min={1} max={3650} value={archive} onValue={setArchive} error={err("archive_resolved_after_days")} disabled={!editable} />
      </div>
      {editable && (
        <button type="submit" class="btn" disabled={form.busy}>
          {t("common.save")}
        </button>
      )}
    </form>
  );
}

/** Owners only: deletes the workspace after typing its name; everything it owns is purged 30 days later. */
export function DeleteWorkspaceCard() {
  const { can, signOut } = useAuth();
  const res = useResource<Workspace>("/api/v1/workspace");
  const [open, setOpen] = useState(false);
  const [confirm, setConfirm] = useState("");
  const form = useSubmit();
  const { t } = useI18n();
  if (!can("workspace:delete") || !res.data) return null;
  const name = res.data.name;
  const remove = async (e: Event) => {
    e.preventDefault();
    if (await form.run(() => api("/api/v1/workspace", { method: "DELETE", body: { confirm } }))) await signOut();
  };
  return (
    <div class="card" data-testid="delete-workspace-card">
      <div class="card-header">
        <h2>{t("deleteWs.title")}</h2>
      </div>
      <p class="muted small">{t("deleteWs.body")}</p>
      <button type="button" class="btn btn-danger" onClick={() => setOpen(true)}>
        {t("deleteWs.open")}
      </button>
      {open && (
        <Modal title={t("deleteWs.confirmTitle")} onClose={() => setOpen(false)} testid="delete-workspace-modal">
          <form onSubmit={remove}>
            <FormError message={form.error} />
            <TextField label={t("deleteWs.typeName", { name })} name="confirm_workspace_name" value={confirm} onValue={setConfirm} />
            <div class="row">
              <button type="button" class="btn btn-ghost" onClick={() => setOpen(false)}>
                {t("common.cancel")}
              </button>
              <button type="submit" class="btn btn-danger" disabled={form.busy || confirm !== name}>
                {t("deleteWs.title")}
              </button>
            </div>
          </form>
        </Modal>
      )}
    </div>
  );
}
