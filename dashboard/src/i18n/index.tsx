/**
 * Dashboard strings in one place per language (EN, TH).
 *
 * Each area of the dashboard owns one file in `messages/` exporting
 * `{ en: {...}, th: {...} }` (the Thai object must have every English key;
 * the type checker enforces it). Keys are namespaced by area: `inbox.reply`.
 * Components call `const { t } = useI18n()`; code outside components may call
 * the module-level `t()`, which reads the current language.
 *
 * The language is the member's choice (kept on their account, `users.locale`,
 * applied when `/auth/me` loads, and remembered in this browser), else the
 * browser's language; dates and numbers go through `Intl` with that locale.
 */
import type { ComponentChildren } from "preact";
import { createContext } from "preact";
import { useContext, useMemo, useState } from "preact/hooks";
import { messages, type MessageKey } from "./messages";

export type Lang = "en" | "th";
export const LANGS: readonly Lang[] = ["en", "th"];
export type { MessageKey };

const STORAGE_KEY = "minichat.lang";

/** The browser's preferred dashboard language. */
export function browserLang(): Lang {
  const nav = globalThis.navigator?.language ?? "en";
  return nav.toLowerCase().startsWith("th") ? "th" : "en";
}

function detectLang(): Lang {
  try {
    const saved = globalThis.localStorage?.getItem(STORAGE_KEY);
    if (saved === "en" || saved === "th") return saved;
  } catch {
    /* storage blocked */
  }
  return browserLang();
}

let current: Lang = detectLang();

export function currentLang(): Lang {
  return current;
}

/** BCP 47 locale for `Intl` (Thai with Gregorian years, as the dashboard shows ISO-like dates). */
export function localeOf(lang: Lang = current): string {
  return lang === "th" ? "th-TH-u-ca-gregory" : "en-GB";
}

export type Vars = Record<string, string | number>;

/** Translate `key` in `lang`, filling `{name}` placeholders from `vars`. */
export function translate(lang: Lang, key: MessageKey, vars?: Vars): string {
  const template = messages[lang][key] ?? messages.en[key] ?? key;
  if (!vars) return template;
  return template.replace(/\{(\w+)\}/g, (whole, name: string) => (name in vars ? String(vars[name]) : whole));
}

/** Module-level translation in the current language (for code outside components). */
export function t(key: MessageKey, vars?: Vars): string {
  return translate(current, key, vars);
}

/** Translate an API error: its stable `code` when the dashboard knows it, else the server's message. */
export function errorText(code: string | undefined, fallback: string, lang: Lang = current): string {
  if (code) {
    const key = `errors.${code}` as MessageKey;
    if (key in messages[lang]) return translate(lang, key);
  }
  return fallback;
}

type I18n = {
  lang: Lang;
  setLang: (lang: Lang) => void;
  t: (key: MessageKey, vars?: Vars) => string;
  number: (n: number, options?: Intl.NumberFormatOptions) => string;
  date: (value: string | number | Date, options?: Intl.DateTimeFormatOptions) => string;
};

function makeI18n(lang: Lang, setLang: (lang: Lang) => void): I18n {
  const locale = localeOf(lang);
  return {
    lang,
    setLang,
    t: (key, vars) => translate(lang, key, vars),
    number: (n, options) => new Intl.NumberFormat(locale, options).format(n),
    date: (value, options) =>
      new Intl.DateTimeFormat(locale, options ?? { dateStyle: "medium", timeStyle: "short" }).format(new Date(value)),
  };
}

const I18nContext = createContext<I18n>(makeI18n(current, () => {}));

export function I18nProvider({ children }: { children: ComponentChildren }) {
  const [lang, setLangState] = useState<Lang>(current);
  const value = useMemo(() => {
    const setLang = (next: Lang) => {
      current = next;
      try {
        globalThis.localStorage?.setItem(STORAGE_KEY, next);
      } catch {
        /* storage blocked */
      }
      document.documentElement.lang = next;
      setLangState(next);
    };
    document.documentElement.lang = lang;
    return makeI18n(lang, setLang);
  }, [lang]);
  return <I18nContext.Provider value={value}>{children}</I18nContext.Provider>;
}

export function useI18n(): I18n {
  return useContext(I18nContext);
}
