import { useEffect, useLayoutEffect, useRef, useState } from "preact/hooks";
import type { Translate } from "../../i18n";
import type { Chat, ChatState } from "../chat";
import type { WidgetConfig } from "../config";
import type { LoaderHost, WidgetController } from "../contract";
import { CommerceSlot } from "./CommerceSlot";
import { Composer } from "./Composer";
import { OfflineForm, PreChatForm, RatingForm } from "./Forms";
import { Header } from "./Header";
import { MessageList } from "./MessageList";
import { MyData } from "./MyData";

export interface AppProps {
  chat: Chat;
  config: WidgetConfig;
  t: Translate;
  locale: string;
  host: LoaderHost;
  launcher: HTMLButtonElement;
  ready(c: WidgetController): void;
}

function useChatState(chat: Chat): ChatState {
  const [state, setState] = useState(chat.state);
  useEffect(() => {
    setState(chat.state);
    const off = chat.subscribe(setState);
    return () => void off();
  }, [chat]);
  return state;
}

const FOCUSABLE = 'a[href],button:not([disabled]),textarea:not([disabled]),input:not([disabled]),select:not([disabled]),[tabindex]:not([tabindex="-1"])';

export function App({ chat, config, t, locale, host, launcher, ready }: AppProps) {
  const s = useChatState(chat);
  const [open, setOpen] = useState(false);
  const [max, setMax] = useState(false);
  const [myData, setMyData] = useState(false);
  const [identity, setIdentity] = useState<{ name?: string; email?: string }>({});
  const panel = useRef<HTMLDivElement>(null);

  useEffect(() => {
    ready({ open: () => setOpen(true), close: () => setOpen(false), identify: (who) => setIdentity(who) });
  }, []);

  // The launcher's state (aria-expanded, focus back on close) changes in the same frame as the panel.
  useLayoutEffect(() => {
    chat.visible = open;
    host.setOpen(open);
  }, [open]);

  useEffect(() => {
    if (open) {
      chat.markSeen();
      // Move focus into the panel: the composer or the first field.
      requestAnimationFrame(() => {
        if (!chat.visible) return; // closed again before this frame (Escape right away): focus stays on the launcher
        const target = panel.current?.querySelector<HTMLElement>("textarea,input,select") ?? panel.current?.querySelector<HTMLElement>(FOCUSABLE);
        target?.focus();
      });
    }
  }, [open]);

  // Keyboard: Escape closes; Tab stays inside the open panel.
  const onKeyDown = (e: KeyboardEvent) => {
    if (!open) return;
    if (e.key === "Escape") {
      e.stopPropagation();
      setOpen(false);
      return;
    }
    if (e.key !== "Tab" || !panel.current) return;
    const items = [...panel.current.querySelectorAll<HTMLElement>(FOCUSABLE), launcher].filter((el) => el.offsetParent !== null || el === launcher);
    if (!items.length) return;
    const root = panel.current.getRootNode() as ShadowRoot;
    const active = root.activeElement as HTMLElement | null;
    const first = items[0];
    const last = items[items.length - 1];
    if (e.shiftKey && active === first) {
      e.preventDefault();
      last.focus();
    } else if (!e.shiftKey && active === last) {
      e.preventDefault();
      first.focus();
    }
  };

  useEffect(() => {
    launcher.addEventListener("keydown", onKeyDown);
    return () => launcher.removeEventListener("keydown", onKeyDown);
  });

  const showComposer = s.phase === "chat" && s.rating !== "requested";
  return (
    <div
      ref={panel}
      class={`p ${config.size} ${max ? "max" : ""}`}
      hidden={!open}
      role="dialog"
      aria-label={t("chatWindow", { name: s.agent?.name ?? config.name })}
      lang={locale}
      onKeyDown={onKeyDown}
    >
      <Header
        config={config}
        state={s}
        t={t}
        max={max}
        onMax={() => setMax(!max)}
        onClose={() => setOpen(false)}
        onData={config.dataRequests && s.phase !== "erased" && s.phase !== "banned" ? () => setMyData(!myData) : undefined}
      />
      {s.phase === "erased" ? (
        <div class="body center" role="status">{t("dataErased")}</div>
      ) : myData ? (
        <MyData chat={chat} t={t} onClose={() => setMyData(false)} />
      ) : s.phase === "loading" ? (
        <div class="body center" aria-busy="true">
          <span class="dots" aria-hidden="true"><i /><i /><i /></span>
        </div>
      ) : s.phase === "banned" ? (
        <div class="body center">{t("banned")}</div>
      ) : s.phase === "offline" || s.phase === "offline_sent" ? (
        <OfflineForm chat={chat} config={config} t={t} sent={s.phase === "offline_sent"} identity={identity} />
      ) : s.phase === "prechat" ? (
        <PreChatForm chat={chat} config={config} t={t} identity={identity} />
      ) : (
        <>
          <CommerceSlot chat={chat} state={s} locale={locale} />
          <MessageList chat={chat} state={s} config={config} t={t} />
          {s.rating !== "none" && <RatingForm chat={chat} t={t} done={s.rating === "sent"} />}
          {showComposer && <Composer chat={chat} t={t} />}
        </>
      )}
    </div>
  );
}
