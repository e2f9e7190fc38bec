import { z } from "@hono/zod-openapi";
import { isValidOriginPattern } from "./origins";

/**
 * The chatbot configuration contract (spec 5.2.1, 5.2.2). Each settings group
 * has one strict schema that describes a complete, stored configuration; the
 * create and update bodies accept any part of it (`ChatbotInputSchema`), which
 * is merged over the defaults (create) or the current configuration (update)
 * and validated again as a whole.
 */

export const PERSONALITIES = ["professional", "friendly", "casual"] as const;
export const AI_PROVIDERS = ["offline", "workers_ai", "openai_compatible", "anthropic"] as const;
export const CHATBOT_STATUSES = ["active", "inactive", "archived"] as const;
export const DAYS = ["monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday"] as const;
export type Day = (typeof DAYS)[number];
export type AiProvider = (typeof AI_PROVIDERS)[number];
export type ChatbotStatus = (typeof CHATBOT_STATUSES)[number];

/** Letters (English or Thai, with Thai vowel and tone marks), digits, spaces, hyphens, underscores. */
const NAME_RE = /^[A-Za-z0-9\u0E00-\u0E7F _-]+$/;
export const NAME_RULE = "Name may contain only letters (English or Thai), digits, spaces, hyphens and underscores";

export const ChatbotNameSchema = z
  .string()
  .trim()
  .min(3, "Name must be at least 3 characters")
  .max(50, "Name must be at most 50 characters")
  .regex(NAME_RE, NAME_RULE)
  .openapi({ example: "Support Bot", description: `3–50 characters. ${NAME_RULE}.` });

const HEX_COLOR = /^#(?:[0-9a-fA-F]{3}|[0-9a-fA-F]{6})$/;
const hexColor = z.string().regex(HEX_COLOR, "Must be a hex colour like #3B82F6").openapi({ example: "#3B82F6" });

/** 24-hour HH:MM; an end of 24:00 means midnight at the end of the day. */
const TIME_RE = /^(?:[01]\d|2[0-3]):[0-5]\d$/;
const END_RE = /^(?:(?:[01]\d|2[0-3]):[0-5]\d|24:00)$/;

export function isValidTimeZone(tz: string): boolean {
  // Offsets like "+07:00" are accepted by Intl but are not IANA zone names.
  if (!/^[A-Za-z][A-Za-z0-9_+\-/]*$/.test(tz)) return false;
  try {
    new Intl.DateTimeFormat("en-US", { timeZone: tz });
    return true;
  } catch {
    return false;
  }
}

export const DayHoursSchema = z
  .strictObject({
    start: z.string().regex(TIME_RE, "start must be a 24-hour time HH:MM").openapi({ example: "09:00" }),
    end: z.string().regex(END_RE, "end must be a 24-hour time HH:MM (24:00 for midnight)").openapi({ example: "17:00" }),
  })
  .refine((d) => d.start < d.end, { message: "end must be after start", path: ["end"] })
  .openapi("DayHours");

const scheduleShape = Object.fromEntries(DAYS.map((d) => [d, DayHoursSchema.nullable()])) as Record<
  Day,
  z.ZodNullable<typeof DayHoursSchema>
>;
export const ScheduleSchema = z.strictObject(scheduleShape).openapi("WeeklySchedule", {
  description: "Opening hours per day in the chatbot's time zone; null means closed all day.",
});

const timezone = z
  .string()
  .max(64)
  .refine(isValidTimeZone, "timezone must be an IANA time zone such as Asia/Bangkok or America/New_York")
  .openapi({ example: "Asia/Bangkok" });
const offlineMessage = z.string().trim().max(500);

export const BusinessHoursSchema = z
  .strictObject({
    enabled: z.boolean(),
    timezone,
    schedule: ScheduleSchema,
    offline_message: offlineMessage,
  })
  .openapi("BusinessHours", { description: "When disabled the chatbot is online around the clock." });

export const EscalationTriggersSchema = z
  .strictObject({
    low_confidence_threshold: z.number().min(0).max(1),
    frustration_detection: z.boolean(),
    explicit_request: z.boolean(),
    max_failed_responses: z.number().int().min(1).max(10),
  })
  .openapi("EscalationTriggers");

/**
 * Kept for compatibility and always null: a provider's endpoint is a
 * workspace setting bound to its key (`PUT /api/v1/ai/providers/:provider`,
 * owners and admins), never a chatbot setting.
 */
const baseUrl = z
  .null({ message: "base_url is set with the provider key (PUT /api/v1/ai/providers/:provider) by an owner or admin, not per chatbot" })
  .openapi({ description: "Deprecated, always null: the endpoint is part of the workspace's provider settings (PUT /api/v1/ai/providers/:provider)." });

export const AiSettingsSchema = z
  .strictObject({
    provider: z.enum(AI_PROVIDERS).openapi({ description: "offline uses the built-in extractive answerer (no external calls)." }),
    model: z.string().trim().min(1).max(100).openapi({ example: "gpt-4o-mini" }),
    base_url: baseUrl,
    temperature: z.number().min(0, "temperature must be between 0 and 2").max(2, "temperature must be between 0 and 2"),
    max_tokens: z.number().int().min(100, "max_tokens must be between 100 and 2000").max(2000, "max_tokens must be between 100 and 2000"),
    enable_escalation: z.boolean(),
    escalation_triggers: EscalationTriggersSchema,
    enable_fallback_responses: z.boolean(),
    fallback_responses: z.array(z.string().trim().min(1).max(500)).max(10),
    custom_instructions: z.string().max(4000),
  })
  .openapi("AiSettings");

/** https URL or a same-site path, pointing at a PNG or JPEG (spec: avatar PNG/JPG only). */
export function isValidAvatarUrl(value: string): boolean {
  let pathname: string;
  if (value.startsWith("/") && !value.startsWith("//")) {
    pathname = value.split(/[?#]/)[0];
  } else {
    try {
      const u = new URL(value);
      if (u.protocol !== "https:") return false;
      pathname = u.pathname;
    } catch {
      return false;
    }
  }
  return /\.(?:png|jpe?g)$/i.test(pathname);
}

export const WidgetThemeSchema = z
  .strictObject({
    primary_color: hexColor,
    secondary_color: hexColor,
    text_color: hexColor,
    background_color: hexColor,
  })
  .openapi("WidgetTheme");

export const WidgetSettingsSchema = z
  .strictObject({
    position: z.enum(["bottom-right", "bottom-left"]),
    theme: WidgetThemeSchema,
    avatar_url: z
      .string()
      .max(2048)
      .refine(isValidAvatarUrl, "avatar_url must be an https:// URL or a path starting with /, ending in .png, .jpg or .jpeg")
      .nullable(),
    button_text: z.string().trim().min(1).max(40),
    size: z.enum(["small", "medium", "large"]),
    locale: z.enum(["auto", "en", "th"]),
  })
  .openapi("WidgetSettings");

export const CustomFieldSchema = z
  .strictObject({
    name: z
      .string()
      .regex(/^[A-Za-z][A-Za-z0-9_]{0,39}$/, "name must start with a letter and contain only letters, digits and _ (max 40)"),
    type: z.enum(["text", "email", "phone", "select", "textarea"]),
    required: z.boolean().default(false),
    label: z.string().trim().min(1).max(100),
    options: z.array(z.string().trim().min(1).max(100)).min(1).max(50).optional(),
  })
  .openapi("CustomField");

const customFields = z
  .array(CustomFieldSchema)
  .max(20)
  .superRefine((fields, ctx) => {
    const seen = new Set<string>();
    fields.forEach((f, i) => {
      if (f.type === "select" && !f.options?.length) {
        ctx.addIssue({ code: "custom", path: [i, "options"], message: "A select field needs at least one option" });
      }
      if (f.type !== "select" && f.options !== undefined) {
        ctx.addIssue({ code: "custom", path: [i, "options"], message: "Only select fields take options" });
      }
      const key = f.name.toLowerCase();
      if (seen.has(key)) ctx.addIssue({ code: "custom", path: [i, "name"], message: `Duplicate custom field name "${f.name}"` });
      seen.add(key);
    });
  });

export const DataCollectionSchema = z
  .strictObject({
    collect_email: z.boolean(),
    collect_name: z.boolean(),
    collect_phone: z.boolean(),
    pre_chat_form_enabled: z.boolean(),
    custom_fields: customFields,
    visitor_data_requests: z
      .boolean()
      .default(false)
      .openapi({ description: 'Offer visitors "Download / delete my data" in the widget (export and erasure of their own data).' }),
  })
  .openapi("DataCollection");

export const BehaviorSettingsSchema = z
  .strictObject({
    response_delay: z.number().int().min(0, "response_delay must be between 0 and 5000 ms").max(5000, "response_delay must be between 0 and 5000 ms"),
    show_typing_indicator: z.boolean(),
    enable_rich_responses: z.boolean(),
    max_conversation_length: z.number().int().min(5).max(500).openapi({ description: "Messages before the bot suggests a human." }),
    inactivity_timeout: z
      .number()
      .int()
      .min(60_000, "inactivity_timeout must be between 60000 and 1800000 ms (1–30 minutes)")
      .max(1_800_000, "inactivity_timeout must be between 60000 and 1800000 ms (1–30 minutes)"),
    bot_mode: z.enum(["active", "passive", "off"]).openapi({
      description: "active: the bot answers everything; passive: only questions; off: humans only.",
    }),
    agent_reply_timeout_ms: z.number().int().min(60_000).max(3_600_000).openapi({
      description: "How long an escalated visitor waits for an agent before being offered to leave a message.",
    }),
    escalation_wait_minutes: z
      .number()
      .int("escalation_wait_minutes must be a whole number of minutes")
      .min(1, "escalation_wait_minutes must be between 1 and 60")
      .max(60, "escalation_wait_minutes must be between 1 and 60")
      .optional()
      .openapi({
        description:
          "Minutes an escalation may wait unanswered before the visitor is told honestly (and offered email on the web) and the team is alerted again. Default 5. Applies to conversations started after the change.",
      }),
    transcript_email: z.boolean().optional().openapi({
      description:
        "Email the visitor a transcript of the conversation when it is resolved (when they gave an address; web and messaging channels, not email conversations). Default false.",
    }),
    auto_archive_days: z.number().int().min(1).max(3650).nullable().optional().openapi({
      description: "Archive this chatbot's resolved conversations this many days after resolution (null: the workspace's `archive_resolved_after_days`, 90 by default).",
    }),
  })
  .openapi("BehaviorSettings");

export const AllowedOriginsSchema = z
  .array(
    z
      .string()
      .max(300)
      .refine(isValidOriginPattern, "Each allowed origin must look like https://shop.example.com, http://127.0.0.1:8787 or https://*.example.com (no path; a wildcard needs your own domain, not a public suffix such as *.github.io or *.co.uk)"),
  )
  .max(50)
  .openapi({
    description: "Sites allowed to embed the widget. Exact origins or a wildcard subdomain (https://*.example.com).",
    example: ["https://shop.example.com", "https://*.example.com"],
  });

/** The versioned configuration of a chatbot (everything but its lifecycle status and keys). */
export const ChatbotConfigSchema = z.strictObject({
  name: ChatbotNameSchema,
  description: z.string().trim().max(500).nullable(),
  personality: z.enum(PERSONALITIES),
  greeting_message: z.string().trim().min(1).max(500),
  business_hours: BusinessHoursSchema,
  ai_settings: AiSettingsSchema,
  widget_settings: WidgetSettingsSchema,
  data_collection: DataCollectionSchema,
  behavior_settings: BehaviorSettingsSchema,
  allowed_origins: AllowedOriginsSchema,
});
export type ChatbotConfig = z.infer<typeof ChatbotConfigSchema>;
export type BusinessHours = z.infer<typeof BusinessHoursSchema>;
export type AiSettings = z.infer<typeof AiSettingsSchema>;
export type WidgetSettings = z.infer<typeof WidgetSettingsSchema>;
export type DataCollection = z.infer<typeof DataCollectionSchema>;
export type BehaviorSettings = z.infer<typeof BehaviorSettingsSchema>;

/** Any part of the configuration; nested groups may be partial too. Unknown fields are refused. */
const inputShape = {
  name: ChatbotNameSchema,
  description: ChatbotConfigSchema.shape.description,
  personality: ChatbotConfigSchema.shape.personality,
  greeting_message: ChatbotConfigSchema.shape.greeting_message,
  business_hours: z
    .strictObject({ ...BusinessHoursSchema.shape, schedule: ScheduleSchema.partial() })
    .partial(),
  ai_settings: z
    .strictObject({ ...AiSettingsSchema.shape, escalation_triggers: EscalationTriggersSchema.partial() })
    .partial(),
  widget_settings: z.strictObject({ ...WidgetSettingsSchema.shape, theme: WidgetThemeSchema.partial() }).partial(),
  data_collection: DataCollectionSchema.partial(),
  behavior_settings: BehaviorSettingsSchema.partial(),
  allowed_origins: AllowedOriginsSchema,
};

export const CreateChatbotSchema = z
  .strictObject({
    ...inputShape,
    status: z.enum(["active", "inactive"]).optional(),
  })
  .partial()
  .required({ name: true })
  .openapi("CreateChatbot", {
    description: "Only name is required; every other setting has a working default.",
    example: { name: "Support Bot", personality: "friendly", allowed_origins: ["https://shop.example.com"] },
  });
export type CreateChatbotInput = z.infer<typeof CreateChatbotSchema>;

export const UpdateChatbotSchema = z
  .strictObject({ ...inputShape, status: z.enum(CHATBOT_STATUSES) })
  .partial()
  .openapi("UpdateChatbot", {
    description: "Any subset of the configuration. Nested settings are merged; arrays are replaced. Each update bumps version.",
    example: { ai_settings: { temperature: 0.8 }, behavior_settings: { response_delay: 500 } },
  });
export type UpdateChatbotInput = z.infer<typeof UpdateChatbotSchema>;
/** The configuration part of a create/update body (no lifecycle status). */
export type ChatbotConfigPatch = Omit<UpdateChatbotInput, "status">;

export const ChatbotSchema = ChatbotConfigSchema.extend({
  id: z.string().openapi({ example: "cb_4f9QaB1c2D3e4F5g6H7i" }),
  workspace_id: z.string(),
  status: z.enum(CHATBOT_STATUSES),
  public_key: z.string().openapi({ description: "The widget's public key (safe to publish)", example: "pk_9aB8cD7eF6gH5iJ4kL3mN2oP" }),
  version: z.number().int().openapi({ description: "Configuration version; every update bumps it" }),
  created_by: z.string().nullable(),
  updated_by: z.string().nullable(),
  created_at: z.string(),
  updated_at: z.string(),
  archived_at: z.string().nullable(),
});
export type Chatbot = z.infer<typeof ChatbotSchema>;
