import { useEffect, useRef, useState } from "preact/hooks";
import { useI18n } from "../../i18n";
import { api, errorMessage } from "../../lib/api";
import type { AttachmentRef, CannedResponse } from "./types";

/**
 * The reply box: `/` opens canned-response suggestions (expanded on the server
 * with the visitor's and agent's names), typing is signalled to the visitor,
 * Enter sends, Shift+Enter adds a line.
 */
export function Composer(props: {
  conversationId: string;
  disabledReason: string | null;
  canned: CannedResponse[];
  onSend: (text: string, attachments: AttachmentRef[]) => Promise<void>;
  onTyping: (typing: boolean) => void;
}) {
  const { t } = useI18n();
  const [text, setText] = useState("");
  const [sending, setSending] = useState(false);
  const [error, setError] = useState<string | null>(null);
  const [files, setFiles] = useState<AttachmentRef[]>([]);
  const [active, setActive] = useState(0);
  const typingTimer = useRef<ReturnType<typeof setTimeout> | undefined>(undefined);
  const typing = useRef(false);
  const inputRef = useRef<HTMLTextAreaElement>(null);

  useEffect(() => {
    setText("");
    setFiles([]);
    setError(null);
  }, [props.conversationId]);

  const slash = /(?:^|\s)(\/[\p{L}\p{N}_-]*)$/u.exec(text)?.[1] ?? null;
  const suggestions = slash !== null ? props.canned.filter((c) => c.shortcut.startsWith(slash.toLowerCase())).slice(0, 6) : [];

  const stopTyping = () => {
    clearTimeout(typingTimer.current);
    if (typing.current) {
      typing.current = false;
      props.onTyping(false);
    }
  };
  const onInput = (value: string) => {
    setText(value);
    setActive(0);
    if (!typing.current && value) {
      typing.current = true;
      props.onTyping(true);
    }
    clearTimeout(typingTimer.current);
    typingTimer.current = setTimeout(stopTyping, 3000);
  };

  const pick = async (c: CannedResponse) => {
    const before = text.slice(0, text.length - (slash?.length ?? 0));
    try {
      const res = await api<{ text: string }>("/api/v1/canned-responses/expand", { body: { text: c.shortcut, conversation_id: props.conversationId } });
      setText(before + res.text);
    } catch {
      setText(before + c.text);
    }
    inputRef.current?.focus();
  };

  const send = async () => {
    const body = text.trim();
    if ((!body && files.length === 0) || sending) return;
    setSending(true);
    setError(null);
    try {
      let out = body;
      if (/(^|\s)\/[\p{L}\p{N}_-]+/u.test(out)) {
        out = (await api<{ text: string }>("/api/v1/canned-responses/expand", { body: { text: out, conversation_id: props.conversationId } })).text;
      }
      await props.onSend(out, files);
      setText("");
      setFiles([]);
      stopTyping();
    } catch (err) {
      setError(errorMessage(err));
    } finally {
      setSending(false);
    }
  };

  const upload = async (file: File) => {
    const form = new FormData();
    form.append("file", file);
    try {
      const att = await api<AttachmentRef>(`/api/v1/conversations/${props.conversationId}/attachments`, { method: "POST", body: form });
      setFiles((f) => [...f, att]);
    } catch (err) {
      setError(errorMessage(err));
    }
  };

  if (props.disabledReason) {
    return (
      <div class="composer composer-disabled" data-testid="composer-disabled">
        <textarea class="textarea" data-testid="composer-input" disabled placeholder={props.disabledReason} />
        <p class="muted small">{props.disabledReason}</p>
      </div>
    );
  }

  return (
    <div class="composer">
      {suggestions.length > 0 && (
        <ul class="canned-suggestions" data-testid="canned-suggestions" role="listbox">
          {suggestions.map((c, i) => (
            <li key={c.id}>
              <button type="button" class={i === active ? "active" : ""} onMouseDown={(e) => (e.preventDefault(), void pick(c))}>
                <strong>{c.shortcut}</strong> <span class="muted">{c.title}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
      {files.length > 0 && (
        <div class="row small">
          {files.map((f) => (
            <span key={f.id} class="tag-chip">
              📎 {f.name}
              <button type="button" class="btn-link" onClick={() => setFiles((all) => all.filter((x) => x.id !== f.id))} aria-label={t("composer.removeAttachment")}>
                ×
              </button>
            </span>
          ))}
        </div>
      )}
      <textarea
        ref={inputRef}
        class="textarea"
        data-testid="composer-input"
        placeholder={t("composer.placeholder")}
        aria-label={t("composer.placeholder")}
        value={text}
        onInput={(e) => onInput((e.currentTarget as HTMLTextAreaElement).value)}
        onBlur={stopTyping}
        onKeyDown={(e) => {
          if (suggestions.length > 0 && (e.key === "ArrowDown" || e.key === "ArrowUp")) {
            e.preventDefault();
            setActive((a) => (a + (e.key === "ArrowDown" ? 1 : suggestions.length - 1)) % suggestions.length);
          } else if (suggestions.length > 0 && (e.key === "Tab" || e.key === "Enter")) {
            e.preventDefault();
            void pick(suggestions[active]!);
          } else if (e.key === "Enter" && !e.shiftKey) {
            e.preventDefault();
            void send();
          }
        }}
      />
      {error && <div class="alert alert-error small">{error}</div>}
      <div class="row">
        <label class="btn btn-ghost btn-sm">
          {t("composer.attach")}
          <input
            type="file"
            hidden
            accept="image/png,image/jpeg,image/gif,image/webp,application/pdf"
            onChange={(e) => {
              const input = e.currentTarget as HTMLInputElement;
              const f = input.files?.[0];
              if (f) void upload(f);
              input.value = "";
            }}
          />
        </label>
        <span class="spacer" />
        <button type="button" class="btn btn-primary" data-testid="composer-send" disabled={sending || (!text.trim() && files.length === 0)} onClick={() => void send()}>
          {t("composer.send")}
        </button>
      </div>
    </div>
  );
}
