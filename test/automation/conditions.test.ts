import { describe, expect, it } from "vitest";
import { evaluateCondition, evaluateConditions, type Facts } from "../../worker/automation/conditions";
import { RuleCondition, RuleInput } from "../../worker/automation/schema";

const facts = (over: { visitor?: Partial<Facts["visitor"]>; conversation?: Partial<Facts["conversation"]> } & Partial<Omit<Facts, "visitor" | "conversation">> = {}): Facts => ({
  conversation: { id: "conv_1", chatbot_id: "bot_a", channel: "web", status: "active", tags: ["vip", "billing"], ...over.conversation },
  visitor: {
    name: "Nok",
    current_page: "https://shop.example.com/pricing?plan=pro",
    landing_page: "https://shop.example.com/?utm_source=facebook&utm_campaign=songkran",
    referrer: "https://www.google.com/search?q=minichat",
    country: "TH",
    locale: "th-TH",
    device: "mobile",
    visit_count: 3,
    identified: false,
    previous_conversations: 0,
    ...over.visitor,
  },
  text: over.text === undefined ? "Hi, I want a REFUND for my order" : over.text,
  intent: over.intent === undefined ? "refund" : over.intent,
  open_now: over.open_now ?? true,
});

const check = (c: unknown, f = facts()) => evaluateCondition(RuleCondition.parse(c), f).matched;

describe("rule conditions, one by one", () => {
  it("page URL: contains, not_contains, equals, starts_with (case-insensitive)", () => {
    expect(check({ type: "page_url", op: "contains", value: "/PRICING" })).toBe(true);
    expect(check({ type: "page_url", op: "not_contains", value: "/pricing" })).toBe(false);
    expect(check({ type: "page_url", op: "equals", value: "https://shop.example.com/pricing?plan=pro" })).toBe(true);
    expect(check({ type: "page_url", op: "starts_with", value: "https://other.example.com" })).toBe(false);
    expect(check({ type: "page_url", op: "contains", value: "pricing" }, facts({ visitor: { current_page: null } }))).toBe(false);
  });

  it("referrer and UTM parameters (read from the landing page, else the current page)", () => {
    expect(check({ type: "referrer", op: "contains", value: "google." })).toBe(true);
    expect(check({ type: "referrer", op: "contains", value: "bing." })).toBe(false);
    expect(check({ type: "utm", param: "source", op: "equals", value: "Facebook" })).toBe(true);
    expect(check({ type: "utm", param: "campaign", op: "equals", value: "songkran" })).toBe(true);
    expect(check({ type: "utm", param: "medium", op: "equals", value: "cpc" })).toBe(false);
    expect(check({ type: "utm", param: "medium", op: "equals", value: "cpc" }, facts({ visitor: { landing_page: "not a url", current_page: "https://x.example/?utm_medium=cpc" } }))).toBe(true);
  });

  it("country, language (a base language matches its regions), device", () => {
    expect(check({ type: "country", in: ["th", "la"] })).toBe(true);
    expect(check({ type: "country", in: ["US"] })).toBe(false);
    expect(check({ type: "language", in: ["th"] })).toBe(true);
    expect(check({ type: "language", in: ["en"] })).toBe(false);
    expect(check({ type: "language", in: ["en-US"] }, facts({ visitor: { locale: "en-GB" } }))).toBe(false);
    expect(check({ type: "device", in: ["mobile", "tablet"] })).toBe(true);
    expect(check({ type: "device", in: ["desktop"] })).toBe(false);
  });

  it("visit count, returning and identified contacts", () => {
    expect(check({ type: "visit_count", op: "gte", value: 3 })).toBe(true);
    expect(check({ type: "visit_count", op: "lte", value: 2 })).toBe(false);
    expect(check({ type: "visit_count", op: "eq", value: 3 })).toBe(true);
    expect(check({ type: "returning", value: true })).toBe(true);
    expect(check({ type: "returning", value: true }, facts({ visitor: { visit_count: 1 } }))).toBe(false);
    expect(check({ type: "returning", value: true }, facts({ visitor: { visit_count: 1, previous_conversations: 2 } }))).toBe(true);
    expect(check({ type: "identified", value: false })).toBe(true);
    expect(check({ type: "identified", value: true }, facts({ visitor: { identified: true } }))).toBe(true);
  });

  it("business hours, chatbot and channel", () => {
    expect(check({ type: "business_hours", value: true })).toBe(true);
    expect(check({ type: "business_hours", value: false })).toBe(false);
    expect(check({ type: "business_hours", value: false }, facts({ open_now: false }))).toBe(true);
    expect(check({ type: "chatbot", in: ["bot_a"] })).toBe(true);
    expect(check({ type: "chatbot", in: ["bot_b"] })).toBe(false);
    expect(check({ type: "channel", in: ["line", "web"] })).toBe(true);
    expect(check({ type: "channel", in: ["telegram"] })).toBe(false);
  });

  it("tags: has any / all / none", () => {
    expect(check({ type: "tags", op: "has_any", tags: ["vip", "x"] })).toBe(true);
    expect(check({ type: "tags", op: "has_all", tags: ["vip", "x"] })).toBe(false);
    expect(check({ type: "tags", op: "has_all", tags: ["VIP", "billing"] })).toBe(true);
    expect(check({ type: "tags", op: "has_none", tags: ["spam"] })).toBe(true);
    expect(check({ type: "tags", op: "has_none", tags: ["vip"] })).toBe(false);
  });

  it("text contains (any word, case-insensitive) and intent", () => {
    expect(check({ type: "text_contains", words: ["refund", "money back"] })).toBe(true);
    expect(check({ type: "text_contains", words: ["invoice"] })).toBe(false);
    expect(check({ type: "text_contains", words: ["refund"] }, facts({ text: null }))).toBe(false);
    expect(check({ type: "intent", in: ["refund", "complaint"] })).toBe(true);
    expect(check({ type: "intent", in: ["pricing"] })).toBe(false);
    expect(check({ type: "intent", in: ["refund"] }, facts({ intent: null }))).toBe(false);
  });

  it("all / any, and no conditions always match", () => {
    const conditions = [RuleCondition.parse({ type: "country", in: ["TH"] }), RuleCondition.parse({ type: "device", in: ["desktop"] })];
    expect(evaluateConditions("all", conditions, facts()).matched).toBe(false);
    expect(evaluateConditions("any", conditions, facts()).matched).toBe(true);
    expect(evaluateConditions("all", [], facts()).matched).toBe(true);
    expect(evaluateConditions("all", conditions, facts()).results.map((r) => r.actual)).toEqual(["TH", "mobile"]);
  });

  it("the schema refuses unknown condition and action types and empty action lists", () => {
    const ok = { name: "VIP", trigger: { type: "conversation_created" }, actions: [{ type: "add_tag", tags: ["vip"] }] };
    expect(RuleInput.safeParse(ok).success).toBe(true);
    expect(RuleInput.safeParse({ ...ok, actions: [] }).success).toBe(false);
    expect(RuleInput.safeParse({ ...ok, conditions: [{ type: "moon_phase", in: ["full"] }] }).success).toBe(false);
    expect(RuleInput.safeParse({ ...ok, actions: [{ type: "launch_rocket" }] }).success).toBe(false);
    expect(RuleInput.safeParse({ ...ok, trigger: { type: "idle" } }).success).toBe(false);
    expect(RuleInput.safeParse({ ...ok, trigger: { type: "idle", minutes: 30 } }).success).toBe(true);
  });
});
