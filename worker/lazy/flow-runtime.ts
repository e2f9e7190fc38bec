/** The flow engine with the Worker's effects, loaded by a conversation that starts or runs a flow (see worker/lazy.ts). */
export { flowRuntime } from "../flows/runtime";
