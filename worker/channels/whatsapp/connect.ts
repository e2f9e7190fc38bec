import { provider, type VerifyCheck } from "../connect";
import { approvedTemplates, graphCall, phoneNumberInfo, type GraphTemplate } from "./api";

/**
 * Connecting WhatsApp: the access token must open the phone number and the
 * WhatsApp Business Account (its approved templates are read at the same
 * time and stored once the channel exists). A verify token is generated for
 * Meta's subscription handshake; it is shown once, with the webhook URL.
 */
export async function prepareWhatsApp(env: Env, config: Record<string, string>, verifyToken: string): Promise<{ secrets: Record<string, string>; name: string | null; templates: GraphTemplate[] }> {
  const phone = await provider("WhatsApp", () => phoneNumberInfo(env, config.access_token!, config.phone_number_id!));
  const templates = await provider("WhatsApp", () => approvedTemplates(env, config.access_token!, config.waba_id!));
  const name = [phone.verified_name, phone.display_phone_number].filter(Boolean).join(" · ") || null;
  return { secrets: { ...config, verify_token: verifyToken }, name, templates };
}

/** The verify step: the token still opens the number, and an app is subscribed to the WABA's webhooks. */
export async function verifyWhatsApp(env: Env, secrets: Record<string, string>, attempt: (key: VerifyCheck["key"], fn: () => Promise<string | null>) => Promise<void>): Promise<void> {
  await attempt("credentials", async () => {
    const p = await phoneNumberInfo(env, secrets.access_token!, secrets.phone_number_id!);
    return [p.verified_name, p.display_phone_number].filter(Boolean).join(" · ") || null;
  });
  await attempt("webhook", async () => {
    const apps = await graphCall<{ data?: { whatsapp_business_api_data?: { name?: string } }[] }>(env, secrets.access_token!, "subscribed apps", `/${encodeURIComponent(secrets.waba_id!)}/subscribed_apps`);
    if (!apps.data?.length) throw new Error("No app is subscribed to this WhatsApp Business Account's webhooks yet");
    return apps.data.map((a) => a.whatsapp_business_api_data?.name).filter(Boolean).join(", ") || null;
  });
}
