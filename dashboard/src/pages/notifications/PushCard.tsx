import { useEffect, useState } from "preact/hooks";
import { useToast } from "../../components/Toasts";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";

const SW_URL = "/notify-sw.js";

const supported = () => typeof window !== "undefined" && "serviceWorker" in navigator && "PushManager" in window && typeof Notification !== "undefined";

function keyBytes(b64url: string): Uint8Array<ArrayBuffer> {
  const b64 = b64url.replace(/-/g, "+").replace(/_/g, "/");
  return Uint8Array.from(atob(b64 + "=".repeat((4 - (b64.length % 4)) % 4)), (c) => c.charCodeAt(0));
}

/** This browser's push subscription: the dashboard's service worker, the platform's VAPID key, saved per member and device. */
export function PushCard() {
  const { t } = useI18n();
  const notify = useToast();
  const [current, setCurrent] = useState<PushSubscription | null>(null);
  const [devices, setDevices] = useState<number | null>(null);
  const [busy, setBusy] = useState(false);

  const refresh = async () => {
    try {
      setDevices((await api<{ data: unknown[] }>("/api/v1/notifications/push/subscriptions")).data.length);
    } catch {
      setDevices(null);
    }
    if (!supported()) return;
    const reg = await navigator.serviceWorker.getRegistration(SW_URL);
    setCurrent((await reg?.pushManager.getSubscription()) ?? null);
  };

  useEffect(() => {
    void refresh();
  }, []);

  const enable = async () => {
    setBusy(true);
    try {
      if ((await Notification.requestPermission()) !== "granted") throw new Error(t("notify.push.denied"));
      const reg = await navigator.serviceWorker.register(SW_URL);
      await navigator.serviceWorker.ready;
      const { public_key } = await api<{ public_key: string }>("/api/v1/notifications/push/public-key");
      const sub = (await reg.pushManager.getSubscription()) ?? (await reg.pushManager.subscribe({ userVisibleOnly: true, applicationServerKey: keyBytes(public_key) }));
      const json = sub.toJSON();
      if (!json.endpoint || !json.keys?.p256dh || !json.keys.auth) throw new Error(t("notify.push.unsupported"));
      await api("/api/v1/notifications/push/subscriptions", { method: "POST", body: { endpoint: json.endpoint, keys: { p256dh: json.keys.p256dh, auth: json.keys.auth } } });
      notify(t("notify.push.enabled"));
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(false);
      void refresh();
    }
  };

  const disable = async () => {
    if (!current) return;
    setBusy(true);
    try {
      await api("/api/v1/notifications/push/subscriptions", { method: "DELETE", body: { endpoint: current.endpoint } }).catch(() => undefined);
      await current.unsubscribe();
      notify(t("notify.push.disabled"));
    } catch (err) {
      notify(errorMessage(err), "error");
    } finally {
      setBusy(false);
      void refresh();
    }
  };

  const denied = supported() && Notification.permission === "denied";
  return (
    <div class="card" data-testid="push-card">
      <h2>{t("notify.push.title")}</h2>
      <p class="muted">{t("notify.push.hint")}</p>
      {!supported() ? (
        <p data-testid="push-unsupported">{t("notify.push.unsupported")}</p>
      ) : denied ? (
        <p>{t("notify.push.denied")}</p>
      ) : current ? (
        <p>
          {t("notify.push.on")}{" "}
          <button type="button" class="btn btn-secondary btn-sm" disabled={busy} data-testid="push-disable" onClick={() => void disable()}>
            {t("notify.push.disable")}
          </button>
        </p>
      ) : (
        <button type="button" class="btn btn-primary" disabled={busy} data-testid="push-enable" onClick={() => void enable()}>
          {t("notify.push.enable")}
        </button>
      )}
      {devices !== null && devices > 0 && <p class="muted">{t("notify.push.devices", { count: devices })}</p>}
    </div>
  );
}
