import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../i18n";

interface Props {
  value: string;
  testid: string;
  label?: string;
}

/** A read-only code box with a Copy button and a visible "Copied" confirmation. */
export function CopyBox({ value, testid, label }: Props) {
  const { t } = useI18n();
  const [state, setState] = useState<"idle" | "copied" | "failed">("idle");
  useEffect(() => {
    if (state === "idle") return;
    const t = setTimeout(() => setState("idle"), 2500);
    return () => clearTimeout(t);
  }, [state]);

  const copy = async () => {
    try {
      await navigator.clipboard.writeText(value);
      setState("copied");
    } catch {
      setState("failed");
    }
  };

  return (
    <div>
      <pre class="code-box" data-testid={testid}>
        {value}
      </pre>
      <div class="code-box-actions">
        <button type="button" class="btn btn-sm" data-testid={`${testid}-copy`} onClick={() => void copy()}>
          {label ?? t("copy.copy")}
        </button>
        {state === "copied" && (
          <span class="copied" data-testid={`${testid}-copied`} role="status">
            {t("copy.copied")}
          </span>
        )}
        {state === "failed" && <span class="field-error">{t("copy.failed")}</span>}
      </div>
    </div>
  );
}
