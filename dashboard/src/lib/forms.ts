import { useState } from "preact/hooks";
import { t } from "../i18n";
import { ApiError, errorMessage } from "./api";

/**
 * Submit state for a form: busy flag, a form-level message and the API's
 * per-field validation messages (`details.issues[].path`).
 */
export function useSubmit() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [fields, setFields] = useState<Record<string, string>>({});

  async function run<T>(fn: () => Promise<T>): Promise<T | undefined> {
    setBusy(true);
    setError(null);
    setFields({});
    try {
      return await fn();
    } catch (err) {
      if (err instanceof ApiError) {
        const fe = err.fieldErrors;
        setFields(fe);
        setError(Object.keys(fe).length ? t("errors.fixFields") : errorMessage(err));
      } else {
        setError(errorMessage(err));
      }
      return undefined;
    } finally {
      setBusy(false);
    }
  }

  return { busy, error, fields, run, setError, setFields };
}
