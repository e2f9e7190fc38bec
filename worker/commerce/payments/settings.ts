import { z } from "@hono/zod-openapi";
import type { CommerceSettings } from "../../db/schema";
import { PROMPTPAY_ID_TYPES } from "../../db/schema";
import { badRequest } from "../../lib/errors";
import { decryptSecret, encryptSecret, maskSecret } from "../../lib/secrets";
import type { Call } from "../../lib/service";
import { loadSettings, saveSettings } from "../settings";
import { SlipVerificationInput, SlipVerificationView, saveSlipVerification, slipVerificationView } from "../slips/settings";
import { normalizePromptPayId } from "./promptpay";

export const PutPaymentSettingsBody = z
  .object({
    promptpay: z
      .object({ id_type: z.enum(PROMPTPAY_ID_TYPES), id: z.string().trim().min(1).max(40), name: z.string().trim().max(100).optional() })
      .nullable()
      .optional(),
    payment_window_minutes: z.number().int().min(5).max(7 * 24 * 60).optional(),
    currency: z.string().regex(/^[A-Z]{3}$/, "An ISO 4217 code such as THB").optional(),
    tax_inclusive: z.boolean().optional(),
    bank_transfer: z.object({ enabled: z.boolean(), instructions: z.string().max(2000).nullable().optional() }).optional(),
    cod: z.object({ enabled: z.boolean() }).optional(),
    stripe: z
      .object({ secret_key: z.string().regex(/^(sk|rk)_(test|live)_[A-Za-z0-9]+$/, "A Stripe secret key (sk_…)"), webhook_secret: z.string().regex(/^whsec_[A-Za-z0-9]+$/, "A Stripe signing secret (whsec_…)") })
      .nullable()
      .optional(),
    /** a slip-verification provider (SlipOK / EasySlip style); null removes it and slips go to agents */
    slip_verification: SlipVerificationInput,
  })
  .openapi("PutPaymentSettings");
export type PutPaymentSettingsInput = z.infer<typeof PutPaymentSettingsBody>;

export const PaymentSettingsResponse = z
  .object({
    currency: z.string(),
    tax_inclusive: z.boolean(),
    payment_window_minutes: z.number().int(),
    promptpay: z.object({ id_type: z.enum(PROMPTPAY_ID_TYPES), id: z.string(), name: z.string().nullable() }).nullable(),
    bank_transfer: z.object({ enabled: z.boolean(), instructions: z.string().nullable() }),
    cod: z.object({ enabled: z.boolean() }),
    stripe: z.object({ configured: z.boolean(), secret_key_hint: z.string().nullable() }),
    methods: z.array(z.string()),
    slip_verification: SlipVerificationView,
  })
  .openapi("PaymentSettings");

/** The payment methods a visitor can choose at checkout. */
export function enabledMethods(s: CommerceSettings): string[] {
  const out: string[] = [];
  if (s.promptpayId) out.push("promptpay");
  if (s.bankTransferEnabled) out.push("bank_transfer");
  if (s.codEnabled) out.push("cod");
  if (s.stripeSecretKeyEnc) out.push("stripe");
  return out;
}

async function serialize(env: Env, s: CommerceSettings) {
  let hint: string | null = null;
  if (s.stripeSecretKeyEnc) hint = maskSecret(await decryptSecret(env, s.stripeSecretKeyEnc).catch(() => ""));
  return {
    currency: s.currency,
    tax_inclusive: s.taxInclusive,
    payment_window_minutes: s.paymentWindowMinutes,
    promptpay: s.promptpayIdType && s.promptpayId ? { id_type: s.promptpayIdType, id: s.promptpayId, name: s.promptpayName } : null,
    bank_transfer: { enabled: s.bankTransferEnabled, instructions: s.bankTransferInstructions },
    cod: { enabled: s.codEnabled },
    stripe: { configured: Boolean(s.stripeSecretKeyEnc), secret_key_hint: hint },
    methods: enabledMethods(s),
    slip_verification: await slipVerificationView(env, s.workspaceId),
  };
}

export async function getPaymentSettings({ ctx }: Call<void>) {
  return serialize(ctx.env, await loadSettings(ctx.env, ctx.auth.workspaceId));
}

/** Saves the fields present in the body; `promptpay: null` / `stripe: null` remove them. Secrets are stored encrypted. */
export async function putPaymentSettings({ ctx, input }: Call<PutPaymentSettingsInput>) {
  const { env, auth } = ctx;
  const s = { ...(await loadSettings(env, auth.workspaceId)) };
  if (input.promptpay === null) {
    s.promptpayIdType = null;
    s.promptpayId = null;
    s.promptpayName = null;
  } else if (input.promptpay) {
    const id = normalizePromptPayId(input.promptpay.id_type, input.promptpay.id);
    if (!id) {
      const want = { phone: "a Thai mobile number such as 0812345678", national_id: "13 digits", ewallet: "15 digits" }[input.promptpay.id_type];
      throw badRequest("INVALID_PROMPTPAY_ID", `A PromptPay ${input.promptpay.id_type} is ${want}`);
    }
    s.promptpayIdType = input.promptpay.id_type;
    s.promptpayId = id;
    s.promptpayName = input.promptpay.name ?? null;
  }
  if (input.payment_window_minutes !== undefined) s.paymentWindowMinutes = input.payment_window_minutes;
  if (input.currency !== undefined) s.currency = input.currency;
  if (input.tax_inclusive !== undefined) s.taxInclusive = input.tax_inclusive;
  if (input.bank_transfer) {
    s.bankTransferEnabled = input.bank_transfer.enabled;
    if (input.bank_transfer.instructions !== undefined) s.bankTransferInstructions = input.bank_transfer.instructions;
  }
  if (input.cod) s.codEnabled = input.cod.enabled;
  if (input.stripe === null) {
    s.stripeSecretKeyEnc = null;
    s.stripeWebhookSecretEnc = null;
  } else if (input.stripe) {
    s.stripeSecretKeyEnc = await encryptSecret(env, input.stripe.secret_key);
    s.stripeWebhookSecretEnc = await encryptSecret(env, input.stripe.webhook_secret);
  }
  await saveSlipVerification(env, auth.workspaceId, input.slip_verification);
  await saveSettings(env, s);
  return serialize(env, s);
}
