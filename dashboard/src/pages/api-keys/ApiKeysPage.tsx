import { useState } from "preact/hooks";
import { CopyBox } from "../../components/CopyBox";
import { FormError, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { api } from "../../lib/api";
import { PERMISSION_NAMES, roleCan, useAuth } from "../../lib/auth";
import type { Permission } from "../../lib/auth";
import { formatDateTime, timeAgo } from "../../lib/format";
import { useSubmit } from "../../lib/forms";
import { listOf, useResource } from "../../lib/useResource";
import { useI18n } from "../../i18n";

interface ApiKey {
  id: string;
  name: string;
  prefix?: string;
  key_prefix?: string;
  scopes: string[];
  last_used_at?: string | null;
  created_at: string;
  expires_at?: string | null;
  revoked_at?: string | null;
}

interface CreatedKey extends ApiKey {
  key?: string;
  secret?: string;
  api_key?: string;
}

export default function ApiKeysPage() {
  const { user, can } = useAuth();
  const notify = useToast();
  const { t } = useI18n();
  const res = useResource<unknown>("/api/v1/api-keys");
  const keys = listOf<ApiKey>(res.data);
  const [name, setName] = useState("");
  const [scopes, setScopes] = useState<Permission[]>(["conversations:read"]);
  const [created, setCreated] = useState<CreatedKey | null>(null);
  const form = useSubmit();
  const available = PERMISSION_NAMES.filter((p) => roleCan(user?.role, p));

  if (!can("api:manage")) {
    return (
      <section class="page">
        <div class="empty-state">{t("apiKeys.noAccess")}</div>
      </section>
    );
  }

  const toggle = (p: Permission, on: boolean) => setScopes((s) => (on ? [...new Set([...s, p])] : s.filter((x) => x !== p)));

  const create = async (e: Event) => {
    e.preventDefault();
    const key = await form.run(() => api<CreatedKey>("/api/v1/api-keys", { method: "POST", body: { name, scopes } }));
    if (key) {
      setCreated(key);
      setName("");
      void res.reload();
    }
  };

  const revocation = useSubmit({ toast: true });
  const revoke = async (k: ApiKey) => {
    if (!confirm(t("apiKeys.revokeConfirm", { name: k.name }))) return;
    await revocation.run(async () => {
      await api(`/api/v1/api-keys/${k.id}`, { method: "DELETE" });
      notify(t("apiKeys.revoked"));
    });
    void res.reload();
  };

  const secret = created ? (created.key ?? created.secret ?? created.api_key ?? "") : "";

  return (
    <section class="page" data-testid="api-keys-page">
      <header class="page-header">
        <div>
          <h1>{t("apiKeys.title")}</h1>
          <p>
            {t("apiKeys.introBefore")}
            <a href="/docs">{t("apiKeys.reference")}</a>
            {t("apiKeys.introAfter")} <code>{"Authorization: Bearer …"}</code>
          </p>
        </div>
      </header>

      {created && (
        <div class="secret" data-testid="api-key-created">
          <h2>{t("apiKeys.copyNow")}</h2>
          <p class="small">{t("apiKeys.onlyOnce")}</p>
          <CopyBox value={secret} testid="api-key-secret" />
          <div class="form-actions">
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setCreated(null)}>
              {t("apiKeys.done")}
            </button>
          </div>
        </div>
      )}

      <form class="card form" onSubmit={create} noValidate data-testid="api-key-form">
        <h2>{t("apiKeys.create")}</h2>
        <FormError message={form.error} />
        <TextField label={t("apiKeys.name")} name="api_key_name" value={name} onValue={setName} error={form.fields.name} placeholder={t("apiKeys.namePlaceholder")} />
        <div class="field">
          <span class="field-label">{t("apiKeys.scopes")}</span>
          <div class="scopes">
            {available.map((p) => (
              <label class="check" key={p}>
                <input type="checkbox" checked={scopes.includes(p)} data-testid={`scope-${p}`} onChange={(e) => toggle(p, (e.currentTarget as HTMLInputElement).checked)} />
                <code>{p}</code>
              </label>
            ))}
          </div>
          {form.fields.scopes && <div class="field-error">{form.fields.scopes}</div>}
        </div>
        <div class="form-actions">
          <button type="submit" class="btn btn-primary" disabled={form.busy || !name || scopes.length === 0} data-testid="api-key-create">
            {t("apiKeys.createButton")}
          </button>
        </div>
      </form>

      <div class="table-wrap">
        <table class="table" data-testid="api-keys-table">
          <thead>
            <tr>
              <th>{t("apiKeys.name")}</th>
              <th>{t("apiKeys.colKey")}</th>
              <th>{t("apiKeys.scopes")}</th>
              <th>{t("apiKeys.colLastUsed")}</th>
              <th>{t("apiKeys.colCreated")}</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {keys.map((k) => (
              <tr key={k.id} data-testid={`api-key-${k.name}`}>
                <td>{k.name}</td>
                <td>
                  <code>{k.prefix ?? k.key_prefix ?? "mc_live_"}…</code>
                </td>
                <td class="small">{k.scopes.join(", ")}</td>
                <td class="muted">{timeAgo(k.last_used_at)}</td>
                <td class="muted">{formatDateTime(k.created_at)}</td>
                <td style={{ textAlign: "right" }}>
                  {k.revoked_at ? (
                    <span class="badge badge-danger">{t("apiKeys.revokedBadge")}</span>
                  ) : (
                    <button type="button" class="btn btn-ghost btn-sm" onClick={() => void revoke(k)} data-testid={`revoke-key-${k.name}`}>
                      {t("apiKeys.revoke")}
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {keys.length === 0 && !res.loading && (
              <tr>
                <td colSpan={6} class="muted">
                  {t("apiKeys.none")}
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
