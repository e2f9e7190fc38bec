import { badRequest } from "../lib/errors";
import { timingSafeEqual } from "../lib/crypto";
import { base64ToBytes, bytesToBase64 } from "../lib/secrets";
import { COMMON_PASSWORDS } from "./common-passwords";

/** PBKDF2-SHA256 work factor; 100,000 is the most the Workers runtime allows. */
export const PBKDF2_ITERATIONS = 100_000;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

async function derive(password: string, salt: Uint8Array<ArrayBuffer>, iterations: number): Promise<Uint8Array> {
  const key = await crypto.subtle.importKey("raw", new TextEncoder().encode(password), "PBKDF2", false, ["deriveBits"]);
  const bits = await crypto.subtle.deriveBits({ name: "PBKDF2", hash: "SHA-256", salt, iterations }, key, HASH_BYTES * 8);
  return new Uint8Array(bits);
}

/** `pbkdf2$100000$<salt b64>$<hash b64>` with a fresh 16-byte salt. */
export async function hashPassword(password: string): Promise<string> {
  const salt = crypto.getRandomValues(new Uint8Array(SALT_BYTES));
  const hash = await derive(password, salt, PBKDF2_ITERATIONS);
  return `pbkdf2$${PBKDF2_ITERATIONS}$${bytesToBase64(salt)}$${bytesToBase64(hash)}`;
}

/** Constant-time check of `password` against a stored hash; false for any malformed hash. */
export async function verifyPassword(password: string, stored: string | null | undefined): Promise<boolean> {
  const parts = (stored ?? "").split("$");
  if (parts.length !== 4 || parts[0] !== "pbkdf2") {
    // Spend the same work as a real check so unknown accounts are not told apart by timing.
    await derive(password, new Uint8Array(SALT_BYTES), PBKDF2_ITERATIONS);
    return false;
  }
  const iterations = Number(parts[1]);
  if (!Number.isInteger(iterations) || iterations < 1 || iterations > PBKDF2_ITERATIONS) return false;
  const hash = await derive(password, base64ToBytes(parts[2]!), iterations);
  return timingSafeEqual(bytesToBase64(hash), parts[3]!);
}

export const PASSWORD_RULES = {
  min_length: (p: string) => p.length >= 8,
  uppercase: (p: string) => /[A-Z]/.test(p),
  digit: (p: string) => /[0-9]/.test(p),
  special: (p: string) => /[^A-Za-z0-9]/.test(p),
} as const;

const RULE_TEXT: Record<keyof typeof PASSWORD_RULES, string> = {
  min_length: "at least 8 characters",
  uppercase: "an uppercase letter",
  digit: "a digit",
  special: "a special character",
};

const LEET: Record<string, string> = { "0": "o", "1": "i", "3": "e", "4": "a", "5": "s", "7": "t", "@": "a", $: "s", "!": "i" };

/**
 * True for a password on the common list or one of its usual disguises: any
 * case, letters swapped for look-alike digits and symbols (`P@ssw0rd`), and
 * digits or symbols added before or after (`Password1!`, `!Summer2026`).
 */
export function isCommonPassword(password: string): boolean {
  const lower = password.toLowerCase();
  if (COMMON_PASSWORDS.has(lower)) return true;
  const trimmed = lower.replace(/^[^a-z]+|[^a-z]+$/g, "");
  if (trimmed.length >= 3 && COMMON_PASSWORDS.has(trimmed)) return true;
  const decoded = lower.replace(/[0134579@$!]/g, (ch) => LEET[ch] ?? ch);
  if (COMMON_PASSWORDS.has(decoded)) return true;
  // trailing digits and symbols are usually decoration, not disguise: trim them before decoding
  const core = lower.replace(/[^a-z]+$/, "").replace(/^[^a-z]+/, "");
  const decodedCore = core.replace(/[0134579@$!]/g, (ch) => LEET[ch] ?? ch);
  return decodedCore.length >= 3 && COMMON_PASSWORDS.has(decodedCore);
}

/** Throws 400 WEAK_PASSWORD listing the failed rules. */
export function assertStrongPassword(password: string): void {
  const failed = (Object.keys(PASSWORD_RULES) as (keyof typeof PASSWORD_RULES)[]).filter((r) => !PASSWORD_RULES[r](password));
  if (failed.length) {
    throw badRequest("WEAK_PASSWORD", `The password needs ${failed.map((r) => RULE_TEXT[r]).join(", ")}`, { failed_rules: failed });
  }
  if (password.length > 256) throw badRequest("WEAK_PASSWORD", "The password is longer than 256 characters", { failed_rules: ["max_length"] });
  if (isCommonPassword(password)) {
    throw badRequest("WEAK_PASSWORD", "This password is one of the most common ones and easy to guess; choose another", { failed_rules: ["common"] });
  }
}

export const normaliseEmail = (email: string) => email.trim().toLowerCase();
