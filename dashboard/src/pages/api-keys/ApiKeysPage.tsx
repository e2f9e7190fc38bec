import { useState } from "preact/hooks";
import { CopyBox } from "../../components/CopyBox";
import { FormError, TextField } from "../../components/Form";
import { useToast } from "../../components/Toasts";
import { api, errorMessage } from "../../lib/api";
import { PERMISSION_NAMES, roleCan, useAuth } from "../../lib/auth";
import type { Permission } from "../../lib/auth";
import { formatDateTime, timeAgo } from "../../lib/format";
import { useSubmit } from "../../lib/forms";
import { listOf, useResource } from "../../lib/useResource";

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
        <div class="empty-state">You do not have access to API keys.</div>
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

  const revoke = async (k: ApiKey) => {
    if (!confirm(`Revoke "${k.name}"? Scripts using it stop working immediately.`)) return;
    try {
      await api(`/api/v1/api-keys/${k.id}`, { method: "DELETE" });
      notify("Key revoked");
    } catch (err) {
      notify(errorMessage(err), "error");
    }
    void res.reload();
  };

  const secret = created ? (created.key ?? created.secret ?? created.api_key ?? "") : "";

  return (
    <section class="page" data-testid="api-keys-page">
      <header class="page-header">
        <div>
          <h1>API keys</h1>
          <p>
            Keys let your own scripts call the MiniChat API (<a href="/docs">API reference</a>). Send them as <code>Authorization: Bearer …</code>.
          </p>
        </div>
      </header>

      {created && (
        <div class="secret" data-testid="api-key-created">
          <h2>Copy your new key now</h2>
          <p class="small">This is the only time the full key is shown. Store it somewhere safe.</p>
          <CopyBox value={secret} testid="api-key-secret" />
          <div class="form-actions">
            <button type="button" class="btn btn-ghost btn-sm" onClick={() => setCreated(null)}>
              Done
            </button>
          </div>
        </div>
      )}

      <form class="card form" onSubmit={create} noValidate data-testid="api-key-form">
        <h2>Create a key</h2>
        <FormError message={form.error} />
        <TextField label="Name" name="api_key_name" value={name} onValue={setName} error={form.fields.name} placeholder="e.g. CRM sync" />
        <div class="field">
          <span class="field-label">Scopes</span>
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
            Create key
          </button>
        </div>
      </form>

      <div class="table-wrap">
        <table class="table" data-testid="api-keys-table">
          <thead>
            <tr>
              <th>Name</th>
              <th>Key</th>
              <th>Scopes</th>
              <th>Last used</th>
              <th>Created</th>
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
                    <span class="badge badge-danger">revoked</span>
                  ) : (
                    <button type="button" class="btn btn-ghost btn-sm" onClick={() => void revoke(k)} data-testid={`revoke-key-${k.name}`}>
                      Revoke
                    </button>
                  )}
                </td>
              </tr>
            ))}
            {keys.length === 0 && !res.loading && (
              <tr>
                <td colSpan={6} class="muted">
                  No API keys yet.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
    </section>
  );
}
