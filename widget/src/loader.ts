/**
 * The snippet a site pastes:
 *   <script async src="https://HOST/widget/loader.js" data-chatbot-key="pk_…"></script>
 *
 * Kept tiny and framework-free: it draws the launcher inside a shadow root,
 * fetches the chatbot's public config in the background, and loads the chat
 * app (an ES module) only when the visitor opens the chat or has a
 * conversation to resume.
 */
import type { LoaderHost, WidgetController, WidgetMount } from "./app/contract";
import { storageKey } from "./app/contract";

type Identity = { name?: string; email?: string };

(() => {
  const w = window as Window & { MiniChat?: unknown };
  const script = document.currentScript as HTMLScriptElement | null;
  const key = script?.dataset.chatbotKey;
  if (!script || !key || w.MiniChat) return;
  const api = new URL(script.src).origin;

  const hostEl = document.createElement("minichat-widget");
  const root = hostEl.attachShadow({ mode: "open" });
  const css =
    ":host{all:initial}" +
    ".r{position:fixed;bottom:20px;right:20px;z-index:2147483000;font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'Noto Sans Thai',sans-serif;color:#111827;text-align:left}" +
    ".r.l{right:auto;left:20px}" +
    ".b{display:flex;align-items:center;gap:8px;height:56px;min-width:56px;padding:0 18px;border:0;border-radius:28px;background:var(--mc-primary,#2563eb);color:var(--mc-text,#fff);cursor:pointer;box-shadow:0 4px 16px rgba(0,0,0,.22);font:inherit;font-weight:600;position:relative;float:right}" +
    ".l .b{float:left}" +
    ".b:focus-visible{outline:3px solid var(--mc-primary,#2563eb);outline-offset:3px}" +
    ".b svg{width:24px;height:24px;fill:currentColor}" +
    ".b span:empty{display:none}" +
    ".n{position:absolute;top:-4px;right:-4px;min-width:20px;height:20px;padding:0 6px;border-radius:10px;background:#dc2626;color:#fff;font-size:12px;line-height:20px;text-align:center;box-sizing:border-box}" +
    ".n[hidden]{display:none}" +
    "@media (max-width:480px){.r.o .b{display:none}}";
  const style = document.createElement("style");
  style.textContent = css;
  const wrap = document.createElement("div");
  wrap.className = "r";
  const button = document.createElement("button");
  button.type = "button";
  button.className = "b";
  button.setAttribute("aria-expanded", "false");
  button.setAttribute("aria-label", "Open chat");
  button.setAttribute("part", "launcher");
  button.innerHTML =
    '<svg viewBox="0 0 24 24" aria-hidden="true"><path d="M4 3h16a2 2 0 0 1 2 2v11a2 2 0 0 1-2 2H9l-5 4v-4a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2z"/></svg><span></span><b class="n" hidden></b>';
  const label = button.querySelector("span")!;
  const badge = button.querySelector("b")!;
  wrap.appendChild(button);
  root.appendChild(style);
  root.appendChild(wrap);

  const config = fetch(`${api}/api/v1/widget/config?key=${encodeURIComponent(key)}`, { credentials: "omit" })
    .then((r) => (r.ok ? r.json() : null))
    .catch(() => null) as Promise<{ widget_settings?: { theme?: Record<string, unknown>; position?: string; button_text?: unknown } } | null>;
  config.then((c) => {
    const ws = c?.widget_settings;
    if (!ws) return;
    const theme: Record<string, unknown> = ws.theme ?? {};
    for (const k of ["primary", "secondary", "text", "background"]) {
      const v = theme[`${k}_color`];
      if (typeof v === "string" && /^#[0-9a-f]{3,8}$/i.test(v)) wrap.style.setProperty(`--mc-${k}`, v);
    }
    if (ws.position === "bottom-left") wrap.classList.add("l");
    if (typeof ws.button_text === "string") label.textContent = ws.button_text;
  });

  let isOpen = false;
  let pendingIdentity: Identity | null = null;
  let app: Promise<WidgetController> | null = null;
  const host: LoaderHost = {
    setUnread(n) {
      badge.hidden = n <= 0;
      badge.textContent = n > 9 ? "9+" : String(n);
      button.setAttribute("aria-label", n > 0 ? `Open chat (${n} unread)` : "Open chat");
    },
    setOpen(open) {
      isOpen = open;
      wrap.classList.toggle("o", open);
      button.setAttribute("aria-expanded", String(open));
      button.setAttribute("aria-label", open ? "Close chat" : "Open chat");
      if (!open) button.focus();
    },
  };

  function load(): Promise<WidgetController> {
    if (!app) {
      const url = `${api}/widget/app.js?v=${__MINICHAT_APP_VERSION__}`;
      const mount: WidgetMount = { root, container: wrap, launcher: button, api, key: key!, config, host };
      app = (import(/* @vite-ignore */ url) as Promise<{ mount(m: WidgetMount): WidgetController }>).then((m) => {
        const ctl = m.mount(mount);
        if (pendingIdentity) ctl.identify(pendingIdentity);
        return ctl;
      });
      app.catch(() => {
        app = null;
      });
    }
    return app;
  }

  const open = () => load().then((c) => c.open());
  const close = () => app?.then((c) => c.close());
  button.addEventListener("click", () => (isOpen ? close() : open()));

  w.MiniChat = {
    open,
    close,
    identify(who: Identity) {
      pendingIdentity = { name: who?.name, email: who?.email };
      app?.then((c) => c.identify(pendingIdentity!));
    },
  };

  const attach = () => {
    document.body.appendChild(hostEl);
    // Resume an open conversation in the background so unread replies show on the badge.
    try {
      if (JSON.parse(localStorage.getItem(storageKey(key)) ?? "{}").conversation_id) load();
    } catch {
      /* storage unavailable: start fresh when opened */
    }
  };
  if (document.body) attach();
  else document.addEventListener("DOMContentLoaded", attach);
})();
