import { useI18n } from "../../i18n";
import type { MessageKey } from "../../i18n/messages";
import type { ConversationDetail } from "./types";

/** What automation rules did in this conversation ("Rule “VIP”: Add tags"), from its `rule_applied` events. */
export function RuleActivity({ detail }: { detail: ConversationDetail }) {
  const { t, date } = useI18n();
  const lines = detail.events.filter((e) => e.type === "rule_applied");
  if (!lines.length) return null;
  return (
    <div class="panel-section" data-testid="rule-activity">
      <h3>{t("automation.title")}</h3>
      <ul class="small">
        {lines.map((e) => (
          <li key={e.id} title={typeof e.data?.summary === "string" ? e.data.summary : undefined} data-testid="rule-activity-line">
            {e.data?.ok === false ? "✕ " : ""}
            {t("automation.line", { rule: String(e.data?.rule_name ?? ""), action: t(`automation.action.${String(e.data?.action)}` as MessageKey) })}{" "}
            <span class="muted">{date(e.created_at, { timeStyle: "short" })}</span>
          </li>
        ))}
      </ul>
    </div>
  );
}
