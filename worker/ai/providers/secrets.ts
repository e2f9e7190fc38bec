import { recordAudit } from "../../audit/record";
import { checkUrl } from "../../lib/safe-fetch";
import { badRequest, forbidden, notFound } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import { decryptSecret, encryptSecret, isBoundSecret } from "../../lib/secrets";
import type { Call } from "../../lib/service";
import { defaultBaseUrl, normaliseBaseUrl } from "./endpoint";

/**
 * Workspace AI provider settings: the API key and the endpoint (base URL) it
 * may be sent to, managed by owners and admins only. Key and endpoint are
 * sealed together (AES-GCM, associated data = workspace + provider), so the
 * key is only ever used with the endpoint it was saved with, and a sealed
 * value copied to another workspace or provider does not open. Private-network
 * endpoints (a self-hosted Ollama on a LAN) need an owner's explicit allowance.
 */
export const SECRET_PROVIDERS = ["openai_compatible", "anthropic"] as const;
export type SecretProvider = (typeof SECRET_PROVIDERS)[number];

export interface ProviderStatus {
  provider: SecretProvider;
  configured: boolean;
  base_url: string | null;
  allow_private_network: boolean;
  updated_at: string | null;
}

/** What a provider call uses: the key (if any), the endpoint it is bound to, and whether private addresses are allowed. */
export interface ProviderBinding {
  apiKey: string | null;
  baseUrl: string;
  /** the endpoint was chosen by an owner/admin (not the provider's default) */
  explicitBaseUrl: boolean;
  allowPrivateNetwork: boolean;
}

interface Row {
  encrypted_key: string | null;
  base_url: string | null;
  allow_private_network: number;
  updated_at: string;
}

interface Sealed {
  key: string | null;
  base_url: string;
}

const aad = (workspaceId: string, provider: SecretProvider) => `ai_secrets:${workspaceId}:${provider}`;

async function seal(env: Env, workspaceId: string, provider: SecretProvider, value: Sealed): Promise<string> {
  return encryptSecret(env, JSON.stringify(value), aad(workspaceId, provider));
}

async function readRow(env: Env, workspaceId: string, provider: SecretProvider): Promise<Row | null> {
  return env.DB.prepare(`select encrypted_key, base_url, allow_private_network, updated_at from ai_secrets where workspace_id = ?1 and provider = ?2`)
    .bind(workspaceId, provider)
    .first<Row>();
}

/** Opens a stored row; throws when the sealed value belongs to another workspace/provider or was tampered with. */
async function open(env: Env, workspaceId: string, provider: SecretProvider, row: Row): Promise<ProviderBinding> {
  const allowPrivateNetwork = row.allow_private_network === 1;
  if (!row.encrypted_key) {
    return { apiKey: null, baseUrl: row.base_url ?? defaultBaseUrl(provider), explicitBaseUrl: !!row.base_url, allowPrivateNetwork };
  }
  if (isBoundSecret(row.encrypted_key)) {
    const sealed = JSON.parse(await decryptSecret(env, row.encrypted_key, aad(workspaceId, provider))) as Sealed;
    return { apiKey: sealed.key, baseUrl: sealed.base_url, explicitBaseUrl: sealed.base_url !== defaultBaseUrl(provider), allowPrivateNetwork };
  }
  // a key stored before keys were bound to their endpoint: bind it to the endpoint an admin stored beside it, once
  const apiKey = await decryptSecret(env, row.encrypted_key);
  const baseUrl = row.base_url ? normaliseBaseUrl(row.base_url) : defaultBaseUrl(provider);
  await env.DB.prepare(`update ai_secrets set encrypted_key = ?1 where workspace_id = ?2 and provider = ?3 and encrypted_key = ?4`)
    .bind(await seal(env, workspaceId, provider, { key: apiKey, base_url: baseUrl }), workspaceId, provider, row.encrypted_key)
    .run();
  return { apiKey, baseUrl, explicitBaseUrl: !!row.base_url, allowPrivateNetwork };
}

const status = (provider: SecretProvider, row: Row | null, configured: boolean): ProviderStatus => ({
  provider,
  configured,
  base_url: row?.base_url ?? null,
  allow_private_network: row?.allow_private_network === 1,
  updated_at: row?.updated_at ?? null,
});

export interface PutProviderInput {
  api_key?: string | undefined;
  /** null = the provider's default endpoint; undefined = keep */
  base_url?: string | null | undefined;
  /** owner only */
  allow_private_network?: boolean | undefined;
}

/**
 * Saves the key and/or endpoint. Changing the endpoint of a stored key needs
 * the key again (a key is never redirected to a new host without it); the
 * endpoint must pass the SSRF guard unless an owner allowed private networks.
 * Each change is audited.
 */
export async function putProviderSecret({ ctx, input: { provider, ...input } }: Call<PutProviderInput & { provider: SecretProvider }>): Promise<ProviderStatus> {
  const { env, auth } = ctx;
  const row = await readRow(env, auth.workspaceId, provider);
  let current: ProviderBinding | null = null;
  if (row) {
    try {
      current = await open(env, auth.workspaceId, provider, row);
    } catch {
      current = null; // unreadable: treated as no stored key; a new key replaces it
    }
  }
  const allowBefore = row?.allow_private_network === 1;
  const allow = input.allow_private_network ?? allowBefore;
  if (allow !== allowBefore && (auth.role !== "owner" || auth.apiKeyId)) {
    throw forbidden("Only an owner, signed in, can allow or disallow a provider endpoint on a private network", "OWNER_REQUIRED");
  }

  const displayBefore = row?.base_url ?? null;
  const display = input.base_url === undefined ? displayBefore : input.base_url === null ? null : normaliseBaseUrl(input.base_url);
  const effective = display ?? defaultBaseUrl(provider);
  const effectiveBefore = current?.baseUrl ?? displayBefore ?? defaultBaseUrl(provider);
  const endpointChanged = effective !== effectiveBefore;
  if (endpointChanged && current?.apiKey && !input.api_key) {
    throw badRequest("API_KEY_REQUIRED", "Changing the endpoint needs the API key again: a key is only ever sent to the endpoint it was saved with");
  }
  if (effective !== defaultBaseUrl(provider)) {
    // the URL itself now; what its name resolves to is checked on every call
    const check = await checkUrl(effective, { allowPrivateNetwork: allow, skipDns: true });
    if (!check.ok) {
      throw badRequest("BLOCKED_ENDPOINT", `${check.message}. Private-network endpoints need an owner to allow them for this provider.`);
    }
  }

  const apiKey = input.api_key ?? current?.apiKey ?? null;
  const now = nowIso();
  const sealed = await seal(env, auth.workspaceId, provider, { key: apiKey, base_url: effective });
  await env.DB.prepare(
    `insert into ai_secrets (workspace_id, provider, encrypted_key, base_url, allow_private_network, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6, ?6)
     on conflict (workspace_id, provider) do update set encrypted_key = excluded.encrypted_key, base_url = excluded.base_url,
       allow_private_network = excluded.allow_private_network, updated_at = excluded.updated_at`,
  )
    .bind(auth.workspaceId, provider, sealed, display, allow ? 1 : 0, now)
    .run();

  const target = ctx;
  if (input.api_key) {
    await recordAudit(target, auth, { action: "ai_provider.key_saved", resource_type: "ai_provider", resource_id: provider, changes: { after: { base_url: effective } } });
  }
  if (endpointChanged || display !== displayBefore) {
    await recordAudit(target, auth, { action: "ai_provider.base_url_changed", resource_type: "ai_provider", resource_id: provider, changes: { before: { base_url: effectiveBefore }, after: { base_url: effective } } });
  }
  if (allow !== allowBefore) {
    await recordAudit(target, auth, {
      action: allow ? "ai_provider.private_network_allowed" : "ai_provider.private_network_disallowed",
      resource_type: "ai_provider",
      resource_id: provider,
      changes: { before: { allow_private_network: allowBefore }, after: { allow_private_network: allow, base_url: effective } },
    });
  }
  return getProviderStatus(env, auth.workspaceId, provider);
}

export async function getProviderStatus(env: Env, workspaceId: string, provider: SecretProvider): Promise<ProviderStatus> {
  const row = await readRow(env, workspaceId, provider);
  if (!row?.encrypted_key) return status(provider, row, false);
  try {
    return status(provider, row, !!(await open(env, workspaceId, provider, row)).apiKey);
  } catch {
    return status(provider, row, false);
  }
}

export async function deleteProviderSecret({ ctx, input: { provider } }: Call<{ provider: SecretProvider }>): Promise<void> {
  const res = await ctx.env.DB.prepare(`delete from ai_secrets where workspace_id = ?1 and provider = ?2`).bind(ctx.auth.workspaceId, provider).run();
  if (!(res.meta.changes ?? 0)) throw notFound("Provider key");
  await recordAudit(ctx, ctx.auth, { action: "ai_provider.key_deleted", resource_type: "ai_provider", resource_id: provider });
}

/**
 * The key and the endpoint it is bound to, for calling the provider; null
 * when nothing is stored. Throws when the stored value does not open for this
 * workspace and provider.
 */
export async function readProviderSecret(env: Env, workspaceId: string, provider: SecretProvider): Promise<ProviderBinding | null> {
  const row = await readRow(env, workspaceId, provider);
  return row ? open(env, workspaceId, provider, row) : null;
}
