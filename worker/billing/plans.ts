/**
 * The plans MiniChat sells, in one place: prices (THB and USD, monthly and
 * yearly, in minor units), limits and features. Everything that enforces or
 * shows a limit reads it from here.
 */
export const PLAN_IDS = ["free", "starter", "pro", "business"] as const;
export type PlanId = (typeof PLAN_IDS)[number];

/** A limit of `null` means unlimited. */
export interface PlanLimits {
  chatbots: number | null;
  seats: number | null;
  conversations_per_month: number | null;
  ai_replies_per_month: number | null;
  knowledge_pages: number | null;
  storage_mb: number | null;
  channels: number | null;
  api_requests_per_hour: number;
}

export interface PlanFeatures {
  commerce: boolean;
  flows: boolean;
  analytics_history_days: number;
  remove_branding: boolean;
  custom_domain: boolean;
  mfa_enforcement: boolean;
  sso: boolean;
}

export interface Plan {
  id: PlanId;
  name: string;
  /** Minor units (satang, cents). Yearly is the price of twelve months with two free. */
  prices: { thb: { monthly: number; yearly: number }; usd: { monthly: number; yearly: number } };
  limits: PlanLimits;
  features: PlanFeatures;
}

export const PLANS: Record<PlanId, Plan> = {
  free: {
    id: "free",
    name: "Free",
    prices: { thb: { monthly: 0, yearly: 0 }, usd: { monthly: 0, yearly: 0 } },
    limits: { chatbots: 1, seats: 3, conversations_per_month: 250, ai_replies_per_month: 500, knowledge_pages: 50, storage_mb: 50, channels: 1, api_requests_per_hour: 100 },
    features: { commerce: false, flows: false, analytics_history_days: 7, remove_branding: false, custom_domain: false, mfa_enforcement: false, sso: false },
  },
  starter: {
    id: "starter",
    name: "Starter",
    prices: { thb: { monthly: 590_00, yearly: 5_900_00 }, usd: { monthly: 19_00, yearly: 190_00 } },
    limits: { chatbots: 3, seats: 5, conversations_per_month: 2_000, ai_replies_per_month: 5_000, knowledge_pages: 500, storage_mb: 500, channels: 3, api_requests_per_hour: 500 },
    features: { commerce: true, flows: false, analytics_history_days: 90, remove_branding: false, custom_domain: false, mfa_enforcement: false, sso: false },
  },
  pro: {
    id: "pro",
    name: "Pro",
    prices: { thb: { monthly: 1_990_00, yearly: 19_900_00 }, usd: { monthly: 59_00, yearly: 590_00 } },
    limits: { chatbots: null, seats: 15, conversations_per_month: 10_000, ai_replies_per_month: 25_000, knowledge_pages: 5_000, storage_mb: 5_000, channels: 10, api_requests_per_hour: 2_000 },
    features: { commerce: true, flows: true, analytics_history_days: 365, remove_branding: true, custom_domain: false, mfa_enforcement: true, sso: false },
  },
  business: {
    id: "business",
    name: "Business",
    prices: { thb: { monthly: 5_990_00, yearly: 59_900_00 }, usd: { monthly: 179_00, yearly: 1_790_00 } },
    limits: { chatbots: null, seats: 50, conversations_per_month: 50_000, ai_replies_per_month: 150_000, knowledge_pages: 50_000, storage_mb: 50_000, channels: null, api_requests_per_hour: 10_000 },
    features: { commerce: true, flows: true, analytics_history_days: 730, remove_branding: true, custom_domain: true, mfa_enforcement: true, sso: false },
  },
};

export function isPlanId(value: unknown): value is PlanId {
  return typeof value === "string" && (PLAN_IDS as readonly string[]).includes(value);
}

/** A stored plan id that is not (or no longer) sold counts as the free plan. */
export function planOf(id: string | null | undefined): Plan {
  return isPlanId(id) ? PLANS[id] : PLANS.free;
}

/** The cheapest plan whose `limit` is above `used` (for the upgrade prompt), or null when none is. */
export function nextPlanFor(limit: keyof PlanLimits, used: number): PlanId | null {
  for (const id of PLAN_IDS) {
    const max = PLANS[id].limits[limit];
    if (max === null || max > used) return id;
  }
  return null;
}
