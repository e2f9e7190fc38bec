import { CheckField } from "../../../components/Form";
import type { ChatbotConfig } from "../model";
import type { TabProps } from "./types";

type CustomField = ChatbotConfig["data_collection"]["custom_fields"][number];
const TYPES: CustomField["type"][] = ["text", "email", "phone", "select", "textarea"];

export function DataTab({ config, set, errors, readOnly }: TabProps) {
  const dc = config.data_collection;
  const fields = dc.custom_fields;
  const update = (i: number, patch: Partial<CustomField>) => {
    const next = fields.map((f, j) => {
      if (j !== i) return f;
      const merged = { ...f, ...patch } as CustomField;
      if (merged.type !== "select") delete merged.options;
      else if (!merged.options) merged.options = [];
      return merged;
    });
    set("data_collection.custom_fields", next);
  };
  const errFor = (i: number) =>
    Object.entries(errors)
      .filter(([k]) => k.startsWith(`data_collection.custom_fields.${i}`))
      .map(([, v]) => v)
      .join(" ");

  return (
    <div class="form">
      <div class="grid-2">
        <CheckField
          label="Show a form before the chat starts"
          name="data_collection.pre_chat_form_enabled"
          checked={dc.pre_chat_form_enabled}
          onValue={(v) => set("data_collection.pre_chat_form_enabled", v)}
          hint="The name, email and phone fields below are asked in this form only."
          disabled={readOnly}
        />
        {/* these fields exist only in the pre-chat form: without it nothing asks for them, so they cannot be edited */}
        <CheckField label="Ask for the visitor's name (pre-chat form)" name="data_collection.collect_name" checked={dc.collect_name} onValue={(v) => set("data_collection.collect_name", v)} disabled={readOnly || !dc.pre_chat_form_enabled} />
        <CheckField label="Ask for the visitor's email (pre-chat form)" name="data_collection.collect_email" checked={dc.collect_email} onValue={(v) => set("data_collection.collect_email", v)} disabled={readOnly || !dc.pre_chat_form_enabled} />
        <CheckField label="Ask for the visitor's phone (pre-chat form)" name="data_collection.collect_phone" checked={dc.collect_phone} onValue={(v) => set("data_collection.collect_phone", v)} disabled={readOnly || !dc.pre_chat_form_enabled} />
        <CheckField
          label="Let visitors download or delete their data"
          name="data_collection.visitor_data_requests"
          checked={dc.visitor_data_requests === true}
          onValue={(v) => set("data_collection.visitor_data_requests", v)}
          hint='Adds "Download / delete my data" to the widget; deletion asks the visitor to confirm.'
          disabled={readOnly}
        />
      </div>
      <div class="field">
        <span class="field-label">Custom fields</span>
        {fields.length === 0 && <p class="muted small">No custom fields.</p>}
        {fields.map((f, i) => (
          <div class="custom-field" key={i} data-testid={`custom-field-${i}`}>
            <input class="input" placeholder="name (e.g. company)" value={f.name} disabled={readOnly} aria-label="Field name" onInput={(e) => update(i, { name: (e.currentTarget as HTMLInputElement).value })} />
            <input class="input" placeholder="Label" value={f.label} disabled={readOnly} aria-label="Label" onInput={(e) => update(i, { label: (e.currentTarget as HTMLInputElement).value })} />
            <select class="select" value={f.type} disabled={readOnly} aria-label="Type" onChange={(e) => update(i, { type: (e.currentTarget as HTMLSelectElement).value as CustomField["type"] })}>
              {TYPES.map((t) => (
                <option key={t} value={t}>
                  {t}
                </option>
              ))}
            </select>
            <label class="check">
              <input type="checkbox" checked={f.required} disabled={readOnly} onChange={(e) => update(i, { required: (e.currentTarget as HTMLInputElement).checked })} />
              <span>Required</span>
            </label>
            {!readOnly && (
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => set("data_collection.custom_fields", fields.filter((_, j) => j !== i))}>
                Remove
              </button>
            )}
            {f.type === "select" && (
              <input
                class="input custom-field-options"
                placeholder="Options, comma separated"
                value={(f.options ?? []).join(", ")}
                disabled={readOnly}
                aria-label="Options"
                onInput={(e) => update(i, { options: (e.currentTarget as HTMLInputElement).value.split(",").map((s) => s.trim()).filter(Boolean) })}
              />
            )}
            {errFor(i) && <div class="field-error custom-field-error">{errFor(i)}</div>}
          </div>
        ))}
        {!readOnly && fields.length < 20 && (
          <div>
            <button
              type="button"
              class="btn btn-sm"
              data-testid="add-custom-field"
              onClick={() => set("data_collection.custom_fields", [...fields, { name: "", label: "", type: "text", required: false }])}
            >
              Add field
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
