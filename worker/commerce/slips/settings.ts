import { z } from "@hono/zod-openapi";
import { checkUrl } from "../../lib/safe-fetch";
import { normaliseBaseUrl } from "../../ai/providers/endpoint";
import { SLIP_PROVIDERS } from "../../db/schema";
import { badRequest } from "../../lib/errors";
import { nowIso } from "../../lib/ids";
import { decryptSecret, encryptSecret, maskSecret } from "../../lib/secrets";
import { DEFAULT_SLIP_BASE_URLS, type SlipProviderConfig } from "./provider";

/** `slip_verification` in the payment settings: the provider, its key (stored encrypted) and an optional base URL. */
export const SlipVerificationInput = z
  .object({
    provider: z.enum(SLIP_PROVIDERS),
    api_key: z.string().trim().min(8).max(200),
    base_url: z.string().url().max(500).optional(),
    branch_id: z.string().trim().regex(/^[A-Za-z0-9_-]{1,40}$/).optional(),
  })
  .nullable()
  .optional();
export type SlipVerificationInputShape = z.infer<typeof SlipVerificationInput>;

export const SlipVerificationView = z
  .object({ provider: z.enum(SLIP_PROVIDERS), base_url: z.string(), branch_id: z.string().nullable(), api_key_hint: z.string() })
  .nullable();

const aad = (workspaceId: string) => `slip-provider:${workspaceId}`;

interface Row {
  provider: SlipProviderConfig["provider"];
  base_url: string;
  api_key_enc: string;
  branch_id: string | null;
}

const load = (env: Env, workspaceId: string) =>
  env.DB.prepare(`select provider, base_url, api_key_enc, branch_id from slip_verification_settings where workspace_id = ?1`).bind(workspaceId).first<Row>();

/** The workspace's provider with its decrypted key, or null when slips go to agents. */
export async function slipProviderConfig(env: Env, workspaceId: string): Promise<SlipProviderConfig | null> {
  const row = await load(env, workspaceId);
  if (!row) return null;
  const apiKey = await decryptSecret(env, row.api_key_enc, aad(workspaceId)).catch(() => null);
  return apiKey ? { provider: row.provider, baseUrl: row.base_url, apiKey, branchId: row.branch_id } : null;
}

/** What the payment settings show: provider, URL, a hint of the key (never the key). */
export async function slipVerificationView(env: Env, workspaceId: string): Promise<z.infer<typeof SlipVerificationView>> {
  const cfg = await slipProviderConfig(env, workspaceId);
  return cfg ? { provider: cfg.provider, base_url: cfg.baseUrl, branch_id: cfg.branchId, api_key_hint: maskSecret(cfg.apiKey) } : null;
}

/** Saves (or with null removes) the provider; the base URL must be a public http(s) address. */
export async function saveSlipVerification(env: Env, workspaceId: string, input: SlipVerificationInputShape): Promise<void> {
  if (input === undefined) return;
  if (input === null) {
    await env.DB.prepare(`delete from slip_verification_settings where workspace_id = ?1`).bind(workspaceId).run();
    return;
  }
  if (input.provider === "slipok" && !input.branch_id) throw badRequest("VALIDATION_ERROR", "SlipOK needs its branch_id");
  const base = normaliseBaseUrl(input.base_url ?? DEFAULT_SLIP_BASE_URLS[input.provider]);
  const check = await checkUrl(base, { skipDns: true });
  if (!check.ok || !base.startsWith("https://")) throw badRequest("INVALID_BASE_URL", check.ok ? "The provider URL must use https" : check.message);
  await env.DB.prepare(
    `insert into slip_verification_settings (workspace_id, provider, base_url, api_key_enc, branch_id, updated_at) values (?1, ?2, ?3, ?4, ?5, ?6)
     on conflict (workspace_id) do update set provider = excluded.provider, base_url = excluded.base_url, api_key_enc = excluded.api_key_enc,
       branch_id = excluded.branch_id, updated_at = excluded.updated_at`,
  )
    .bind(workspaceId, input.provider, base, await encryptSecret(env, input.api_key, aad(workspaceId)), input.branch_id ?? null, nowIso())
    .run();
}
