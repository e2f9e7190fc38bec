import { enforceRateLimits, hitRateLimit, refundRateLimits, type RateLimitCheck } from "./rate-limit";

/**
 * Every rate limit of the public surface in one table (README "Security
 * model" lists the same numbers). Windows are fixed, counted in D1.
 * `silent` limits drop the work but answer as usual, so the answer tells
 * nothing about whether an account exists.
 */
export const LIMITS = {
  /** Failed sign-ins for one email from one IP: the owner signing in from elsewhere is never locked out. */
  loginFailuresPerIpAndEmail: { limit: 5, windowSeconds: 15 * 60 },
  /** Failed sign-ins from one IP over all emails (successes are not counted: an office behind one IP is fine). */
  loginFailuresPerIp: { limit: 30, windowSeconds: 15 * 60 },
  registrationsPerIp: { limit: 10, windowSeconds: 60 * 60 },
  passwordResetMailsPerIp: { limit: 10, windowSeconds: 60 * 60 },
  /** silent */
  passwordResetMailsPerEmail: { limit: 3, windowSeconds: 15 * 60 },
  verificationMailsPerIp: { limit: 10, windowSeconds: 60 * 60 },
  /** silent */
  verificationMailsPerUser: { limit: 5, windowSeconds: 60 * 60 },
  invitationsPerIp: { limit: 30, windowSeconds: 60 * 60 },
  invitationsPerWorkspace: { limit: 100, windowSeconds: 24 * 60 * 60 },
  invitationsPerEmail: { limit: 5, windowSeconds: 24 * 60 * 60 },
  /** Wrong two-factor codes when turning two-factor on or off (a stolen access token must not brute-force the code). */
  mfaCodeFailuresPerUser: { limit: 5, windowSeconds: 15 * 60 },
  /** Every widget session (new or resumed visitor) from one IP. */
  widgetSessionsPerIp: { limit: 120, windowSeconds: 10 * 60 },
  /** Widget sessions that create a new visitor, from one IP. */
  newVisitorsPerIp: { limit: 30, windowSeconds: 10 * 60 },
} as const;

export type LimitName = keyof typeof LIMITS;

/** The caller's IP as a limit's subject (routes pass `clientOf(c)`); requests without one share the key "unknown". */
export const clientIp = (client: { ip: string | null } | undefined) => client?.ip ?? "unknown";

export const check = (name: LimitName, subject: string): RateLimitCheck => ({ key: `${name}:${subject}`, ...LIMITS[name] });

/** Counts one hit on each check; 429 RATE_LIMITED (with Retry-After) if any is over. */
export function enforce(env: Pick<Env, "DB">, checks: RateLimitCheck[], message?: string): Promise<void> {
  return enforceRateLimits(env, checks, message);
}

/** Counts one hit; false when over the limit (for silent limits). */
export async function allow(env: Pick<Env, "DB">, name: LimitName, subject: string): Promise<boolean> {
  const c = check(name, subject);
  return (await hitRateLimit(env, c.key, c.limit, c.windowSeconds)).allowed;
}

/** Counts one hit on each check without refusing anything. */
export async function hitAll(env: Pick<Env, "DB">, checks: RateLimitCheck[]): Promise<void> {
  await Promise.all(checks.map((c) => hitRateLimit(env, c.key, c.limit, c.windowSeconds)));
}

/** Takes back the hits of checks that turned out not to count (e.g. a sign-in that succeeded). */
export function refund(env: Pick<Env, "DB">, checks: RateLimitCheck[]): Promise<void> {
  return refundRateLimits(env, checks);
}
