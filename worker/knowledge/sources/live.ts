/**
 * Live processing status of a knowledge source, pushed to the workspace's
 * dashboards through the WorkspaceHubDO (`knowledge:status` frames).
 * Best effort: ingestion never fails because nobody is listening.
 */
import type { KnowledgeStatusFrame } from "../../../durable-objects/protocol";

export type { KnowledgeStatusFrame };

interface Broadcaster {
  broadcast(frame: unknown): Promise<unknown>;
}

export async function pushKnowledgeStatus(env: Env, workspaceId: string, frame: Omit<KnowledgeStatusFrame, "type" | "error_code"> & { error_code?: string | null }): Promise<void> {
  try {
    const ns = env.WORKSPACE_HUB;
    if (!ns) return;
    const stub = ns.get(ns.idFromName(workspaceId)) as unknown as Partial<Broadcaster>;
    if (typeof stub.broadcast !== "function") return;
    const { error_code, ...rest } = frame;
    await stub.broadcast({ type: "knowledge:status", ...rest, ...(error_code ? { error_code } : {}) } satisfies KnowledgeStatusFrame);
  } catch (err) {
    console.warn("knowledge:status broadcast failed", err instanceof Error ? err.message : err);
  }
}
