import { en } from "./en";
import type { Strings } from "./en";
import { th } from "./th";

export type { Strings };
export type Translate = (key: keyof Strings, vars?: Record<string, string | number>) => string;

/** Picks the chatbot's forced locale, else the browser's language (Thai or English). */
export function pickLocale(forced: string | undefined, browser: string | undefined): "en" | "th" {
  if (forced === "en" || forced === "th") return forced;
  return (browser ?? "").toLowerCase().startsWith("th") ? "th" : "en";
}

export function translator(locale: "en" | "th"): Translate {
  const table: Strings = locale === "th" ? th : en;
  return (key, vars) => table[key].replace(/\{(\w+)\}/g, (_, k: string) => String(vars?.[k] ?? ""));
}
