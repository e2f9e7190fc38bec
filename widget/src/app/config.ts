/** The visitor-safe chatbot config from GET /api/v1/widget/config, normalised with defaults. */
export interface FormField {
  name: string;
  label: string;
  type: "text" | "email" | "phone" | "select" | "textarea";
  required: boolean;
  options?: string[];
  /** Built-in contact fields map to pre_chat.name/email/phone; others go to pre_chat.custom. */
  builtin: boolean;
}

export interface WidgetConfig {
  name: string;
  greeting: string;
  avatarUrl: string | null;
  size: "small" | "medium" | "large";
  locale: "auto" | "en" | "th";
  online: boolean;
  offlineMessage: string;
  preChat: FormField[] | null;
  showTyping: boolean;
  /** The tenant offers "Download / delete my data" in the widget. */
  dataRequests: boolean;
}

type Raw = Record<string, unknown>;
const obj = (v: unknown): Raw => (v && typeof v === "object" ? (v as Raw) : {});
const str = (v: unknown, d = "") => (typeof v === "string" ? v : d);

export function normaliseConfig(input: unknown, api: string): WidgetConfig {
  const c = obj(input);
  const ws = obj(c.widget_settings);
  const dc = obj(c.data_collection);
  const bh = obj(c.business_hours);
  const size = str(ws.size, "medium");
  const locale = str(ws.locale ?? c.locale, "auto");
  let avatarUrl: string | null = null;
  const rawAvatar = str(ws.avatar_url);
  if (rawAvatar) {
    try {
      const u = new URL(rawAvatar, api);
      if (u.protocol === "https:" || u.origin === api) avatarUrl = u.href;
    } catch {
      /* ignore a bad avatar */
    }
  }
  let preChat: FormField[] | null = null;
  if (dc.pre_chat_form_enabled === true) {
    preChat = [];
    if (dc.collect_name) preChat.push({ name: "name", label: "", type: "text", required: true, builtin: true });
    if (dc.collect_email) preChat.push({ name: "email", label: "", type: "email", required: true, builtin: true });
    if (dc.collect_phone) preChat.push({ name: "phone", label: "", type: "phone", required: false, builtin: true });
    for (const f of Array.isArray(dc.custom_fields) ? dc.custom_fields : []) {
      const field = obj(f);
      const name = str(field.name);
      if (!name) continue;
      preChat.push({
        name,
        label: str(field.label, name),
        type: (["text", "email", "phone", "select", "textarea"].includes(str(field.type)) ? field.type : "text") as FormField["type"],
        required: field.required === true,
        options: Array.isArray(field.options) ? field.options.map(String) : undefined,
        builtin: false,
      });
    }
    if (!preChat.length) preChat = null;
  }
  const online = typeof c.online === "boolean" ? c.online : typeof bh.online === "boolean" ? bh.online : true;
  return {
    name: str(c.name, "Support"),
    greeting: str(c.greeting_message ?? c.greeting),
    avatarUrl,
    size: size === "small" || size === "large" ? size : "medium",
    locale: locale === "en" || locale === "th" ? locale : "auto",
    online,
    offlineMessage: str(c.offline_message ?? bh.offline_message),
    preChat,
    showTyping: c.show_typing_indicator !== false,
    dataRequests: dc.visitor_data_requests === true,
  };
}
