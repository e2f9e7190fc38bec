import { useState } from "preact/hooks";
import type { Translate } from "../../i18n";
import type { Chat } from "../chat";
import type { FormField, WidgetConfig } from "../config";

const EMAIL_RE = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;
type Values = Record<string, string>;

function validate(fields: FormField[], v: Values, t: Translate): Values {
  const errors: Values = {};
  for (const f of fields) {
    const val = (v[f.name] ?? "").trim();
    if (f.required && !val) errors[f.name] = t("fieldRequired");
    else if (val && f.type === "email" && !EMAIL_RE.test(val)) errors[f.name] = t("invalidEmail");
  }
  return errors;
}

function labelOf(f: FormField, t: Translate) {
  return f.builtin ? t(f.name as "name" | "email" | "phone" | "message") : f.label;
}

function Fields({ fields, values, errors, set, t }: { fields: FormField[]; values: Values; errors: Values; set(n: string, v: string): void; t: Translate }) {
  return (
    <>
      {fields.map((f) => {
        const id = `mc-f-${f.name}`;
        const props = {
          id,
          name: f.name,
          value: values[f.name] ?? "",
          required: f.required,
          "aria-invalid": errors[f.name] ? true : undefined,
          "aria-describedby": errors[f.name] ? `${id}-e` : undefined,
          onInput: (e: Event) => set(f.name, (e.target as HTMLInputElement).value),
        };
        return (
          <div class="fld" key={f.name}>
            <label for={id}>
              {labelOf(f, t)}
              {f.required && <span class="req"> *<span class="sr"> ({t("required")})</span></span>}
            </label>
            {f.type === "textarea" ? (
              <textarea rows={3} maxLength={4000} {...props} />
            ) : f.type === "select" ? (
              <select {...props}>
                <option value="" />
                {f.options?.map((o) => <option key={o}>{o}</option>)}
              </select>
            ) : (
              <input type={f.type === "phone" ? "tel" : f.type} maxLength={200} autocomplete={f.builtin ? (f.name === "phone" ? "tel" : f.name) : undefined} {...props} />
            )}
            {errors[f.name] && (
              <span class="ferr" id={`${id}-e`}>
                {errors[f.name]}
              </span>
            )}
          </div>
        );
      })}
    </>
  );
}

function toPreChat(fields: FormField[], v: Values) {
  const out: Record<string, unknown> = {};
  const custom: Record<string, string> = {};
  for (const f of fields) {
    const val = (v[f.name] ?? "").trim();
    if (!val || f.name === "message") continue;
    if (f.builtin) out[f.name] = val;
    else custom[f.name] = val;
  }
  if (Object.keys(custom).length) out.custom = custom;
  return out;
}

function useForm(fields: FormField[], t: Translate, initial: Values) {
  const [values, setValues] = useState<Values>(initial);
  const [errors, setErrors] = useState<Values>({});
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  const set = (n: string, v: string) => {
    setValues((old) => ({ ...old, [n]: v }));
    setErrors((old) => (old[n] ? { ...old, [n]: "" } : old));
  };
  const run = async (e: Event, action: (v: Values) => Promise<void>) => {
    e.preventDefault();
    const errs = validate(fields, values, t);
    setErrors(errs);
    if (Object.keys(errs).length) return;
    setBusy(true);
    setFailed(false);
    try {
      await action(values);
    } catch {
      setFailed(true);
    } finally {
      setBusy(false);
    }
  };
  return { values, errors, busy, failed, set, run };
}

type Identity = { name?: string; email?: string };

export function PreChatForm({ chat, config, t, identity }: { chat: Chat; config: WidgetConfig; t: Translate; identity: Identity }) {
  const fields = config.preChat ?? [];
  const f = useForm(fields, t, { name: identity.name ?? "", email: identity.email ?? "" });
  return (
    <form class="body form" noValidate onSubmit={(e) => f.run(e, (v) => chat.submitPreChat(toPreChat(fields, v)))}>
      {config.greeting && <p class="intro">{config.greeting}</p>}
      <p>{t("preChatIntro")}</p>
      <Fields fields={fields} values={f.values} errors={f.errors} set={f.set} t={t} />
      {f.failed && <p class="err" role="alert">{t("error")}</p>}
      <button type="submit" class="pri" disabled={f.busy}>
        {t("startChat")}
      </button>
    </form>
  );
}

const OFFLINE_FIELDS: FormField[] = [
  { name: "name", label: "", type: "text", required: true, builtin: true },
  { name: "email", label: "", type: "email", required: true, builtin: true },
  { name: "message", label: "", type: "textarea", required: true, builtin: true },
];

export function OfflineForm({ chat, config, t, sent, identity }: { chat: Chat; config: WidgetConfig; t: Translate; sent: boolean; identity: Identity }) {
  const f = useForm(OFFLINE_FIELDS, t, { name: identity.name ?? "", email: identity.email ?? "" });
  if (sent)
    return (
      <div class="body center" role="status">
        {t("offlineThanks")}
      </div>
    );
  return (
    <form class="body form" noValidate onSubmit={(e) => f.run(e, (v) => chat.submitOffline(toPreChat(OFFLINE_FIELDS, v), v.message.trim()))}>
      <h2>{t("offlineTitle")}</h2>
      <p>{config.offlineMessage || t("offlineIntro")}</p>
      <Fields fields={OFFLINE_FIELDS} values={f.values} errors={f.errors} set={f.set} t={t} />
      {f.failed && <p class="err" role="alert">{t("error")}</p>}
      <button type="submit" class="pri" disabled={f.busy}>
        {t("offlineSend")}
      </button>
    </form>
  );
}

export function RatingForm({ chat, t, done }: { chat: Chat; t: Translate; done: boolean }) {
  const [stars, setStars] = useState(0);
  const [comment, setComment] = useState("");
  const [busy, setBusy] = useState(false);
  const [failed, setFailed] = useState(false);
  if (done)
    return (
      <div class="rate" role="status">
        <p>{t("rateThanks")}</p>
        <button type="button" class="lnk" onClick={() => chat.startOver()}>
          {t("newConversation")}
        </button>
      </div>
    );
  return (
    <form
      class="rate"
      onSubmit={async (e) => {
        e.preventDefault();
        if (!stars) return;
        setBusy(true);
        try {
          await chat.rate(stars, comment.trim());
        } catch {
          setFailed(true);
        } finally {
          setBusy(false);
        }
      }}
    >
      <fieldset>
        <legend>{t("rateTitle")}</legend>
        <div class="stars">
          {[1, 2, 3, 4, 5].map((n) => (
            <label key={n} class={n <= stars ? "on" : ""} title={t("rateStar", { n })}>
              <input type="radio" name="mc-stars" value={n} checked={stars === n} onChange={() => setStars(n)} aria-label={t("rateStar", { n })} />
              <span aria-hidden="true">★</span>
            </label>
          ))}
        </div>
      </fieldset>
      <textarea rows={2} maxLength={1000} aria-label={t("rateComment")} placeholder={t("rateComment")} value={comment} onInput={(e) => setComment((e.target as HTMLTextAreaElement).value)} />
      {failed && <p class="err" role="alert">{t("error")}</p>}
      <button type="submit" class="pri" disabled={!stars || busy}>
        {t("rateSubmit")}
      </button>
    </form>
  );
}
