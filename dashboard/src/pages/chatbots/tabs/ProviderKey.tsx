import { useState } from "preact/hooks";
import { useToast } from "../../../components/Toasts";
import { api, errorMessage } from "../../../lib/api";
import { useAuth } from "../../../lib/auth";
import { formatDateTime } from "../../../lib/format";
import { useResource } from "../../../lib/useResource";

interface Status {
  provider: string;
  configured: boolean;
  base_url: string | null;
  updated_at: string | null;
}

const LABEL: Record<string, string> = { openai_compatible: "OpenAI-compatible", anthropic: "Anthropic" };

/** The workspace's write-only API key for an external AI provider. */
export function ProviderKey({ provider }: { provider: "openai_compatible" | "anthropic" }) {
  const { can } = useAuth();
  const manage = can("settings:manage");
  const notify = useToast();
  const res = useResource<Status>(manage ? `/api/v1/ai/providers/${provider}` : null);
  const [key, setKey] = useState("");
  const [busy, setBusy] = useState(false);

  if (!manage) return <p class="hint">The workspace's {LABEL[provider]} API key is managed by owners and admins.</p>;

  const save = async () => {
    setBusy(true);
    try {
      res.setData(await api<Status>(`/api/v1/ai/providers/${provider}`, { method: "PUT", body: { api_key: key } }));
      setKey("");
      notify(`${LABEL[provider]} key saved`);
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="fieldset" data-testid={`provider-key-${provider}`}>
      <div class="row">
        <span class="field-label">{LABEL[provider]} API key for this workspace</span>
        <span class={`badge ${res.data?.configured ? "badge-success" : "badge-danger"}`}>
          {res.data?.configured ? `set ${formatDateTime(res.data.updated_at)}` : "not set"}
        </span>
      </div>
      <div class="row">
        <input
          class="input"
          style={{ flex: 1, minWidth: "200px" }}
          type="password"
          autoComplete="off"
          placeholder={res.data?.configured ? "Enter a new key to replace it" : "Paste the API key"}
          value={key}
          onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="button" class="btn" disabled={busy || key.trim().length < 8} onClick={() => void save()}>
          Save key
        </button>
      </div>
      <p class="hint">Stored encrypted and never shown again. Shared by every chatbot in the workspace.</p>
    </div>
  );
}
