import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api } from "../../lib/api";

interface Window {
  state: "open" | "human_agent" | "closed";
  closes_at: string | null;
}

const BRAND: Record<string, string> = { messenger: "Messenger", instagram: "Instagram" }; // i18n-ignore

/**
 * Above the composer of a Messenger/Instagram conversation: why a reply may
 * not go (Meta's 24-hour window, the 7-day human-agent window). Read with
 * the delivery state; re-read when the thread grows.
 */
export function MessagingWindowNotice({ conversationId, channel, size }: { conversationId: string; channel: string | undefined; size: number }) {
  const { t, date } = useI18n();
  const [win, setWin] = useState<Window | null>(null);
  const windowed = Boolean(channel && channel in BRAND);
  useEffect(() => {
    if (!windowed) return setWin(null);
    let stop = false;
    api<{ window?: Window | null }>(`/api/v1/channels/deliveries/${encodeURIComponent(conversationId)}`)
      .then((r) => !stop && setWin(r.window ?? null))
      .catch(() => undefined);
    return () => {
      stop = true;
    };
  }, [conversationId, windowed, size]);
  if (!win || win.state === "open") return null;
  return (
    <p class="alert alert-warning small" data-testid="messaging-window" data-state={win.state}>
      {win.state === "human_agent"
        ? t("messenger.window.humanAgent", { when: date(win.closes_at!, { dateStyle: "medium", timeStyle: "short" }) })
        : t("messenger.window.closed", { channel: BRAND[channel!]! })}
    </p>
  );
}
