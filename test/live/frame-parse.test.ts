import { describe, expect, it } from "vitest";
import { ClientFrame, MAX_MESSAGE_CHARS, parseClientFrame } from "../../durable-objects/protocol";

/** What the protocol's zod schema alone answers for a frame (the validator of record). */
function byZod(data: unknown) {
  const parsed = ClientFrame.safeParse(data);
  return parsed.success ? { ok: true, frame: parsed.data } : { ok: false };
}

describe("client frames", () => {
  it("the usual message frame is read exactly as the protocol's schema reads it, edge cases included", () => {
    const frames: unknown[] = [
      { type: "message:send", client_id: "c1", text: "hello" },
      { type: "message:send", client_id: "c1", text: "" },
      { type: "message:send", client_id: "c1" },
      { type: "message:send", client_id: "c1", text: "สวัสดีครับ 👋", extra: "dropped", seq: 4 },
      { type: "message:send", client_id: "x".repeat(64), text: "a".repeat(MAX_MESSAGE_CHARS) },
      { type: "message:send", client_id: "x".repeat(65), text: "too long an id" },
      { type: "message:send", client_id: "", text: "empty id" },
      { type: "message:send", client_id: 7, text: "number id" },
      { type: "message:send", client_id: "c1", text: null },
      { type: "message:send", client_id: "c1", text: 42 },
      { type: "message:send", client_id: "c1", text: "a".repeat(MAX_MESSAGE_CHARS + 1) },
      { type: "message:send", client_id: "c1", text: "with a file", attachments: [{ id: "upl_1" }] },
      { type: "message:send", client_id: "c1", text: "bad files", attachments: "no" },
      { type: "message:send", client_id: "c1", rich_reply: { value: "yes" } },
      { type: "message:send", client_id: "c1", text: "x", rich_reply: null },
      { type: "message:send", text: "no id" },
      { type: "typing:start" },
      { type: "read", seq: 3 },
      { type: "nope" },
      ["message:send"],
      "message:send",
    ];
    for (const frame of frames) {
      const got = parseClientFrame(JSON.stringify(frame));
      const want = byZod(frame);
      expect({ frame, ok: got.ok }).toEqual({ frame, ok: want.ok });
      if (got.ok && want.ok) expect(got.frame).toEqual((want as { frame: unknown }).frame);
    }
    expect(parseClientFrame(JSON.stringify({ type: "message:send", client_id: "c1", text: "a".repeat(MAX_MESSAGE_CHARS + 1) }))).toMatchObject({ ok: false, code: "MESSAGE_TOO_LONG", client_id: "c1" });
  });
});
