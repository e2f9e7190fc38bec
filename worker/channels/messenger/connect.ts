import { PermanentFailure } from "../../outbound/messages";
import { pageInfo, subscribeApp, subscribedApps, unsubscribeApp, type PageAuth } from "./api";

type MetaType = "messenger" | "instagram";
const authOf = (s: Record<string, string>): PageAuth => ({ page_access_token: s.page_access_token!, app_secret: s.app_secret! });

/**
 * Connecting Messenger or Instagram: the Page token and app secret are checked
 * against the Graph API (`/me` with the `appsecret_proof`: a wrong secret is
 * refused like a wrong token), the Page id — for Instagram the professional
 * account linked to the Page — is kept beside them, and a random verify token
 * is generated for the webhook's subscription handshake.
 */
export async function prepareMeta(env: Env, type: MetaType, config: Record<string, string>): Promise<{ secrets: Record<string, string>; name: string | null }> {
  const page = await pageInfo(env, authOf(config));
  const base = { page_access_token: config.page_access_token!, app_secret: config.app_secret!, page_id: page.id, verify_token: randomToken() };
  if (type === "messenger") return { secrets: base, name: page.name ?? null };
  const ig = page.instagram_business_account;
  if (!ig?.id) throw new PermanentFailure(`The Facebook Page ${page.name ?? page.id} has no Instagram professional account linked (Page settings → Linked accounts)`);
  return { secrets: { ...base, instagram_account_id: ig.id }, name: ig.username ? `@${ig.username}` : (page.name ?? null) };
}

/** After the row exists: the app is subscribed to the Page's messages and postbacks. */
export const activateMeta = (env: Env, secrets: Record<string, string>) => subscribeApp(env, authOf(secrets), secrets.page_id!).then(() => undefined);

/** On disconnect (best effort): the Page stops sending this app its messages. */
export const releaseMeta = (env: Env, secrets: Record<string, string>) => unsubscribeApp(env, authOf(secrets), secrets.page_id!).then(() => undefined);

/** The verify step's provider checks: the token and secret still accepted, the app subscribed to the Page's messages. */
export async function verifyMeta(env: Env, type: MetaType, secrets: Record<string, string>, attempt: (key: "credentials" | "webhook", fn: () => Promise<string | null>) => Promise<void>) {
  await attempt("credentials", async () => {
    const page = await pageInfo(env, authOf(secrets));
    if (type === "instagram" && page.instagram_business_account?.id !== secrets.instagram_account_id) throw new Error("The Page is no longer linked to the connected Instagram account");
    return type === "instagram" && page.instagram_business_account?.username ? `@${page.instagram_business_account.username}` : (page.name ?? page.id);
  });
  await attempt("webhook", async () => {
    const apps = (await subscribedApps(env, authOf(secrets), secrets.page_id!)).data ?? [];
    const app = apps.find((a) => a.subscribed_fields?.includes("messages"));
    if (!app) throw new Error("No app is subscribed to this Page's messages: connect again, or add the messages field under Webhooks in the app dashboard");
    return `${app.name ?? app.id ?? "app"}: ${app.subscribed_fields!.join(", ")}`;
  });
}

function randomToken(): string {
  return [...crypto.getRandomValues(new Uint8Array(24))].map((b) => b.toString(16).padStart(2, "0")).join("");
}
