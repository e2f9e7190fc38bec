import { decryptSecret, encryptSecret } from "../../lib/secrets";
import { nowIso } from "../../lib/ids";

/** Workspace AI provider keys, stored encrypted; the plaintext never leaves this module except to call the provider. */
export const SECRET_PROVIDERS = ["openai_compatible", "anthropic"] as const;
export type SecretProvider = (typeof SECRET_PROVIDERS)[number];

export interface ProviderStatus {
  provider: SecretProvider;
  configured: boolean;
  base_url: string | null;
  updated_at: string | null;
}

export async function putProviderSecret(env: Env, workspaceId: string, provider: SecretProvider, apiKey: string | null, baseUrl: string | null): Promise<ProviderStatus> {
  const now = nowIso();
  const encrypted = apiKey ? await encryptSecret(env, apiKey) : null;
  await env.DB.prepare(
    `insert into ai_secrets (workspace_id, provider, encrypted_key, base_url, created_at, updated_at) values (?1, ?2, ?3, ?4, ?5, ?5)
     on conflict (workspace_id, provider) do update set encrypted_key = coalesce(excluded.encrypted_key, ai_secrets.encrypted_key), base_url = excluded.base_url, updated_at = excluded.updated_at`,
  )
    .bind(workspaceId, provider, encrypted, baseUrl, now)
    .run();
  return getProviderStatus(env, workspaceId, provider);
}

export async function getProviderStatus(env: Env, workspaceId: string, provider: SecretProvider): Promise<ProviderStatus> {
  const row = await env.DB.prepare(`select encrypted_key, base_url, updated_at from ai_secrets where workspace_id = ?1 and provider = ?2`)
    .bind(workspaceId, provider)
    .first<{ encrypted_key: string | null; base_url: string | null; updated_at: string }>();
  return { provider, configured: !!row?.encrypted_key, base_url: row?.base_url ?? null, updated_at: row?.updated_at ?? null };
}

export async function deleteProviderSecret(env: Env, workspaceId: string, provider: SecretProvider): Promise<boolean> {
  const res = await env.DB.prepare(`delete from ai_secrets where workspace_id = ?1 and provider = ?2`).bind(workspaceId, provider).run();
  return (res.meta.changes ?? 0) > 0;
}

/** The decrypted key and base URL for calling a provider; null when none is stored. */
export async function readProviderSecret(env: Env, workspaceId: string, provider: SecretProvider): Promise<{ apiKey: string | null; baseUrl: string | null } | null> {
  const row = await env.DB.prepare(`select encrypted_key, base_url from ai_secrets where workspace_id = ?1 and provider = ?2`)
    .bind(workspaceId, provider)
    .first<{ encrypted_key: string | null; base_url: string | null }>();
  if (!row) return null;
  return { apiKey: row.encrypted_key ? await decryptSecret(env, row.encrypted_key) : null, baseUrl: row.base_url };
}
