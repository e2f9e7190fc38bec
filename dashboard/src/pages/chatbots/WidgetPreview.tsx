import { useState } from "preact/hooks";
import type { ChatbotConfig } from "./model";
import { useI18n } from "../../i18n";

const SIZES = {
  small: { w: 280, h: 380 },
  medium: { w: 320, h: 430 },
  large: { w: 360, h: 480 },
} as const;

const SAMPLE_QUESTION = {
  en: "Do you ship to Chiang Mai?",
  th: "ส่งของไปเชียงใหม่ได้ไหมคะ",
};
const SAMPLE_ANSWER = {
  en: "Yes! We ship nationwide. Orders to Chiang Mai usually arrive in 2–3 days.",
  th: "ได้ค่ะ เราจัดส่งทั่วประเทศ ไปเชียงใหม่ใช้เวลาประมาณ 2–3 วันค่ะ",
};

function isHex(v: string) {
  return /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/.test(v);
}

/** A live, static rendering of the widget's look: launcher plus a sample chat panel. */
export function WidgetPreview({ config }: { config: ChatbotConfig }) {
  const [open, setOpen] = useState(true);
  const w = config.widget_settings;
  const theme = {
    primary: isHex(w.theme.primary_color) ? w.theme.primary_color : "#3B82F6",
    secondary: isHex(w.theme.secondary_color) ? w.theme.secondary_color : "#1E40AF",
    text: isHex(w.theme.text_color) ? w.theme.text_color : "#FFFFFF",
    background: isHex(w.theme.background_color) ? w.theme.background_color : "#FFFFFF",
  };
  const size = SIZES[w.size] ?? SIZES.medium;
  const left = w.position === "bottom-left";
  const lang = w.locale === "th" ? "th" : "en";
  const name = config.name.trim() || "Your chatbot"; // i18n-ignore: the preview shows what visitors see
  const initial = name[0]?.toUpperCase() ?? "?";
  const avatarOk = w.avatar_url && /^https:\/\//.test(w.avatar_url);

  const vars = {
    "--wp-primary": theme.primary,
    "--wp-secondary": theme.secondary,
    "--wp-text": theme.text,
    "--wp-bg": theme.background,
    "--wp-w": `${size.w}px`,
    "--wp-h": `${size.h}px`,
  } as Record<string, string>;

  const { t } = useI18n();
  return (
    <div class="preview" data-testid="widget-preview" data-position={w.position} data-size={w.size}>
      <div class="preview-toolbar">
        <span class="field-label">{t("preview.title")}</span>
        <button type="button" class="btn btn-ghost btn-sm" onClick={() => setOpen(!open)} data-testid="preview-toggle">
          {open ? t("preview.showClosed") : t("preview.showOpen")}
        </button>
      </div>
      <div class="preview-stage" style={vars}>
        <div class="preview-page" aria-hidden="true">
          <div class="pp-bar" />
          <div class="pp-line w60" />
          <div class="pp-line w80" />
          <div class="pp-line w40" />
          <div class="pp-block" />
          <div class="pp-line w70" />
        </div>
        {open && (
          <div class={`wp-panel ${left ? "left" : "right"}`} data-testid="preview-panel">
            <div class="wp-header">
              {avatarOk ? (
                <img class="wp-avatar" src={w.avatar_url ?? ""} alt="" data-testid="preview-avatar" />
              ) : (
                <span class="wp-avatar wp-initial" data-testid="preview-avatar">
                  {initial}
                </span>
              )}
              <div>
                <div class="wp-title" data-testid="preview-name">
                  {name}
                </div>
                <div class="wp-status">{config.business_hours.enabled ? "Replies during business hours" : "Online"}</div> {/* i18n-ignore: the visitor's widget text */}
              </div>
              <span class="wp-close" aria-hidden="true">
                ×
              </span>
            </div>
            <div class="wp-body">
              <div class="wp-msg bot" data-testid="preview-greeting">
                {config.greeting_message || "…"}
              </div>
              <div class="wp-msg visitor">{SAMPLE_QUESTION[lang]}</div>
              <div class="wp-msg bot">{SAMPLE_ANSWER[lang]}</div>
              {config.behavior_settings.show_typing_indicator && (
                <div class="wp-typing" aria-hidden="true">
                  <i />
                  <i />
                  <i />
                </div>
              )}
            </div>
            <div class="wp-input">
              <span>{lang === "th" ? "พิมพ์ข้อความ…" : "Type a message…"}</span> {/* i18n-ignore: the visitor's widget text */}
              <span class="wp-send">➤</span>
            </div>
          </div>
        )}
        <button type="button" class={`wp-launcher ${left ? "left" : "right"}`} data-testid="preview-launcher" onClick={() => setOpen(!open)}>
          <svg class="wp-bubble" viewBox="0 0 24 24" width="18" height="18" aria-hidden="true">
            <path
              fill="currentColor"
              d="M12 3C6.5 3 2 6.9 2 11.7c0 2.4 1.1 4.6 3 6.2L4.3 21a.6.6 0 0 0 .9.6l3.6-2c1 .3 2.1.4 3.2.4 5.5 0 10-3.9 10-8.7S17.5 3 12 3Z"
            />
          </svg>
          <span data-testid="preview-button-text">{w.button_text || "Chat"}</span> {/* i18n-ignore: the visitor's widget text */}
        </button>
      </div>
    </div>
  );
}
