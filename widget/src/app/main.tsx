/** The chat app, loaded on demand by the loader and rendered inside its shadow root. */
import { render } from "preact";
import { pickLocale, translator } from "../i18n";
import { Chat } from "./chat";
import { normaliseConfig } from "./config";
import type { WidgetController, WidgetMount } from "./contract";
import { App } from "./components/App";
import css from "./styles.css?inline";

function addStyles(root: ShadowRoot, text: string) {
  try {
    const sheet = new CSSStyleSheet();
    sheet.replaceSync(text);
    root.adoptedStyleSheets = [...root.adoptedStyleSheets, sheet];
  } catch {
    const style = document.createElement("style");
    style.textContent = text;
    root.prepend(style);
  }
}

export function mount(m: WidgetMount): WidgetController {
  addStyles(m.root, css);
  const el = document.createElement("div");
  m.container.insertBefore(el, m.container.firstChild);
  let controller: WidgetController | null = null;
  const queued: ((c: WidgetController) => void)[] = [];
  const whenReady = (fn: (c: WidgetController) => void) => (controller ? fn(controller) : queued.push(fn));

  void m.config.then((raw) => {
    const config = normaliseConfig(raw, m.api);
    const locale = pickLocale(config.locale, navigator.language);
    const t = translator(locale);
    const chat = new Chat(m.api, m.key, config, (k, vars) => t(k, vars));
    chat.subscribe((s) => m.host.setUnread(s.unread));
    render(
      <App
        chat={chat}
        config={config}
        t={t}
        locale={locale}
        host={m.host}
        launcher={m.launcher}
        ready={(c) => {
          controller = c;
          queued.splice(0).forEach((fn) => fn(c));
        }}
      />,
      el,
    );
    void chat.start();
  });

  return {
    open: () => whenReady((c) => c.open()),
    close: () => whenReady((c) => c.close()),
    identify: (who) => whenReady((c) => c.identify(who)),
  };
}
