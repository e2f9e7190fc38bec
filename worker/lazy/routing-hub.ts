/** The workspace hub's routing (claims, queues, the choice of agent): loaded by the hub on first use (see worker/lazy.ts). */
export { Router } from "../../durable-objects/hub/routing";
