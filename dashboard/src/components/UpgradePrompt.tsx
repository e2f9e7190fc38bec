import { useI18n, type MessageKey } from "../i18n";
import { ApiError } from "../lib/api";

/** What a `402 PLAN_LIMIT` answer carries in `error.details`. */
export interface PlanLimitDetails {
  resource: string;
  limit: number;
  used: number;
  plan: string;
  suggested_plan: string | null;
}

/** The details of a plan-limit refusal, or null for any other error. */
export function planLimitOf(err: unknown): PlanLimitDetails | null {
  if (!(err instanceof ApiError) || err.status !== 402 || err.code !== "PLAN_LIMIT") return null;
  const d = err.details as Partial<PlanLimitDetails> | undefined;
  if (!d || typeof d.limit !== "number" || typeof d.resource !== "string") return null;
  return { resource: d.resource, limit: d.limit, used: d.used ?? d.limit, plan: d.plan ?? "free", suggested_plan: d.suggested_plan ?? null };
}

/** Tells the owner which limit was reached and links to the plans (shown where the refused action was). */
export function UpgradePrompt({ details }: { details: PlanLimitDetails | null }) {
  const { t, number } = useI18n();
  if (!details) return null;
  const what = t(`billing.metric.${details.resource}` as MessageKey);
  return (
    <div class="alert alert-warning upgrade-prompt" role="alert" data-testid="upgrade-prompt">
      <p>{t("billing.upgrade.reached", { metric: what, limit: number(details.limit), plan: details.plan })}</p>
      <a class="btn btn-primary" href={`/billing${details.suggested_plan ? `?plan=${details.suggested_plan}` : ""}`} data-testid="upgrade-link">
        {details.suggested_plan ? t("billing.upgrade.to", { plan: details.suggested_plan }) : t("billing.upgrade.see")}
      </a>
    </div>
  );
}
