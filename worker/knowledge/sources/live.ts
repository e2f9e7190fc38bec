/**
 * Live processing status of a knowledge source, pushed to the workspace's
 * dashboards through the WorkspaceHubDO (`knowledge:status` frames) by the one
 * hub-push helper. Best effort: ingestion never fails because nobody is listening.
 */
import { pushToHub } from "../../../durable-objects/hub-push";
import type { KnowledgeStatusFrame } from "../../../durable-objects/protocol";

export type { KnowledgeStatusFrame };

export async function pushKnowledgeStatus(env: Env, workspaceId: string, frame: Omit<KnowledgeStatusFrame, "type" | "error_code"> & { error_code?: string | null }): Promise<void> {
  if (!env.WORKSPACE_HUB) return;
  const { error_code, ...rest } = frame;
  await pushToHub(env, workspaceId, { type: "knowledge:status", ...rest, ...(error_code ? { error_code } : {}) } satisfies KnowledgeStatusFrame);
}
