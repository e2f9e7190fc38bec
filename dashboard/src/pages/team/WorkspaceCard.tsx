import { useEffect, useState } from "preact/hooks";
import { FormError, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { api, type Schema } from "../../lib/api";
import { useAuth } from "../../lib/auth";
import { useSubmit } from "../../lib/forms";
import { useResource } from "../../lib/useResource";
import { useI18n } from "../../i18n";

type Workspace = Schema<"Workspace">;

export function WorkspaceCard() {
  const { can, reload } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const res = useResource<Workspace | { workspace: Workspace }>("/api/v1/workspace");
  const ws = res.data && "workspace" in res.data ? (res.data.workspace as Workspace) : (res.data as Workspace | undefined);
  const [name, setName] = useState("");
  const form = useSubmit();
  const editable = can("settings:manage");

  useEffect(() => {
    if (ws?.name) setName(ws.name);
  }, [ws?.name]);

  if (!ws) return null;

  const save = async (e: Event) => {
    e.preventDefault();
    const updated = await form.run(() => api<Workspace>("/api/v1/workspace", { method: "PATCH", body: { name } }));
    if (updated) {
      notify(t("team.workspaceRenamed"));
      void res.reload();
      void reload();
    }
  };

  return (
    <form class="card" onSubmit={save} data-testid="workspace-card">
      <div class="card-header">
        <h2>{t("team.workspace")}</h2>
        {ws.plan && <span class="badge badge-primary">{ws.plan}</span>}
      </div>
      <FormError message={form.error} />
      <div class="row" style={{ alignItems: "flex-end" }}>
        <div style={{ flex: 1, minWidth: "220px" }}>
          <TextField label={t("team.workspaceName")} name="workspace_name" value={name} onValue={setName} error={form.fields.name} disabled={!editable} />
        </div>
        {editable && (
          <button type="submit" class="btn" disabled={form.busy || name === ws.name}>
            {t("common.save")}
          </button>
        )}
      </div>
    </form>
  );
}
