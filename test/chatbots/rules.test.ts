import { describe, expect, it } from "vitest";
import { isWithinBusinessHours } from "../../worker/chatbots/business-hours";
import { isOriginAllowed, isValidOriginPattern, normalizeOriginPattern } from "../../worker/chatbots/origins";

const week = (d: { start: string; end: string } | null) => ({
  monday: d, tuesday: d, wednesday: d, thursday: d, friday: d, saturday: null, sunday: null,
});

describe("business hours", () => {
  const bangkok = { enabled: true, timezone: "Asia/Bangkok", schedule: week({ start: "09:00", end: "17:00" }) };

  it("is always open when business hours are disabled", () => {
    expect(isWithinBusinessHours({ ...bangkok, enabled: false }, new Date("2026-11-22T20:00:00Z"))).toBe(true);
  });

  it("reads the clock in the chatbot's time zone", () => {
    // Monday 2026-11-23 02:30 UTC is 09:30 in Bangkok (UTC+7)
    expect(isWithinBusinessHours(bangkok, new Date("2026-11-23T02:30:00Z"))).toBe(true);
    // Monday 01:59 UTC is 08:59 in Bangkok
    expect(isWithinBusinessHours(bangkok, new Date("2026-11-23T01:59:00Z"))).toBe(false);
    // 17:00 local is closing time (exclusive)
    expect(isWithinBusinessHours(bangkok, new Date("2026-11-23T10:00:00Z"))).toBe(false);
    expect(isWithinBusinessHours(bangkok, new Date("2026-11-23T09:59:00Z"))).toBe(true);
  });

  it("uses the local weekday, not the UTC one", () => {
    // Friday 2026-11-27 20:00 UTC is Saturday 03:00 in Bangkok: closed even with a 24h Friday
    const allDayFriday = { ...bangkok, schedule: { ...week(null), friday: { start: "00:00", end: "24:00" } } };
    expect(isWithinBusinessHours(allDayFriday, new Date("2026-11-27T20:00:00Z"))).toBe(false);
    expect(isWithinBusinessHours(allDayFriday, new Date("2026-11-27T16:59:00Z"))).toBe(true);
  });

  it("follows daylight saving time", () => {
    const ny = { enabled: true, timezone: "America/New_York", schedule: week({ start: "09:00", end: "17:00" }) };
    // July: EDT (UTC-4): 13:30 UTC is 09:30 local
    expect(isWithinBusinessHours(ny, new Date("2026-07-06T13:30:00Z"))).toBe(true);
    // January: EST (UTC-5): 13:30 UTC is 08:30 local
    expect(isWithinBusinessHours(ny, new Date("2026-01-05T13:30:00Z"))).toBe(false);
    expect(isWithinBusinessHours(ny, new Date("2026-01-05T14:30:00Z"))).toBe(true);
  });

  it("is closed on a day set to null", () => {
    // Sunday 2026-11-22 05:00 UTC is Sunday noon in Bangkok
    expect(isWithinBusinessHours(bangkok, new Date("2026-11-22T05:00:00Z"))).toBe(false);
  });
});

describe("allowed origins", () => {
  const bot = { allowed_origins: ["https://shop.example.com", "https://*.example.org", "http://127.0.0.1:8787", "https://default.example:443"].map(normalizeOriginPattern) };

  it("allows exact origins, ignoring case and default ports", () => {
    expect(isOriginAllowed(bot, "https://shop.example.com")).toBe(true);
    expect(isOriginAllowed(bot, "https://SHOP.example.com")).toBe(true);
    expect(isOriginAllowed(bot, "https://shop.example.com:443")).toBe(true);
    expect(isOriginAllowed(bot, "https://default.example")).toBe(true);
    expect(isOriginAllowed(bot, "http://127.0.0.1:8787")).toBe(true);
  });

  it("refuses a different scheme, port, host or a look-alike suffix", () => {
    expect(isOriginAllowed(bot, "http://shop.example.com")).toBe(false);
    expect(isOriginAllowed(bot, "http://127.0.0.1:8788")).toBe(false);
    expect(isOriginAllowed(bot, "https://shop.example.com.evil.net")).toBe(false);
    expect(isOriginAllowed(bot, "https://evilexample.org")).toBe(false);
    expect(isOriginAllowed(bot, null)).toBe(false);
    expect(isOriginAllowed(bot, "null")).toBe(false);
    expect(isOriginAllowed(bot, "https://*.example.org")).toBe(false);
  });

  it("matches wildcard subdomains at any depth but not the bare domain", () => {
    expect(isOriginAllowed(bot, "https://a.example.org")).toBe(true);
    expect(isOriginAllowed(bot, "https://a.b.example.org")).toBe(true);
    expect(isOriginAllowed(bot, "https://example.org")).toBe(false);
  });

  it("validates patterns", () => {
    for (const ok of ["https://shop.example.com", "http://localhost:3000", "https://*.example.com", "http://[::1]:8787", "https://shop.example.com/"]) {
      expect(isValidOriginPattern(ok), ok).toBe(true);
    }
    for (const bad of ["shop.example.com", "https://shop.example.com/path", "https://*.com", "*", "https://a.*.example.com", "ws://x.example.com", "https://exa mple.com", "https://x.example.com:0"]) {
      expect(isValidOriginPattern(bad), bad).toBe(false);
    }
  });
});
