import { useEffect, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";

interface Template {
  name: string;
  language: string;
  body: string;
  param_count: number;
}

/** GET /api/v1/conversations/:id/reply-window */
export interface ReplyWindowState {
  channel: string;
  state: "open" | "human_agent" | "closed";
  closes_at: string | null;
  templates_required: boolean;
  templates: Template[];
}

/** Channels whose provider limits when the business may write (Meta's 24-hour window). */
const WINDOWED = new Set(["whatsapp", "messenger", "instagram"]);

/** The conversation's reply window, read again whenever the customer writes (`inboundCount`) and every minute. */
export function useReplyWindow(conversationId: string, channel: string | undefined, inboundCount: number): ReplyWindowState | null {
  const [w, setW] = useState<ReplyWindowState | null>(null);
  const [tick, setTick] = useState(0);
  const windowed = Boolean(channel && WINDOWED.has(channel));
  useEffect(() => {
    setW(null);
  }, [conversationId]);
  useEffect(() => {
    if (!windowed) return;
    let stop = false;
    api<ReplyWindowState>(`/api/v1/conversations/${encodeURIComponent(conversationId)}/reply-window`)
      .then((r) => !stop && setW(r))
      .catch(() => undefined);
    const timer = setTimeout(() => setTick((n) => n + 1), 60_000);
    return () => {
      stop = true;
      clearTimeout(timer);
    };
  }, [conversationId, windowed, inboundCount, tick]);
  return windowed ? w : null;
}

/** Why free-form replies cannot go out now (the composer shows it in place of the input), or null. */
export function useWindowReason(w: ReplyWindowState | null): string | null {
  const { t } = useI18n();
  if (!w) return null;
  if (w.templates_required) return t("whatsapp.window.closed");
  if (w.state === "closed") return t("whatsapp.window.gone");
  return null;
}

/** A line above the composer while the window is open (when it closes) or agent-only (Messenger/Instagram). */
export function ReplyWindowNotice({ w }: { w: ReplyWindowState }) {
  const { t, date } = useI18n();
  const when = w.closes_at ? date(w.closes_at, { dateStyle: "medium", timeStyle: "short" }) : "";
  if (w.state === "open" && w.channel === "whatsapp" && w.closes_at) return <p class="composer-hint small muted" data-testid="reply-window" data-state="open">{t("whatsapp.window.open", { when })}</p>;
  if (w.state === "human_agent") return <p class="composer-hint small muted" data-testid="reply-window" data-state="human_agent">{t("whatsapp.window.humanAgent", { when })}</p>;
  return null;
}

/** Outside WhatsApp's window: choose an approved template, fill its values, send it as the agent. */
export function TemplatePicker({ conversationId, templates }: { conversationId: string; templates: Template[] }) {
  const { t } = useI18n();
  const [chosen, setChosen] = useState("");
  const [values, setValues] = useState<string[]>([]);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const tpl = templates.find((x) => `${x.name}|${x.language}` === chosen);

  if (!templates.length) return <p class="small muted" data-testid="template-none">{t("whatsapp.template.none")}</p>;

  const send = async () => {
    if (!tpl) return;
    setBusy(true);
    setError(null);
    try {
      await api(`/api/v1/conversations/${encodeURIComponent(conversationId)}/channel-template`, {
        method: "POST",
        body: { name: tpl.name, language: tpl.language, parameters: values.slice(0, tpl.param_count), client_id: `tpl-${Date.now()}-${Math.random().toString(36).slice(2, 8)}` },
      });
      setChosen("");
      setValues([]);
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setBusy(false);
    }
  };

  const preview = tpl ? tpl.body.replace(/\{\{\s*(\d+)\s*\}\}/g, (whole, n: string) => values[Number(n) - 1]?.trim() || whole) : "";
  return (
    <div class="inline-panel template-picker" data-testid="template-picker">
      <label class="small" for="template-choice">
        {t("whatsapp.template.choose")}
      </label>
      <select id="template-choice" class="select input" data-testid="template-choice" value={chosen} onChange={(e) => (setChosen((e.currentTarget as HTMLSelectElement).value), setValues([]))}>
        <option value="">{t("whatsapp.template.pick")}</option>
        {templates.map((x) => (
          <option key={`${x.name}|${x.language}`} value={`${x.name}|${x.language}`}>
            {x.name} · {x.language}
          </option>
        ))}
      </select>
      {tpl && (
        <>
          <p class="small" data-testid="template-preview">{preview}</p>
          {Array.from({ length: tpl.param_count }, (_, i) => (
            <input
              key={i}
              class="input"
              data-testid={`template-param-${i + 1}`}
              aria-label={t("whatsapp.template.parameter", { n: i + 1 })}
              placeholder={t("whatsapp.template.parameter", { n: i + 1 })}
              value={values[i] ?? ""}
              onInput={(e) => {
                const v = (e.currentTarget as HTMLInputElement).value;
                setValues((all) => Object.assign([...all], { [i]: v }));
              }}
            />
          ))}
        </>
      )}
      {error && <div class="alert alert-error small">{error}</div>}
      <div class="row">
        <span class="spacer" />
        <button
          type="button"
          class="btn btn-primary btn-sm"
          data-testid="template-send"
          disabled={!tpl || busy || values.slice(0, tpl.param_count).filter((v) => v?.trim()).length < tpl.param_count}
          onClick={() => void send()}
        >
          {busy ? t("whatsapp.template.sending") : t("whatsapp.template.send")}
        </button>
      </div>
    </div>
  );
}
