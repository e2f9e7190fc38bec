import { CopyBox } from "../../../components/CopyBox";
import { TextAreaField } from "../../../components/Form";
import type { ChatbotResponse } from "../model";
import type { TabProps } from "./types";

interface Props extends TabProps {
  bot: ChatbotResponse | null;
  canRotate: boolean;
  onRotate: () => void;
}

export function InstallTab({ config, set, errors, readOnly, bot, canRotate, onRotate }: Props) {
  const originError = Object.entries(errors).find(([k]) => k === "allowed_origins" || k.startsWith("allowed_origins."))?.[1];
  return (
    <div class="form">
      {bot ? (
        <div class="field">
          <span class="field-label">Embed code</span>
          <p class="hint">Paste this just before the closing &lt;/body&gt; tag of every page where the chat should appear.</p>
          <CopyBox value={bot.embed_code ?? ""} testid="embed-code" label="Copy" />
        </div>
      ) : (
        <div class="alert alert-info">Save the chatbot to get its embed code.</div>
      )}
      {bot && (
        <div class="field">
          <span class="field-label">Public key</span>
          <div class="row">
            <code data-testid="public-key">{bot.public_key}</code>
            {canRotate && (
              <button type="button" class="btn btn-ghost btn-sm" data-testid="rotate-key" onClick={onRotate}>
                Rotate key
              </button>
            )}
          </div>
          <p class="hint">Safe to publish. Rotating it stops the old embed code from working.</p>
        </div>
      )}
      <TextAreaField
        label="Allowed websites"
        name="allowed_origins"
        value={config.allowed_origins.join("\n")}
        onValue={(v) =>
          set(
            "allowed_origins",
            v.split("\n").map((s) => s.trim()).filter((s, i, all) => s !== "" || i === all.length - 1),
          )
        }
        error={originError}
        hint="One origin per line, e.g. https://shop.example.com or https://*.example.com. The widget only loads on these sites."
        rows={4}
        disabled={readOnly}
      />
    </div>
  );
}
