import { useState } from "preact/hooks";
import { useToast } from "../../../components/Toasts";
import { api, type Schema } from "../../../lib/api";
import { useSubmit } from "../../../lib/forms";
import { useAuth } from "../../../lib/auth";
import { formatDateTime } from "../../../lib/format";
import { useResource } from "../../../lib/useResource";
import { useI18n } from "../../../i18n";

type Status = Schema<"AiProviderStatus">;

const LABEL: Record<string, string> = { openai_compatible: "OpenAI-compatible", anthropic: "Anthropic" }; // i18n-ignore: product names

/**
 * The workspace's write-only API key for an external AI provider and the
 * endpoint it is bound to (owners and admins); a private-network endpoint
 * (self-hosted) needs an owner's allowance.
 */
export function ProviderKey({ provider }: { provider: "openai_compatible" | "anthropic" }) {
  const { can, user } = useAuth();
  const manage = can("settings:manage");
  const owner = user?.role === "owner";
  const notify = useToast();
  const { t } = useI18n();
  const res = useResource<Status>(manage ? `/api/v1/ai/providers/${provider}` : null);
  const [key, setKey] = useState("");
  const [baseUrl, setBaseUrl] = useState<string | null>(null);
  const [allowPrivate, setAllowPrivate] = useState<boolean | null>(null);
  const { busy, run: act } = useSubmit({ toast: true });
  const endpoint = baseUrl ?? res.data?.base_url ?? "";
  const privateAllowed = allowPrivate ?? res.data?.allow_private_network ?? false;

  if (!manage) return <p class="hint">The workspace's {LABEL[provider]} API key is managed by owners and admins.</p>;

  const save = async () => {
    await act(async () => {
      const body: Record<string, unknown> = {};
      if (key.trim()) body.api_key = key.trim();
      if (baseUrl !== null) body.base_url = baseUrl.trim() === "" ? null : baseUrl.trim();
      if (allowPrivate !== null && owner) body.allow_private_network = allowPrivate;
      res.setData(await api(`/api/v1/ai/providers/${provider}`, { method: "PUT", body }));
      setKey("");
      setBaseUrl(null);
      setAllowPrivate(null);
      notify(t("providerKey.saved", { provider: LABEL[provider] }));
    });
  };

  return (
    <div class="fieldset" data-testid={`provider-key-${provider}`}>
      <div class="row">
        <span class="field-label">{t("providerKey.title", { provider: LABEL[provider] })}</span>
        <span class={`badge ${res.data?.configured ? "badge-success" : "badge-danger"}`}>
          {res.data?.configured ? t("providerKey.setAt", { date: formatDateTime(res.data.updated_at) }) : t("providerKey.notSet")}
        </span>
      </div>
      <div class="row">
        <input
          class="input"
          style={{ flex: 1, minWidth: "200px" }}
          type="password"
          autoComplete="off"
          placeholder={res.data?.configured ? t("providerKey.replace") : t("providerKey.paste")}
          aria-label={t("providerKey.title", { provider: LABEL[provider] })}
          value={key}
          onInput={(e) => setKey((e.currentTarget as HTMLInputElement).value)}
        />
        <button type="button" class="btn" disabled={busy || (key.trim().length < 8 && baseUrl === null && allowPrivate === null)} onClick={() => void save()}>
          {t("common.save")}
        </button>
      </div>
      <div class="row">
        <input
          class="input"
          style={{ flex: 1, minWidth: "200px" }}
          type="url"
          name={`provider-base-url-${provider}`}
          placeholder={t("providerKey.defaultSuffix", { url: provider === "anthropic" ? "https://api.anthropic.com/v1" : "https://api.openai.com/v1" })}
          aria-label={t("providerKey.endpoint")}
          value={endpoint}
          onInput={(e) => setBaseUrl((e.currentTarget as HTMLInputElement).value)}
        />
      </div>
      {owner && (
        <label class="row">
          <input type="checkbox" checked={privateAllowed} onChange={(e) => setAllowPrivate((e.currentTarget as HTMLInputElement).checked)} />
          <span>{t("providerKey.private")}</span>
        </label>
      )}
      <p class="hint">
        {t("providerKey.hint")}
      </p>
    </div>
  );
}
