import { eq } from "drizzle-orm";
import { getDb } from "../db/client";
import { commerceSettings, type CommerceSettings } from "../db/schema";
import { nowIso } from "../lib/ids";

/** What a workspace that never saved its settings sells with. */
export function defaultSettings(workspaceId: string): CommerceSettings {
  const now = nowIso();
  return {
    workspaceId,
    currency: "THB",
    taxInclusive: true,
    paymentWindowMinutes: 30,
    promptpayIdType: null,
    promptpayId: null,
    promptpayName: null,
    bankTransferEnabled: false,
    bankTransferInstructions: null,
    codEnabled: false,
    stripeSecretKeyEnc: null,
    stripeWebhookSecretEnc: null,
    createdAt: now,
    updatedAt: now,
  };
}

/** The workspace's store and payment settings (defaults when none are saved). */
export async function loadSettings(env: Pick<Env, "DB">, workspaceId: string): Promise<CommerceSettings> {
  const row = await getDb(env).select().from(commerceSettings).where(eq(commerceSettings.workspaceId, workspaceId)).get();
  return row ?? defaultSettings(workspaceId);
}

/** Writes the whole settings row (insert or replace by workspace). */
export async function saveSettings(env: Pick<Env, "DB">, next: CommerceSettings): Promise<void> {
  const { workspaceId: _ws, createdAt: _c, ...changes } = next;
  await getDb(env)
    .insert(commerceSettings)
    .values(next)
    .onConflictDoUpdate({ target: commerceSettings.workspaceId, set: { ...changes, updatedAt: nowIso() } });
}
