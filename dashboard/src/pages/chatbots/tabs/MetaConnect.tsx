import { CopyBox } from "../../../components/CopyBox";
import { TextField } from "../../../components/Form";
import { useI18n } from "../../../i18n";

/** Messenger and Instagram connect with a Page access token and the Meta app's secret. */
export const isMetaType = (type: string): type is "messenger" | "instagram" => type === "messenger" || type === "instagram";

export const metaConfig = (fields: Record<string, string>) => ({ page_access_token: fields.page_access_token ?? "", app_secret: fields.app_secret ?? "" });

type FieldProps = (key: string) => { value: string; onValue: (v: string) => void };

/** The connect form's steps and fields for Messenger / Instagram. */
export function MetaFields({ type, field }: { type: "messenger" | "instagram"; field: FieldProps }) {
  const { t } = useI18n();
  return (
    <>
      <p class="small muted">{t(type === "instagram" ? "messenger.instagramSteps" : "messenger.steps")}</p>
      <TextField label={t("messenger.pageToken")} name="page_access_token" type="password" autoComplete="off" {...field("page_access_token")} />
      <TextField label={t("messenger.appSecret")} name="app_secret" type="password" autoComplete="off" {...field("app_secret")} />
    </>
  );
}

/** The webhook's verify token, from the connect answer: shown once, like a secret. */
export function VerifyTokenOnce({ token, type }: { token: string; type: string }) {
  const { t } = useI18n();
  return (
    <div class="alert alert-warning" data-testid="channel-verify-token">
      <div class="small">{t("messenger.verifyToken")}</div>
      <CopyBox value={token} testid="channel-verify-token-value" />
      <p class="small">{t(type === "whatsapp" ? "whatsapp.verifyTokenOnce" : "messenger.verifyTokenOnce")}</p>
    </div>
  );
}
