import { useState } from "preact/hooks";
import { CopyBox } from "../../../components/CopyBox";
import { FormError, SelectField, TextField } from "../../../components/Form";
import { useToast } from "../../../components/Toasts";
import { useI18n, type MessageKey } from "../../../i18n";
import { api, errorMessage } from "../../../lib/api";
import { listOf, useResource } from "../../../lib/useResource";
import type { ChatbotResponse } from "../model";
import { MetaFields, VerifyTokenOnce, isMetaType, metaConfig } from "./MetaConnect";
import "./channels.css";
import { WhatsAppFields, WhatsAppTemplates, whatsappConfig } from "./WhatsAppChannel";
import { EmailFields, EmailForwarding, emailConfig, type EmailChannelInfo } from "./EmailChannel";

/** The channel types with an adapter the dashboard can connect (brand names are not translated). */
const CONNECTABLE = [
  { value: "line", label: "LINE" },
  { value: "telegram", label: "Telegram" }, // i18n-ignore
  { value: "messenger", label: "Messenger" }, // i18n-ignore
  { value: "instagram", label: "Instagram" }, // i18n-ignore
  { value: "whatsapp", label: "WhatsApp" }, // i18n-ignore
  { value: "email", label: "Email" }, // i18n-ignore (shown through t("emailChannel.label"))
] as const;
type ConnectableType = (typeof CONNECTABLE)[number]["value"];
/** what a BotFather token looks like */
const TOKEN_EXAMPLE = "123456789:AA…"; // i18n-ignore

interface Channel {
  id: string;
  type: string;
  name: string | null;
  webhook_url: string;
  last_event_at: string | null;
  /** Messenger, Instagram, WhatsApp: only in the connect answer */
  verify_token?: string;
  /** email: the address to forward the support mailbox to, who replies come from */
  email?: EmailChannelInfo;
}

interface Verification {
  ok: boolean;
  checks: { key: "credentials" | "webhook" | "events"; ok: boolean; detail: string | null }[];
}

const CHECK_LABEL: Record<Verification["checks"][number]["key"], MessageKey> = {
  credentials: "channels.check.credentials",
  webhook: "channels.check.webhook",
  events: "channels.check.events",
};

/** Chatbot settings → Channels: connect LINE/Telegram, the webhook URL to paste, a verify step, disconnect. */
export function ChannelsTab({ bot, canManage }: { bot: ChatbotResponse; canManage: boolean }) {
  const { t } = useI18n();
  const res = useResource<unknown>(`/api/v1/channels?chatbot_id=${encodeURIComponent(bot.id)}`);
  const channels = listOf<Channel>(res.data);
  // the connect answer (it alone carries a Messenger/Instagram verify token)
  const [created, setCreated] = useState<Channel | null>(null);
  const onConnected = (c: Channel) => {
    setCreated(c);
    void res.reload();
  };
  return (
    <div data-testid="channels-tab">
      <p class="muted">{t("channels.intro")}</p>
      {res.error && <div class="alert alert-error">{res.error}</div>}
      {!res.loading && !channels.length && <p class="muted" data-testid="channels-empty">{t("channels.empty")}</p>}
      {channels.map((c) => (
        <ChannelCard key={c.id} channel={c} verifyToken={created?.id === c.id ? created.verify_token : undefined} canManage={canManage} onChange={() => void res.reload()} />
      ))}
      {canManage ? <ConnectForm chatbotId={bot.id} onConnected={onConnected} /> : <p class="muted small">{t("channels.noPermission")}</p>}
    </div>
  );
}

function ConnectForm({ chatbotId, onConnected }: { chatbotId: string; onConnected: (created: Channel) => void }) {
  const { t } = useI18n();
  const notify = useToast();
  const [type, setType] = useState<ConnectableType>("line");
  const [name, setName] = useState("");
  const [fields, setFields] = useState<Record<string, string>>({});
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const field = (key: string) => ({ value: fields[key] ?? "", onValue: (v: string) => setFields((f) => ({ ...f, [key]: v })) });

  const connect = async () => {
    setBusy(true);
    setError(null);
    const config = isMetaType(type)
      ? metaConfig(fields)
      : type === "whatsapp"
        ? whatsappConfig(fields)
        : type === "email"
          ? emailConfig(fields)
          : type === "line"
          ? { channel_secret: fields.channel_secret ?? "", channel_access_token: fields.channel_access_token ?? "" }
          : { bot_token: fields.bot_token ?? "" };
    try {
      const created = await api<Channel>("/api/v1/channels", { method: "POST", body: { type, chatbot_id: chatbotId, ...(name.trim() ? { name: name.trim() } : {}), config } });
      notify(t("channels.connected"));
      setFields({});
      setName("");
      onConnected(created);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  return (
    <div class="channel-connect" data-testid="channel-connect">
      <h3>{t("channels.connect")}</h3>
      <SelectField label={t("channels.type")} name="channel_type" value={type} options={CONNECTABLE.map((o) => (o.value === "email" ? { ...o, label: t("emailChannel.label") } : o))} onValue={(v) => { setType(v); setError(null); }} />
      {!isMetaType(type) && <p class="small muted">{t(type === "whatsapp" ? "whatsapp.steps" : type === "email" ? "emailChannel.steps" : type === "line" ? "channels.line.steps" : "channels.telegram.steps")}</p>}
      {isMetaType(type) ? (
        <MetaFields type={type} field={field} />
      ) : type === "whatsapp" ? (
        <WhatsAppFields field={field} />
      ) : type === "email" ? (
        <EmailFields field={field} />
      ) : type === "line" ? (
        <>
          <TextField label={t("channels.line.secret")} name="channel_secret" type="password" autoComplete="off" {...field("channel_secret")} />
          <TextField label={t("channels.line.token")} name="channel_access_token" type="password" autoComplete="off" {...field("channel_access_token")} />
        </>
      ) : (
        <TextField label={t("channels.telegram.token")} name="bot_token" type="password" autoComplete="off" placeholder={TOKEN_EXAMPLE} {...field("bot_token")} />
      )}
      <TextField label={t("channels.name")} name="channel_name" value={name} onValue={setName} />
      <FormError message={error} />
      <button type="button" class="btn btn-primary" data-testid="channel-connect-button" disabled={busy} onClick={() => void connect()}>
        {busy ? t("channels.connecting") : t("channels.connectButton")}
      </button>
    </div>
  );
}

function ChannelCard({ channel: c, verifyToken, canManage, onChange }: { channel: Channel; verifyToken?: string | undefined; canManage: boolean; onChange: () => void }) {
  const { t, date } = useI18n();
  const notify = useToast();
  const [verification, setVerification] = useState<Verification | null>(null);
  const [checking, setChecking] = useState(false);

  const verify = async () => {
    setChecking(true);
    try {
      setVerification(await api<Verification>(`/api/v1/channels/${c.id}/verify`, { method: "POST" }));
      onChange();
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setChecking(false);
    }
  };

  const disconnect = async () => {
    if (!confirm(t("channels.disconnectConfirm"))) return;
    try {
      await api<void>(`/api/v1/channels/${c.id}`, { method: "DELETE" });
      notify(t("channels.disconnected"));
      onChange();
    } catch (err) {
      notify(errorMessage(err), "error");
    }
  };

  return (
    <div class="card channel-card" data-testid="channel-card" data-channel={c.type}>
      <div class="row">
        <span class={`channel-badge channel-${c.type}`}>{c.type === "email" ? t("emailChannel.label") : (CONNECTABLE.find((x) => x.value === c.type)?.label ?? c.type)}</span>
        <strong>{c.name ?? c.id}</strong>
        <span class="spacer" />
        <span class="small muted" data-testid="channel-last-event">
          {c.last_event_at ? t("channels.lastEvent", { when: date(c.last_event_at, { dateStyle: "medium", timeStyle: "short" }) }) : t("channels.noEvent")}
        </span>
      </div>
      {c.email ? (
        <EmailForwarding email={c.email} />
      ) : (
        <>
          <div class="small muted">{t("channels.webhookUrl")}</div>
          <CopyBox value={c.webhook_url} testid="channel-webhook-url" />
          <p class="small muted">{t(isMetaType(c.type) ? "messenger.setMeta" : c.type === "whatsapp" ? "whatsapp.pasteWebhook" : c.type === "telegram" ? "channels.setTelegram" : "channels.pasteLine")}</p>
        </>
      )}
      {verifyToken && <VerifyTokenOnce token={verifyToken} type={c.type} />}
      {c.type === "whatsapp" && <WhatsAppTemplates channelId={c.id} />}
      {verification && (
        <ul class="channel-checks" data-testid="channel-checks">
          {verification.checks.map((k) => (
            <li key={k.key} class={k.ok ? "ok" : "failed"} data-check={k.key} data-ok={String(k.ok)}>
              {k.ok ? "✓" : "✗"} {t(CHECK_LABEL[k.key])}
              {k.detail && <span class="small muted"> — {k.detail}</span>}
            </li>
          ))}
          {verification.ok && <li class="ok">{t("channels.verifyOk")}</li>}
        </ul>
      )}
      <div class="row">
        <button type="button" class="btn btn-ghost btn-sm" data-testid="channel-verify" disabled={checking} onClick={() => void verify()}>
          {checking ? t("channels.verifying") : t("channels.verify")}
        </button>
        {canManage && (
          <button type="button" class="btn btn-ghost btn-sm" data-testid="channel-disconnect" onClick={() => void disconnect()}>
            {t("channels.disconnect")}
          </button>
        )}
      </div>
    </div>
  );
}
