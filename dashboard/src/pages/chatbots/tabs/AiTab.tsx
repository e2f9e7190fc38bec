import { CheckField, SelectField, TextAreaField, TextField } from "../../../components/Form";
import { useI18n } from "../../../i18n";
import { DEFAULT_MODELS, PROVIDERS } from "../model";
import type { ChatbotConfig } from "../model";
import type { TabProps } from "./types";
import { ProviderKey } from "./ProviderKey";

type Provider = ChatbotConfig["ai_settings"]["provider"];

function num(v: string): number {
  return v === "" ? Number.NaN : Number(v);
}

export function AiTab({ config, set, errors, readOnly }: TabProps) {
  const { t, number } = useI18n();
  const ai = config.ai_settings;
  return (
    <div class="form">
      <div class="grid-2">
        <SelectField<Provider>
          label={t("ai.provider")}
          name="ai_settings.provider"
          value={ai.provider}
          options={PROVIDERS.map((p) => ({ value: p.value, label: t(`ai.provider.${p.value}`) }))}
          onValue={(v) => {
            set("ai_settings.provider", v);
            set("ai_settings.model", DEFAULT_MODELS[v]);
          }}
          error={errors["ai_settings.provider"]}
          disabled={readOnly}
        />
        <TextField
          label={t("ai.model")}
          name="ai_settings.model"
          value={ai.model}
          onValue={(v) => set("ai_settings.model", v)}
          error={errors["ai_settings.model"]}
          disabled={readOnly}
        />
      </div>
      {(ai.provider === "openai_compatible" || ai.provider === "anthropic") && <ProviderKey provider={ai.provider} />}
      <div class="grid-2">
        <TextField
          label={t("ai.temperature", { value: Number.isNaN(ai.temperature) ? "" : number(ai.temperature) })}
          name="ai_settings.temperature"
          type="number"
          step="0.1"
          min="0"
          max="2"
          value={Number.isNaN(ai.temperature) ? "" : ai.temperature}
          onValue={(v) => set("ai_settings.temperature", num(v))}
          error={errors["ai_settings.temperature"]}
          hint={t("ai.temperatureHint")}
          disabled={readOnly}
        />
        <TextField
          label={t("ai.maxTokens")}
          name="ai_settings.max_tokens"
          type="number"
          min="100"
          max="2000"
          value={Number.isNaN(ai.max_tokens) ? "" : ai.max_tokens}
          onValue={(v) => set("ai_settings.max_tokens", num(v))}
          error={errors["ai_settings.max_tokens"]}
          hint={t("ai.maxTokensHint", { min: number(100), max: number(2000) })}
          disabled={readOnly}
        />
      </div>
      <TextAreaField
        label={t("ai.instructions")}
        name="ai_settings.custom_instructions"
        value={ai.custom_instructions}
        onValue={(v) => set("ai_settings.custom_instructions", v)}
        error={errors["ai_settings.custom_instructions"]}
        hint={t("ai.instructionsHint")}
        rows={4}
        disabled={readOnly}
      />
      <CheckField
        label={t("ai.useFallback")}
        name="ai_settings.enable_fallback_responses"
        checked={ai.enable_fallback_responses}
        onValue={(v) => set("ai_settings.enable_fallback_responses", v)}
        disabled={readOnly}
      />
      {ai.enable_fallback_responses && (
        <TextAreaField
          label={t("ai.fallback")}
          name="ai_settings.fallback_responses"
          value={ai.fallback_responses.join("\n")}
          onValue={(v) =>
            set(
              "ai_settings.fallback_responses",
              v.split("\n").filter((line, i, all) => line.trim() !== "" || i === all.length - 1),
            )
          }
          error={errors["ai_settings.fallback_responses"] ?? Object.entries(errors).find(([k]) => k.startsWith("ai_settings.fallback_responses."))?.[1]}
          hint={t("ai.fallbackHint", { max: 10 })}
          disabled={readOnly}
        />
      )}
    </div>
  );
}

export function EscalationTab({ config, set, errors, readOnly }: TabProps) {
  const { t, number } = useI18n();
  const ai = config.ai_settings;
  const trig = ai.escalation_triggers;
  return (
    <div class="form">
      <CheckField
        label={t("escalation.enable")}
        name="ai_settings.enable_escalation"
        checked={ai.enable_escalation}
        onValue={(v) => set("ai_settings.enable_escalation", v)}
        disabled={readOnly}
      />
      <fieldset class="fieldset" disabled={readOnly || !ai.enable_escalation}>
        <legend>{t("escalation.when")}</legend>
        <TextField
          label={t("escalation.lowConfidence", { percent: number(trig.low_confidence_threshold || 0, { style: "percent" }) })}
          name="ai_settings.escalation_triggers.low_confidence_threshold"
          type="range"
          min="0"
          max="1"
          step="0.05"
          value={trig.low_confidence_threshold}
          onValue={(v) => set("ai_settings.escalation_triggers.low_confidence_threshold", Number(v))}
          error={errors["ai_settings.escalation_triggers.low_confidence_threshold"]}
        />
        <CheckField
          label={t("escalation.frustration")}
          name="ai_settings.escalation_triggers.frustration_detection"
          checked={trig.frustration_detection}
          onValue={(v) => set("ai_settings.escalation_triggers.frustration_detection", v)}
        />
        <CheckField
          label={t("escalation.explicit")}
          name="ai_settings.escalation_triggers.explicit_request"
          checked={trig.explicit_request}
          onValue={(v) => set("ai_settings.escalation_triggers.explicit_request", v)}
        />
        <TextField
          label={t("escalation.maxFailed")}
          name="ai_settings.escalation_triggers.max_failed_responses"
          type="number"
          min="1"
          max="10"
          value={Number.isNaN(trig.max_failed_responses) ? "" : trig.max_failed_responses}
          onValue={(v) => set("ai_settings.escalation_triggers.max_failed_responses", num(v))}
          error={errors["ai_settings.escalation_triggers.max_failed_responses"]}
        />
      </fieldset>
    </div>
  );
}
