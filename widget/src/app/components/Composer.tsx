import { useRef, useState } from "preact/hooks";
import type { Translate } from "../../i18n";
import type { Chat } from "../chat";

const MAX_BYTES = 10 * 1024 * 1024;
const ACCEPT = "image/png,image/jpeg,image/gif,image/webp,application/pdf";

export function Composer({ chat, t }: { chat: Chat; t: Translate }) {
  const [text, setText] = useState("");
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState("");
  const input = useRef<HTMLTextAreaElement>(null);
  const file = useRef<HTMLInputElement>(null);

  const submit = () => {
    if (!text.trim()) return;
    chat.send(text);
    setText("");
    input.current?.focus();
  };

  const onKeyDown = (e: KeyboardEvent) => {
    if (e.key === "Enter" && !e.shiftKey && !e.isComposing) {
      e.preventDefault();
      submit();
    }
  };

  const onFile = async () => {
    const f = file.current?.files?.[0];
    if (file.current) file.current.value = "";
    if (!f) return;
    setError("");
    if (!ACCEPT.split(",").includes(f.type)) return setError(t("attachWrongType"));
    if (f.size > MAX_BYTES) return setError(t("attachTooLarge"));
    setBusy(true);
    try {
      const att = await chat.upload(f);
      chat.send(text, { attachments: [att] });
      setText("");
    } catch {
      setError(t("uploadFailed"));
    } finally {
      setBusy(false);
    }
  };

  return (
    <form
      class="cmp"
      onSubmit={(e) => {
        e.preventDefault();
        submit();
      }}
    >
      {error && (
        <p class="err" role="alert">
          {error}
        </p>
      )}
      <div class="row">
        <label class="ic at" aria-label={t("attach")} title={t("attach")}>
          <input ref={file} type="file" accept={ACCEPT} onChange={onFile} disabled={busy} />
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M21 11l-8.5 8.5a5 5 0 0 1-7-7L14 4a3.5 3.5 0 0 1 5 5l-8.5 8.5a2 2 0 0 1-3-3L15 7" />
          </svg>
        </label>
        <textarea
          ref={input}
          rows={1}
          value={text}
          maxLength={4000}
          aria-label={t("composerLabel")}
          placeholder={busy ? t("uploading") : t("composerPlaceholder")}
          onInput={(e) => {
            setText((e.target as HTMLTextAreaElement).value);
            chat.typing();
          }}
          onKeyDown={onKeyDown}
        />
        <button type="submit" class="ic snd" aria-label={t("send")} disabled={!text.trim()}>
          <svg viewBox="0 0 24 24" aria-hidden="true">
            <path d="M3 20l18-8L3 4v6l12 2-12 2z" />
          </svg>
        </button>
      </div>
    </form>
  );
}
