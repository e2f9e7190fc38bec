import { CopyBox } from "../../../components/CopyBox";
import { TextAreaField } from "../../../components/Form";
import type { ChatbotResponse } from "../model";
import type { TabProps } from "./types";
import { useI18n } from "../../../i18n";

interface Props extends TabProps {
  bot: ChatbotResponse | null;
  canRotate: boolean;
  onRotate: () => void;
}

export function InstallTab({ config, set, errors, readOnly, bot, canRotate, onRotate }: Props) {
  const { t } = useI18n();
  const originError = Object.entries(errors).find(([k]) => k === "allowed_origins" || k.startsWith("allowed_origins."))?.[1];
  return (
    <div class="form">
      {bot ? (
        <div class="field">
          <span class="field-label">{t("install.embed")}</span>
          <p class="hint">{t("install.embedHint")}</p>
          <CopyBox value={bot.embed_code ?? ""} testid="embed-code" />
        </div>
      ) : (
        <div class="alert alert-info">{t("install.saveFirst")}</div>
      )}
      {bot && (
        <div class="field">
          <span class="field-label">{t("install.publicKey")}</span>
          <div class="row">
            <code data-testid="public-key">{bot.public_key}</code>
            {canRotate && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="rotate-key" onClick={onRotate}>
                {t("install.rotate")}
              </button>
            )}
          </div>
          <p class="hint">{t("install.publicKeyHint")}</p>
        </div>
      )}
      <TextAreaField
        label={t("install.origins")}
        name="allowed_origins"
        value={config.allowed_origins.join("\n")}
        onValue={(v) =>
          set(
            "allowed_origins",
            v.split("\n").map((s) => s.trim()).filter((s, i, all) => s !== "" || i === all.length - 1),
          )
        }
        error={originError}
        hint={t("install.originsHint")}
        rows={4}
        disabled={readOnly}
      />
    </div>
  );
}
