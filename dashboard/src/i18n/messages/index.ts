/**
 * Every dashboard area's strings, merged. To add an area: create
 * `messages/<area>.ts` exporting `defineMessages({ en: {...}, th: {...} })`
 * with keys prefixed `<area>.`, and add it to `areas` below.
 */
import account from "./account";
import admin from "./admin";
import auth from "./auth";
import billing from "./billing";
import channels from "./channels";
import chatbots from "./chatbots";
import commerce from "./commerce";
import common from "./common";
import inbox from "./inbox";
import knowledge from "./knowledge";
import leads from "./leads";
import settings from "./settings";
import shell from "./shell";
import team from "./team";
import analytics from "./analytics";
import routing from "./routing";
import chatbotTabs from "./chatbotTabs";
import sources from "./sources";
import flows from "./flows";
import operator from "./operator";
import automation from "./automation";
import messenger from "./messenger";
import whatsapp from "./whatsapp";
import emailChannel from "./emailChannel";
import notify from "./notify";

const areas = [common, account, admin, analytics, auth, billing, chatbots, commerce, inbox, knowledge, routing, settings, shell, team, chatbotTabs, sources, flows, leads, channels, operator, automation, messenger, whatsapp, emailChannel, notify] as const;

type Area = (typeof areas)[number];
type UnionToIntersection<U> = (U extends unknown ? (x: U) => void : never) extends (x: infer I) => void ? I : never;
type AllEn = UnionToIntersection<Area["en"]>;
export type MessageKey = Extract<keyof AllEn, string>;

function merge(lang: "en" | "th"): Record<MessageKey, string> {
  return Object.assign({}, ...areas.map((a) => a[lang])) as Record<MessageKey, string>;
}

export const messages = { en: merge("en"), th: merge("th") };
