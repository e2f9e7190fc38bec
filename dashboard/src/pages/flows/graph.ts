import type { FlowNode } from "./types";

/** The graph checks the server runs at publish (no zod in the page). */
export { graphProblems } from "../../../../common/flows/graph";
export const FLOW_NODE_TYPES_LIST: FlowNode["type"][] = ["message", "collect", "condition", "set", "tag", "handoff", "http", "wait", "end"];
