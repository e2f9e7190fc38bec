import { workspaceHub } from "../../durable-objects/stubs";

/** The hub re-reads the teams (and lets its queues move) after every change. */
export async function tellHub(env: Env, workspaceId: string) {
  try {
    await workspaceHub(env, workspaceId).routingChanged(workspaceId);
  } catch (err) {
    console.error("routing change not delivered", err);
  }
}
