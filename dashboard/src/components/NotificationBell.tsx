import { useCallback, useEffect, useRef, useState } from "preact/hooks";
import { useI18n, type MessageKey } from "../i18n";
import { api, errorMessage } from "../lib/api";
import { onNotification } from "../lib/notifyBus";

interface Item {
  id: string;
  type: string;
  data: Record<string, unknown>;
  read_at: string | null;
  created_at: string;
}

const KINDS = new Set(["mention", "assignment", "escalation", "new_conversation", "offline_message", "failed_delivery"]);
/** Between live frames (only the inbox holds the hub socket), the count is refreshed this often. */
const POLL_MS = 60_000;

/**
 * The bell with the member's unread count. It rises live when the inbox's hub
 * socket receives a `notification:new` frame, and is refreshed on focus and
 * every minute elsewhere. The panel lists the newest notifications with links
 * to their conversations; one or all can be marked read.
 */
export function NotificationBell() {
  const { t, date } = useI18n();
  const [unread, setUnread] = useState(0);
  const [items, setItems] = useState<Item[] | null>(null);
  const [open, setOpen] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const box = useRef<HTMLDivElement>(null);

  const load = useCallback(async () => {
    try {
      const res = await api<{ data: Item[]; unread_count: number }>("/api/v1/notifications", { query: { limit: 30 } });
      setItems(res.data);
      setUnread(res.unread_count);
      setError(null);
    } catch (err) {
      setError(errorMessage(err));
    }
  }, []);

  useEffect(() => {
    void load();
    const timer = setInterval(() => void load(), POLL_MS);
    const onFocus = () => void load();
    window.addEventListener("focus", onFocus);
    const off = onNotification(() => {
      setUnread((n) => n + 1);
      void load();
    });
    return () => {
      clearInterval(timer);
      window.removeEventListener("focus", onFocus);
      off();
    };
  }, [load]);

  useEffect(() => {
    if (!open) return;
    const close = (e: MouseEvent) => {
      if (box.current && !box.current.contains(e.target as Node)) setOpen(false);
    };
    const esc = (e: KeyboardEvent) => e.key === "Escape" && setOpen(false);
    document.addEventListener("mousedown", close);
    document.addEventListener("keydown", esc);
    return () => {
      document.removeEventListener("mousedown", close);
      document.removeEventListener("keydown", esc);
    };
  }, [open]);

  const markRead = async (id: string) => {
    setItems((list) => list?.map((n) => (n.id === id && !n.read_at ? { ...n, read_at: new Date().toISOString() } : n)) ?? null);
    try {
      await api(`/api/v1/notifications/${id}/read`, { method: "POST" });
    } finally {
      void load();
    }
  };

  const markAll = async () => {
    try {
      await api("/api/v1/notifications/read-all", { method: "POST" });
    } finally {
      void load();
    }
  };

  const title = (n: Item) => {
    const name = typeof n.data.actor_name === "string" && n.data.actor_name ? n.data.actor_name : typeof n.data.author_name === "string" ? n.data.author_name : t("notify.someone");
    return KINDS.has(n.type) ? t(`notify.kind.${n.type}` as MessageKey, { name }) : t("notify.kind.other");
  };

  return (
    <div class="notify-bell" ref={box}>
      <button
        type="button"
        class="btn btn-ghost btn-sm notify-bell-button"
        aria-label={unread ? t("notify.bellUnread", { count: unread }) : t("notify.bell")}
        aria-expanded={open}
        data-testid="notification-bell"
        onClick={() => {
          setOpen(!open);
          if (!open) void load();
        }}
      >
        <span aria-hidden="true">🔔</span>
        {unread > 0 && (
          <span class="notify-count" data-testid="notification-count">
            {unread > 99 ? "99+" : unread}
          </span>
        )}
      </button>
      {open && (
        <div class="notify-panel card" role="dialog" aria-label={t("notify.panelTitle")} data-testid="notification-panel">
          <div class="notify-panel-head">
            <strong>{t("notify.panelTitle")}</strong>
            <button type="button" class="btn-link" data-testid="notification-read-all" disabled={unread === 0} onClick={() => void markAll()}>
              {t("notify.markAllRead")}
            </button>
          </div>
          {error && <p class="muted">{t("notify.loadFailed")}</p>}
          {items && items.length === 0 && <p class="muted">{t("notify.empty")}</p>}
          <ul class="notify-list">
            {items?.map((n) => {
              const conv = typeof n.data.conversation_id === "string" && n.data.conversation_id ? n.data.conversation_id : null;
              return (
                <li key={n.id} class={n.read_at ? "notify-item" : "notify-item unread"} data-testid="notification-item" data-kind={n.type}>
                  <a
                    href={conv ? `/inbox/${conv}` : "/inbox"}
                    onClick={() => {
                      setOpen(false);
                      if (!n.read_at) void markRead(n.id);
                    }}
                  >
                    <span class="notify-title">{title(n)}</span>
                    {typeof n.data.excerpt === "string" && n.data.excerpt && <span class="notify-excerpt">{n.data.excerpt}</span>}
                    <span class="notify-time">{date(n.created_at)}</span>
                  </a>
                  {!n.read_at && (
                    <button type="button" class="btn-link notify-mark" aria-label={t("notify.markRead")} title={t("notify.markRead")} onClick={() => void markRead(n.id)}>
                      ✓
                    </button>
                  )}
                </li>
              );
            })}
          </ul>
          <a class="notify-settings" href="/account/notifications" onClick={() => setOpen(false)}>
            {t("notify.settingsLink")}
          </a>
        </div>
      )}
    </div>
  );
}
