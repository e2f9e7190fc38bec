import { z } from "zod";
import { CONVERSATION_STATUSES } from "../../durable-objects/protocol";

/** Accepts `a,b`, repeated keys, or a JSON array, and yields a string list. */
const stringList = z.preprocess((v) => {
  if (v === undefined || v === null || v === "") return undefined;
  const items = (Array.isArray(v) ? v : [v]).flatMap((x) => (typeof x === "string" ? x.split(",") : [x]));
  return items.map((x) => (typeof x === "string" ? x.trim() : x)).filter((x) => x !== "");
}, z.array(z.string().max(64)).max(50).optional());

const boolish = z.preprocess((v) => {
  if (v === "true" || v === "1" || v === true) return true;
  if (v === "false" || v === "0" || v === false) return false;
  return v === "" ? undefined : v;
}, z.boolean().optional());

const intish = (min: number, max: number) =>
  z.preprocess((v) => (v === "" || v === undefined ? undefined : typeof v === "string" ? Number(v) : v), z.number().int().min(min).max(max).optional());

const isoDate = z.iso.datetime({ offset: true }).or(z.iso.date()).optional();

/**
 * The inbox filters (spec 5.3.4), shared by `GET /conversations` and saved
 * filters. Query strings and saved JSON go through the same schema.
 */
export const ConversationFilters = z
  .object({
    status: stringList.pipe(z.array(z.enum(CONVERSATION_STATUSES)).optional()),
    chatbot_id: z.string().max(64).optional(),
    /** web, line, telegram … (migration 0020 indexes it) */
    channel: z.string().max(32).optional(),
    /** a user id, `me` or `unassigned` */
    assigned_agent_id: z.string().max(64).optional(),
    /** any of these tags */
    tags: stringList,
    from: isoDate,
    to: isoDate,
    date_field: z.enum(["created_at", "last_message_at"]).optional(),
    rating_min: intish(1, 5),
    rating_max: intish(1, 5),
    has_notes: boolish,
    visitor_id: z.string().max(64).optional(),
    sort: z.enum(["last_message_at", "created_at"]).optional(),
    order: z.enum(["asc", "desc"]).optional(),
  })
  .strict();
export type ConversationFilters = z.infer<typeof ConversationFilters>;

export const ListQuery = ConversationFilters.extend({
  filter_id: z.string().max(64).optional(),
  cursor: z.string().max(500).optional(),
  limit: intish(1, 100),
}).strict();
export type ListQuery = z.infer<typeof ListQuery>;
