import { CheckField } from "../../../components/Form";
import type { ChatbotConfig } from "../model";
import { useI18n } from "../../../i18n";
import type { TabProps } from "./types";

type CustomField = ChatbotConfig["data_collection"]["custom_fields"][number];
const TYPES: CustomField["type"][] = ["text", "email", "phone", "select", "textarea"];

export function DataTab({ config, set, errors, readOnly }: TabProps) {
  const { t } = useI18n();
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
          label={t("dataTab.preChat")}
          name="data_collection.pre_chat_form_enabled"
          checked={dc.pre_chat_form_enabled}
          onValue={(v) => set("data_collection.pre_chat_form_enabled", v)}
          hint={t("dataTab.preChatHint")}
          disabled={readOnly}
        />
        {/* these fields exist only in the pre-chat form: without it nothing asks for them, so they cannot be edited */}
        <CheckField label={t("dataTab.collectName")} name="data_collection.collect_name" checked={dc.collect_name} onValue={(v) => set("data_collection.collect_name", v)} disabled={readOnly || !dc.pre_chat_form_enabled} />
        <CheckField label={t("dataTab.collectEmail")} name="data_collection.collect_email" checked={dc.collect_email} onValue={(v) => set("data_collection.collect_email", v)} disabled={readOnly || !dc.pre_chat_form_enabled} />
        <CheckField label={t("dataTab.collectPhone")} name="data_collection.collect_phone" checked={dc.collect_phone} onValue={(v) => set("data_collection.collect_phone", v)} disabled={readOnly || !dc.pre_chat_form_enabled} />
        <CheckField
          label={t("dataTab.requests")}
          name="data_collection.visitor_data_requests"
          checked={dc.visitor_data_requests === true}
          onValue={(v) => set("data_collection.visitor_data_requests", v)}
          hint={t("dataTab.requestsHint")}
          disabled={readOnly}
        />
      </div>
      <div class="field">
        <span class="field-label">{t("dataTab.customFields")}</span>
        {fields.length === 0 && <p class="muted small">{t("dataTab.noCustomFields")}</p>}
        {fields.map((f, i) => (
          <div class="custom-field" key={i} data-testid={`custom-field-${i}`}>
            <input class="input" placeholder={t("dataTab.fieldNamePlaceholder")} value={f.name} disabled={readOnly} aria-label={t("dataTab.fieldName")} onInput={(e) => update(i, { name: (e.currentTarget as HTMLInputElement).value })} />
            <input class="input" placeholder={t("dataTab.fieldLabel")} value={f.label} disabled={readOnly} aria-label={t("dataTab.fieldLabel")} onInput={(e) => update(i, { label: (e.currentTarget as HTMLInputElement).value })} />
            <select class="select" value={f.type} disabled={readOnly} aria-label={t("dataTab.fieldType")} onChange={(e) => update(i, { type: (e.currentTarget as HTMLSelectElement).value as CustomField["type"] })}>
              {TYPES.map((type) => (
                <option key={type} value={type}>
                  {t(`dataTab.type.${type}`)}
                </option>
              ))}
            </select>
            <label class="check">
              <input type="checkbox" checked={f.required} disabled={readOnly} onChange={(e) => update(i, { required: (e.currentTarget as HTMLInputElement).checked })} />
              <span>{t("dataTab.required")}</span>
            </label>
            {!readOnly && (
              <button type="button" class="btn btn-ghost btn-sm" onClick={() => set("data_collection.custom_fields", fields.filter((_, j) => j !== i))}>
                {t("dataTab.remove")}
              </button>
            )}
            {f.type === "select" && (
              <input
                class="input custom-field-options"
                placeholder={t("dataTab.optionsPlaceholder")}
                value={(f.options ?? []).join(", ")}
                disabled={readOnly}
                aria-label={t("dataTab.options")}
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
              {t("dataTab.addField")}
            </button>
          </div>
        )}
      </div>
    </div>
  );
}
