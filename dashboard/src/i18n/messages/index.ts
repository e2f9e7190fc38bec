/**
 * Every dashboard area's strings, merged. To add an area: create
 * `messages/<area>.ts` exporting `defineMessages({ en: {...}, th: {...} })`
 * with keys prefixed `<area>.`, and add it to `areas` below.
 */
import common from "./common";
import routing from "./routing";

const areas = [common, routing] as const;

type Area = (typeof areas)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllEn = UnionToIntersection<Area["en"]>;
export type MessageKey = Extract<keyof AllEn, string>;

function merge(lang: "en" | "th"): Record<MessageKey, string> {
  return Object.assign({}, ...areas.map((a) => a[lang])) as Record<MessageKey, string>;
}

export const messages = { en: merge("en"), th: merge("th") };
