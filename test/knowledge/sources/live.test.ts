import { describe, expect, it } from "vitest";
import { connect } from "../../live/helpers";
import { deliver, documentMessage, insertDocument, ownerWithBot, upload } from "./helpers";

describe("live processing status", () => {
  it("pushes knowledge:status frames to the workspace's dashboards as a document is processed", async () => {
    const o = await ownerWithBot();
    const hub = await connect("/api/v1/realtime/ws", { token: o.token });
    expect(hub.frames).not.toBeNull();
    await hub.frames!.next("hello");
    const res = await upload(o, "live.md", "# Live\n\nProgress arrives as frames.");
    expect(await hub.frames!.next("knowledge:status")).toMatchObject({ source_type: "document", source_id: res.json.id, status: "pending", progress: 0 });
    // A document only this test delivers, so no other delivery interleaves its frames.
    const id = await insertDocument(o, "steps.md", "# Steps\n\nEach step reports progress.");
    await deliver(documentMessage(o, id));
    const seen: { status: string; progress: number }[] = [];
    for (;;) {
      const f = (await hub.frames!.next((x: { type: string; source_id?: string }) => x.type === "knowledge:status" && x.source_id === id)) as { status: string; progress: number };
      seen.push({ status: f.status, progress: f.progress });
      if (f.status === "completed" || f.status === "failed") break;
    }
    expect(seen[0]!.status).toBe("processing");
    expect(seen.at(-1)).toEqual({ status: "completed", progress: 100 });
    const progresses = seen.map((s) => s.progress);
    expect([...progresses].sort((a, b) => a - b)).toEqual(progresses);
    hub.frames!.close();
  });
});
