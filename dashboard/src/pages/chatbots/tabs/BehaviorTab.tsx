import { CheckField, SelectField, TextField } from "../../../components/Form";
import { useI18n } from "../../../i18n";
import type { TabProps } from "./types";

const num = (v: string) => (v === "" ? Number.NaN : Number(v));
const show = (n: number) => (Number.isNaN(n) ? "" : n);

export function BehaviorTab({ config, set, errors, readOnly }: TabProps) {
  const { t, number } = useI18n();
  const b = config.behavior_settings;
  return (
    <div class="form">
      <SelectField
        label={t("behavior.mode")}
        name="behavior_settings.bot_mode"
        value={b.bot_mode}
        options={(["active", "passive", "off"] as const).map((value) => ({ value, label: t(`behavior.mode.${value}`) }))}
        onValue={(v) => set("behavior_settings.bot_mode", v)}
        error={errors["behavior_settings.bot_mode"]}
        disabled={readOnly}
      />
      <div class="grid-2">
        <TextField
          label={t("behavior.delay")}
          name="behavior_settings.response_delay"
          type="number"
          min="0"
          max="5000"
          step="100"
          value={show(b.response_delay)}
          onValue={(v) => set("behavior_settings.response_delay", num(v))}
          error={errors["behavior_settings.response_delay"]}
          hint={t("behavior.delayHint", { min: number(0), max: number(5000) })}
          disabled={readOnly}
        />
        <TextField
          label={t("behavior.inactivity")}
          name="behavior_settings.inactivity_timeout"
          type="number"
          min="1"
          max="30"
          value={Number.isNaN(b.inactivity_timeout) ? "" : Math.round(b.inactivity_timeout / 60000)}
          onValue={(v) => set("behavior_settings.inactivity_timeout", num(v) * 60000)}
          error={errors["behavior_settings.inactivity_timeout"]}
          hint={t("behavior.inactivityHint", { min: number(1), max: number(30) })}
          disabled={readOnly}
        />
        <TextField
          label={t("behavior.maxLength")}
          name="behavior_settings.max_conversation_length"
          type="number"
          min="5"
          max="500"
          value={show(b.max_conversation_length)}
          onValue={(v) => set("behavior_settings.max_conversation_length", num(v))}
          error={errors["behavior_settings.max_conversation_length"]}
          hint={t("behavior.maxLengthHint")}
          disabled={readOnly}
        />
        <TextField
          label={t("behavior.agentWait")}
          name="behavior_settings.agent_reply_timeout_ms"
          type="number"
          min="1"
          max="60"
          value={Number.isNaN(b.agent_reply_timeout_ms) ? "" : Math.round(b.agent_reply_timeout_ms / 60000)}
          onValue={(v) => set("behavior_settings.agent_reply_timeout_ms", num(v) * 60000)}
          error={errors["behavior_settings.agent_reply_timeout_ms"]}
          hint={t("behavior.agentWaitHint")}
          disabled={readOnly}
        />
        <TextField
          label={t("behavior.escalationWait")}
          name="behavior_settings.escalation_wait_minutes"
          type="number"
          min="1"
          max="60"
          value={show(b.escalation_wait_minutes ?? 5)}
          onValue={(v) => set("behavior_settings.escalation_wait_minutes", num(v))}
          error={errors["behavior_settings.escalation_wait_minutes"]}
          hint={t("behavior.escalationWaitHint", { min: number(1), max: number(60) })}
          disabled={readOnly}
        />
      </div>
      <CheckField
        label={t("behavior.typing")}
        name="behavior_settings.show_typing_indicator"
        checked={b.show_typing_indicator}
        onValue={(v) => set("behavior_settings.show_typing_indicator", v)}
        disabled={readOnly}
      />
      <CheckField
        label={t("behavior.rich")}
        name="behavior_settings.enable_rich_responses"
        checked={b.enable_rich_responses}
        onValue={(v) => set("behavior_settings.enable_rich_responses", v)}
        hint={t("behavior.richHint")}
        disabled={readOnly}
      />
      <CheckField
        label={t("behavior.transcript")}
        name="behavior_settings.transcript_email"
        checked={b.transcript_email ?? false}
        onValue={(v) => set("behavior_settings.transcript_email", v)}
        hint={t("behavior.transcriptHint")}
        disabled={readOnly}
      />
    </div>
  );
}
