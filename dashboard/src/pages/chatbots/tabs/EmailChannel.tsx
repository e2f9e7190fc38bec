import { CopyBox } from "../../../components/CopyBox";
import { TextField } from "../../../components/Form";
import { useI18n } from "../../../i18n";

/** What an email connection shows besides the common fields. */
export interface EmailChannelInfo {
  inbound_address: string | null;
  support_address: string;
  from_name: string | null;
  from: string;
}

/** The connect form's email fields: the support address, the sender name, the optional Resend key. */
export function EmailFields({ field }: { field: (key: string) => { value: string; onValue: (v: string) => void } }) {
  const { t } = useI18n();
  return (
    <>
      <TextField label={t("emailChannel.supportAddress")} name="support_address" type="email" autoComplete="off" placeholder="support@yourshop.com" {...field("support_address")} />
      <TextField label={t("emailChannel.fromName")} name="from_name" autoComplete="off" {...field("from_name")} />
      <TextField label={t("emailChannel.resendKey")} name="resend_api_key" type="password" autoComplete="off" hint={t("emailChannel.resendKeyHint")} {...field("resend_api_key")} />
    </>
  );
}

export function emailConfig(f: Record<string, string>) {
  const trimmed = (k: string) => (f[k] ?? "").trim();
  return {
    support_address: trimmed("support_address"),
    ...(trimmed("from_name") ? { from_name: trimmed("from_name") } : {}),
    ...(trimmed("resend_api_key") ? { resend_api_key: trimmed("resend_api_key") } : {}),
  };
}

/** On the channel's card: the address to forward the support mailbox to (with copy) and who replies come from. */
export function EmailForwarding({ email }: { email: EmailChannelInfo }) {
  const { t } = useI18n();
  return (
    <div data-testid="email-channel-info">
      <div class="small muted">{t("emailChannel.forwardTo", { address: email.support_address })}</div>
      {email.inbound_address ? <CopyBox value={email.inbound_address} testid="email-inbound-address" /> : <p class="alert alert-error">{t("emailChannel.noDomain")}</p>}
      <p class="small muted">{t("emailChannel.forwardSteps")}</p>
      <p class="small muted" data-testid="email-from">{t("emailChannel.repliesFrom", { from: email.from })}</p>
    </div>
  );
}
