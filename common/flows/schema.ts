import { z } from "zod";

/**
 * A flow: a versioned JSON graph of nodes that runs inside a conversation
 * (the engine is `common/flows/engine.ts`). One schema for the API, the
 * dashboard editor and the engine. `schema_version` lets the stored graphs
 * be migrated like the objects' storage; version 1 is the only one so far.
 */

const Id = z.string().trim().min(1).max(40).regex(/^[A-Za-z0-9_-]+$/, "letters, digits, _ and - only");
const Next = Id.nullable().optional();
/** a variable name, or `contact.name|email|phone` for the visitor's contact fields */
export const VarName = z.string().trim().min(1).max(60).regex(/^(contact\.(name|email|phone)|[A-Za-z_][A-Za-z0-9_]*)$/, "a variable name or contact.name / contact.email / contact.phone");
const Text = z.string().max(2000);

export const FlowChoice = z.object({ label: z.string().trim().min(1).max(80), next: Next });

export const MessageNode = z.object({
  type: z.literal("message"),
  id: Id,
  text: Text.min(1),
  /** choices shown as buttons or quick replies; the flow waits for one (anything else re-asks) */
  choices: z.array(FlowChoice).max(10).optional(),
  style: z.enum(["buttons", "quick_replies"]).optional(),
  /** the chosen label is stored here */
  save_as: VarName.optional(),
  next: Next,
});

export const CollectNode = z.object({
  type: z.literal("collect"),
  id: Id,
  prompt: Text.min(1),
  input: z.enum(["text", "email", "phone", "number"]),
  save_as: VarName,
  /** said when the answer is not valid, before asking again */
  retry_text: Text.optional(),
  /** invalid answers before giving up (then `fail_next`, else the flow ends) */
  max_attempts: z.number().int().min(1).max(10).optional(),
  fail_next: Next,
  next: Next,
});

export const ConditionRule = z.object({
  var: VarName,
  op: z.enum(["equals", "not_equals", "contains", "gt", "lt", "exists", "not_exists"]),
  value: z.string().max(500).optional(),
  next: Next,
});

export const ConditionNode = z.object({
  type: z.literal("condition"),
  id: Id,
  /** the first rule that holds chooses the next node, else `else_next` */
  rules: z.array(ConditionRule).min(1).max(20),
  else_next: Next,
});

export const SetNode = z.object({
  type: z.literal("set"),
  id: Id,
  var: VarName,
  /** text with {{variables}} */
  value: z.string().max(500),
  next: Next,
});

export const TagNode = z.object({
  type: z.literal("tag"),
  id: Id,
  tags: z.array(z.string().trim().min(1).max(40)).min(1).max(10),
  next: Next,
});

export const HandoffNode = z.object({
  type: z.literal("handoff"),
  id: Id,
  /** the team whose queue takes the conversation (null: the chatbot's team) */
  team_id: z.string().min(1).max(64).nullable(),
  text: Text.optional(),
});

export const HttpNode = z.object({
  type: z.literal("http"),
  id: Id,
  method: z.enum(["GET", "POST", "PUT", "PATCH", "DELETE"]),
  /** https only, {{variables}} allowed; internal hosts are refused */
  url: z.string().min(1).max(2000),
  headers: z.record(z.string().min(1).max(100), z.string().max(1000)).optional(),
  /** JSON body (text with {{variables}}) */
  body: z.string().max(10_000).optional(),
  /** variable ← dotted path into the JSON answer (`order.status`, `items.0.name`) */
  map: z.record(z.string(), z.string().min(1).max(200)).optional(),
  next: Next,
  /** a refusal, a timeout or an HTTP error goes here (else the flow ends) */
  error_next: Next,
});

export const WaitNode = z.object({
  type: z.literal("wait"),
  id: Id,
  seconds: z.number().int().min(1).max(7 * 86_400),
  next: Next,
});

export const EndNode = z.object({
  type: z.literal("end"),
  id: Id,
  text: Text.optional(),
});

export const FlowNode = z.discriminatedUnion("type", [MessageNode, CollectNode, ConditionNode, SetNode, TagNode, HandoffNode, HttpNode, WaitNode, EndNode]);
export type FlowNode = z.infer<typeof FlowNode>;
export type FlowNodeType = FlowNode["type"];
export const FLOW_NODE_TYPES: FlowNodeType[] = ["message", "collect", "condition", "set", "tag", "handoff", "http", "wait", "end"];

export const FlowGraph = z.object({
  schema_version: z.literal(1).default(1),
  start: Id,
  nodes: z.array(FlowNode).min(1).max(200),
});
export type FlowGraph = z.infer<typeof FlowGraph>;

/** When a flow starts: a new conversation, a keyword in the visitor's message, or a button's postback value. */
export const FlowTrigger = z.object({
  type: z.enum(["conversation_start", "keyword", "button"]),
  /** keyword: words (comma-separated, any matches, case-insensitive); button: the postback value */
  value: z.string().trim().max(200).optional(),
});
export type FlowTrigger = z.infer<typeof FlowTrigger>;

/** A published flow as a new conversation carries it: enough to decide whether it starts. */
export interface FlowEntry {
  flow_id: string;
  version_id: string;
  trigger: FlowTrigger;
}

export { edgesOf, graphProblems, type GraphProblem } from "./graph";
