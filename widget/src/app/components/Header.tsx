import type { Translate } from "../../i18n";
import type { ChatState } from "../chat";
import type { WidgetConfig } from "../config";

interface Props {
  config: WidgetConfig;
  state: ChatState;
  t: Translate;
  max: boolean;
  onMax(): void;
  onClose(): void;
  /** Shown when the chatbot offers "Download / delete my data". */
  onData?: () => void;
}

export function Header({ config, state, t, max, onMax, onClose, onData }: Props) {
  const name = state.agent?.name ?? config.name;
  const online = config.online || !!state.agent;
  return (
    <div class="h">
      {config.avatarUrl && !state.agent ? (
        <img class="av" src={config.avatarUrl} alt="" width={36} height={36} />
      ) : (
        <span class="av" aria-hidden="true">{name.slice(0, 1).toUpperCase()}</span>
      )}
      <div class="who">
        <strong>{name}</strong>
        <span class={`st ${online ? "on" : ""}`}>{online ? t("online") : t("offline")}</span>
      </div>
      {onData && (
        <button type="button" class="ic" aria-label={t("myData")} title={t("myData")} onClick={onData}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M12 3l8 3v6c0 5-3.5 8-8 9-4.5-1-8-4-8-9V6zM9 12l2 2 4-4" />
          </svg>
        </button>
      )}
      <button type="button" class="ic mx" aria-label={max ? t("minimise") : t("maximise")} aria-pressed={max} onClick={onMax}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          {max ? <path d="M9 4v5H4M15 4v5h5M9 20v-5H4M15 20v-5h5" /> : <path d="M4 9V4h5M20 9V4h-5M4 15v5h5M20 15v5h-5" />}
        </svg>
      </button>
      <button type="button" class="ic" aria-label={t("closeChat")} onClick={onClose}>
        <svg viewBox="0 0 24 24" aria-hidden="true">
          <path d="M6 6l12 12M18 6L6 18" />
        </svg>
      </button>
    </div>
  );
}
