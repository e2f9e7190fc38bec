/** Flows: the engine with the Worker's effects (loaded by a conversation that runs a flow) and the flow management behind the routes (see worker/lazy.ts). */
export { flowRuntime } from "../flows/runtime";
export * from "../flows/store";
export { FLOW_TEMPLATES } from "../flows/templates";
