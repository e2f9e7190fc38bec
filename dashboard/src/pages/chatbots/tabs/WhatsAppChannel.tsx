import { useState } from "preact/hooks";
import { TextField } from "../../../components/Form";
import { useToast } from "../../../components/Toasts";
import { useI18n } from "../../../i18n";
import { api, errorMessage } from "../../../lib/api";
import { useResource } from "../../../lib/useResource";

/** The connect form's WhatsApp fields (Meta's names for them stay in English in both languages). */
export function WhatsAppFields({ field }: { field: (key: string) => { value: string; onValue: (v: string) => void } }) {
  const { t } = useI18n();
  return (
    <>
      <TextField label={t("whatsapp.phoneNumberId")} name="phone_number_id" inputMode="numeric" autoComplete="off" {...field("phone_number_id")} />
      <TextField label={t("whatsapp.wabaId")} name="waba_id" inputMode="numeric" autoComplete="off" {...field("waba_id")} />
      <TextField label={t("whatsapp.accessToken")} name="access_token" type="password" autoComplete="off" {...field("access_token")} />
      <TextField label={t("whatsapp.appSecret")} name="app_secret" type="password" autoComplete="off" {...field("app_secret")} />
    </>
  );
}

export const whatsappConfig = (f: Record<string, string>) => ({ phone_number_id: f.phone_number_id ?? "", waba_id: f.waba_id ?? "", access_token: f.access_token ?? "", app_secret: f.app_secret ?? "" });

/** The channel's approved templates (count) and the "Sync templates" action. */
export function WhatsAppTemplates({ channelId }: { channelId: string }) {
  const { t } = useI18n();
  const notify = useToast();
  const res = useResource<{ data: unknown[] }>(`/api/v1/channels/${encodeURIComponent(channelId)}/templates`);
  const [busy, setBusy] = useState(false);
  const sync = async () => {
    setBusy(true);
    try {
      await api(`/api/v1/channels/${encodeURIComponent(channelId)}/templates/sync`, { method: "POST" });
      notify(t("whatsapp.synced"));
      void res.reload();
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(false);
    }
  };
  return (
    <div class="row small" data-testid="whatsapp-templates">
      <span class="muted">{t("whatsapp.templates", { count: res.data?.data.length ?? 0 })}</span>
      <button type="button" class="btn btn-ghost btn-sm" data-testid="whatsapp-sync-templates" disabled={busy} onClick={() => void sync()}>
        {busy ? t("whatsapp.syncing") : t("whatsapp.syncTemplates")}
      </button>
    </div>
  );
}
