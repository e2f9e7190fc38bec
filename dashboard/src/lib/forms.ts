import { useState } from "preact/hooks";
import { useToast } from "../components/Toasts";
import { planLimitOf, type PlanLimitDetails } from "../components/UpgradePrompt";
import { t } from "../i18n";
import { ApiError, errorMessage } from "./api";

export interface SubmitOptions {
  /** Show a failure as an error toast instead of the form-level `error` (per-field messages are still set). */
  toast?: boolean;
  /**
   * A `402 PLAN_LIMIT` answer becomes `planLimit` (the details the upgrade
   * prompt shows, with its link to the plans) instead of an error message.
   */
  planLimit?: boolean;
  /** Told which fields the API refused (e.g. to open the tab they are on); what it returns replaces the form-level message. */
  onFieldErrors?: (fields: Record<string, string>) => string | void;
}

/**
 * Submit state for a form or an action button: busy flag, a form-level
 * message (or an error toast), the API's per-field validation messages
 * (`details.issues[].path`) and a plan-limit refusal's details.
 */
export function useSubmit(opts: SubmitOptions = {}) {
  const notify = useToast();
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});
  const [planLimit, setPlanLimit] = useState<PlanLimitDetails | null>(null);

  function fail(message: string) {
    if (opts.toast) notify(message, "error");
    else setError(message);
  }

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setFields({});
    setPlanLimit(null);
    try {
      return await fn();
    } catch (err) {
      const limit = opts.planLimit ? planLimitOf(err) : null;
      if (limit) {
        setPlanLimit(limit);
      } else if (err instanceof ApiError) {
        const fe = err.fieldErrors;
        setFields(fe);
        const some = Object.keys(fe).length > 0;
        const custom = some ? opts.onFieldErrors?.(fe) : undefined;
        // a toast has no fields to point at: it says what the API said
        fail(custom ?? (some && !opts.toast ? t("errors.fixFields") : errorMessage(err)));
      } else {
        fail(errorMessage(err));
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  /** Clears the message, the field errors and the plan-limit prompt (e.g. when the form is reset). */
  function reset() {
    setError(null);
    setFields({});
    setPlanLimit(null);
  }

  return { busy, error, fields, planLimit, run, reset, setError, setFields };
}
