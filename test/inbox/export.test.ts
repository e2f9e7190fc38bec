import Papa from "papaparse";
import { beforeAll, describe, expect, it } from "vitest";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let conv = "";

beforeAll(async () => {
  ws = await seedWorkspace();
  conv = await seedConversation(ws.workspaceId, {
    visitor_id: await seedVisitor(ws.workspaceId, { name: "Ann", email: "ann@example.com" }),
    messages: [
      { role: "visitor", text: "Hello, \"quoted\", with a comma" },
      { role: "bot", text: "Line one\nline two", author_name: "Support Bot" },
      { role: "visitor", text: "=HYPERLINK(\"http://evil\")" },
    ],
  });
  await api(`/api/v1/conversations/${conv}/notes`, { token: ws.agent.token, body: { content: "internal only" } });
});

describe("GET /api/v1/conversations/:id/export", () => {
  it("downloads the transcript as JSON with messages, notes and the visitor", async () => {
    const res = await api(`/api/v1/conversations/${conv}/export?format=json`, { token: ws.admin.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="conversation-${conv}.json"`);
    expect(res.headers.get("content-type")).toContain("application/json");
    expect(res.json.conversation.id).toBe(conv);
    expect(res.json.visitor).toMatchObject({ name: "Ann", email: "ann@example.com" });
    expect(res.json.messages.map((m: { text: string }) => m.text)).toEqual(['Hello, "quoted", with a comma', "Line one\nline two", '=HYPERLINK("http://evil")']);
    expect(res.json.internal_notes[0].content).toBe("internal only");
  });

  it("downloads the transcript as CSV, one row per message, safe to open in a spreadsheet", async () => {
    const res = await api(`/api/v1/conversations/${conv}/export?format=csv`, { token: ws.owner.token });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toContain("text/csv");
    expect(res.headers.get("content-disposition")).toBe(`attachment; filename="conversation-${conv}.csv"`);
    const parsed = Papa.parse<Record<string, string>>(res.text, { header: true });
    expect(parsed.meta.fields).toEqual(["seq", "created_at", "role", "author", "text", "attachments"]);
    expect(parsed.data.map((r) => [r.seq, r.role, r.author, r.text])).toEqual([
      ["1", "visitor", "Ann", 'Hello, "quoted", with a comma'],
      ["2", "bot", "Support Bot", "Line one\nline two"],
      ["3", "visitor", "Ann", `'=HYPERLINK("http://evil")`],
    ]);
  });

  it("rejects agents and viewers (data:export), unknown formats and other workspaces", async () => {
    expect((await api(`/api/v1/conversations/${conv}/export`, { token: ws.agent.token })).status).toBe(403);
    expect((await api(`/api/v1/conversations/${conv}/export`, { token: ws.viewer.token })).status).toBe(403);
    expect((await api(`/api/v1/conversations/${conv}/export?format=pdf`, { token: ws.owner.token })).status).toBe(400);
    const other = await seedWorkspace();
    expect((await api(`/api/v1/conversations/${conv}/export`, { token: other.owner.token })).status).toBe(404);
  });
});
