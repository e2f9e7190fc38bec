import { z } from "@hono/zod-openapi";

/**
 * The one shape of an automation rule: **when** (trigger) **if** (conditions,
 * all or any) **then** (actions, in order). Routes validate with it, the store
 * keeps its JSON, the engine (worker/automation/engine.ts) reads it.
 */

export const TRIGGER_TYPES = ["conversation_created", "message_received", "escalated", "idle", "resolved", "rated", "order_paid", "order_abandoned"] as const;
export type TriggerType = (typeof TRIGGER_TYPES)[number];

export const RuleTrigger = z
  .discriminatedUnion("type", [
    z.object({ type: z.enum(["conversation_created", "message_received", "escalated", "resolved", "rated", "order_paid", "order_abandoned"]) }),
    z.object({ type: z.literal("idle"), minutes: z.number().int().min(5).max(10_080).openapi({ description: "No message for this long (checked every 15 minutes)" }) }),
  ])
  .openapi("RuleTrigger");
export type RuleTrigger = z.infer<typeof RuleTrigger>;

const Text = z.string().trim().min(1).max(500);
const Op = z.enum(["contains", "not_contains", "equals", "starts_with"]);
const List = z.array(z.string().trim().min(1).max(64)).min(1).max(50);

export const RuleCondition = z
  .discriminatedUnion("type", [
    z.object({ type: z.enum(["page_url", "referrer"]), op: Op, value: Text }),
    z.object({ type: z.literal("utm"), param: z.enum(["source", "medium", "campaign", "term", "content"]), op: Op, value: Text }),
    z.object({ type: z.enum(["country", "language", "device", "chatbot", "channel", "intent"]), in: List }),
    z.object({ type: z.literal("visit_count"), op: z.enum(["gte", "lte", "eq"]), value: z.number().int().min(0).max(1_000_000) }),
    z.object({ type: z.enum(["returning", "identified", "business_hours"]), value: z.boolean() }),
    z.object({ type: z.literal("tags"), op: z.enum(["has_any", "has_all", "has_none"]), tags: List }),
    z.object({ type: z.literal("text_contains"), words: List.openapi({ description: "Any of these (case-insensitive) in the visitor's message" }) }),
  ])
  .openapi("RuleCondition");
export type RuleCondition = z.infer<typeof RuleCondition>;

const Id = z.string().min(1).max(64);
export const RuleAction = z
  .discriminatedUnion("type", [
    z.object({ type: z.literal("assign_team"), team_id: Id }),
    z.object({ type: z.literal("assign_agent"), agent_id: Id }),
    z.object({ type: z.literal("set_priority"), priority: z.enum(["low", "normal", "high", "urgent"]) }),
    z.object({ type: z.enum(["add_tag", "remove_tag"]), tags: z.array(z.string().trim().min(1).max(32)).min(1).max(10) }),
    z.object({ type: z.literal("send_message"), text: z.string().trim().min(1).max(2000) }),
    z.object({ type: z.literal("send_canned"), canned_response_id: Id }),
    z.object({ type: z.literal("start_flow"), flow_id: Id }),
    z.object({ type: z.literal("notify_email"), to: z.array(z.email().max(320)).min(1).max(10), message: z.string().trim().max(2000).optional() }),
    z.object({ type: z.literal("call_webhook"), webhook_id: Id }),
    z.object({ type: z.enum(["resolve", "close"]) }),
  ])
  .openapi("RuleAction");
export type RuleAction = z.infer<typeof RuleAction>;

export const RuleInput = z
  .object({
    name: z.string().trim().min(1).max(120).openapi({ example: "VIP" }),
    enabled: z.boolean().optional(),
    trigger: RuleTrigger,
    match: z.enum(["all", "any"]).optional().openapi({ description: "all (default): every condition; any: at least one" }),
    conditions: z.array(RuleCondition).max(20).optional(),
    actions: z.array(RuleAction).min(1).max(10),
    stop_processing: z.boolean().optional().openapi({ description: "When this rule matches, later rules are not looked at for the same event" }),
  })
  .openapi("AutomationRuleInput");
export type RuleInput = z.infer<typeof RuleInput>;

export const Rule = z
  .object({
    id: z.string(),
    name: z.string(),
    enabled: z.boolean(),
    position: z.number().int(),
    trigger: RuleTrigger,
    match: z.enum(["all", "any"]),
    conditions: z.array(RuleCondition),
    actions: z.array(RuleAction),
    stop_processing: z.boolean(),
    created_at: z.string(),
    updated_at: z.string(),
  })
  .openapi("AutomationRule");
export type Rule = z.infer<typeof Rule>;

export const RuleTestResult = z
  .object({
    rule_id: z.string(),
    conversation_id: z.string(),
    matched: z.boolean(),
    conditions: z.array(z.object({ index: z.number().int(), type: z.string(), matched: z.boolean(), actual: z.string().nullable() })),
    actions: z.array(z.object({ index: z.number().int(), type: z.string(), would: z.string() })),
  })
  .openapi("AutomationRuleTest");
