import { describe, expect, it } from "vitest";
import { Chat } from "../../widget/src/app/chat";
import { normaliseConfig } from "../../widget/src/app/config";
import { backoffDelay } from "../../widget/src/app/connection";
import { pickLocale, translator } from "../../widget/src/i18n";

const config = normaliseConfig({ name: "Demo Assistant", greeting_message: "Hi!", widget_settings: { locale: "en" } }, "http://127.0.0.1:8787");
const t = translator("en");

function newChat() {
  const chat = new Chat("http://127.0.0.1:8787", "pk_test", config, (k, v) => t(k, v));
  const frame = (f: unknown) => (chat as any).onFrame(f);
  return { chat, frame };
}

const msg = (seq: number, role: string, text: string, id = `msg_${seq}`) => ({
  id,
  conversation_id: "conv_1",
  seq,
  role,
  author: { name: role === "agent" ? "Sam Agent" : role === "bot" ? "Demo Assistant" : undefined },
  text,
  created_at: "2026-01-01T00:00:00Z",
});

describe("widget conversation state", () => {
  it("shows a sent message at once as pending and marks it sent on ack without duplicating the echo", () => {
    const { chat, frame } = newChat();
    chat.state.conversationId = "conv_1";
    chat.send("Where is my order?");
    const pending = chat.state.items.find((i) => i.text === "Where is my order?")!;
    expect(pending.delivery).toBe("pending");
    frame({ type: "message:receive", message: msg(3, "visitor", "Where is my order?") });
    frame({ type: "message:ack", client_id: pending.clientId, message_id: "msg_3", seq: 3 });
    const mine = chat.state.items.filter((i) => i.role === "visitor");
    expect(mine).toHaveLength(1);
    expect(mine[0]).toMatchObject({ id: "msg_3", delivery: "sent" });
  });

  it("acknowledges before the echo and still keeps a single copy", () => {
    const { chat, frame } = newChat();
    chat.state.conversationId = "conv_1";
    chat.send("hello");
    const pending = chat.state.items[0];
    frame({ type: "message:ack", client_id: pending.clientId, message_id: "msg_1", seq: 1 });
    frame({ type: "message:receive", message: msg(1, "visitor", "hello") });
    expect(chat.state.items).toHaveLength(1);
    expect(chat.state.items[0]).toMatchObject({ id: "msg_1", delivery: "sent", key: pending.key });
  });

  it("streams bot tokens into one bubble and replaces it with the final message", () => {
    const { chat, frame } = newChat();
    frame({ type: "message:delta", message_id: "msg_9", delta: "Orders ship " });
    frame({ type: "message:delta", message_id: "msg_9", delta: "in 2 days." });
    expect(chat.state.items).toHaveLength(1);
    expect(chat.state.items[0]).toMatchObject({ text: "Orders ship in 2 days.", delivery: "streaming" });
    frame({ type: "message:receive", message: msg(9, "bot", "Orders ship in 2 days.") });
    expect(chat.state.items).toHaveLength(1);
    expect(chat.state.items[0]).toMatchObject({ text: "Orders ship in 2 days.", delivery: "done", order: 9 });
  });

  it("ignores messages replayed after a reconnect", () => {
    const { chat, frame } = newChat();
    frame({ type: "message:receive", message: msg(1, "bot", "one") });
    frame({ type: "message:receive", message: msg(2, "bot", "two") });
    frame({ type: "message:receive", message: msg(2, "bot", "two") });
    frame({ type: "message:receive", message: msg(1, "bot", "one") });
    expect(chat.state.items.map((i) => i.text)).toEqual(["one", "two"]);
  });

  it("counts unread replies while the panel is closed and clears them when seen", () => {
    const { chat, frame } = newChat();
    frame({ type: "message:receive", message: msg(1, "bot", "one") });
    frame({ type: "message:receive", message: msg(2, "agent", "two") });
    expect(chat.state.unread).toBe(2);
    chat.visible = true;
    chat.markSeen();
    expect(chat.state.unread).toBe(0);
  });

  it("counts a streamed answer once as unread when it completes while the panel is closed", () => {
    const { chat, frame } = newChat();
    frame({ type: "message:delta", message_id: "msg_4", delta: "Hel" });
    frame({ type: "message:delta", message_id: "msg_4", delta: "lo" });
    expect(chat.state.unread).toBe(0);
    frame({ type: "message:receive", message: msg(4, "bot", "Hello") });
    frame({ type: "message:receive", message: msg(4, "bot", "Hello") });
    expect(chat.state.unread).toBe(1);
  });

  it("marks the visitor's messages read when the agent reads them", () => {
    const { chat, frame } = newChat();
    frame({ type: "message:receive", message: msg(1, "visitor", "a") });
    frame({ type: "message:receive", message: msg(2, "visitor", "b") });
    frame({ type: "read", role: "agent", seq: 1 });
    expect(chat.state.items.map((i) => i.delivery)).toEqual(["read", "sent"]);
  });

  it("announces escalation with the wait, the agent who joins, and asks for a rating when resolved", () => {
    const { chat, frame } = newChat();
    chat.state.conversationId = "conv_1";
    frame({ type: "conversation:escalated", reason: "explicit_request", estimated_wait_seconds: 180 });
    frame({ type: "agent:joined", agent: { id: "usr_1", name: "Sam Agent" } });
    expect(chat.state.agent?.name).toBe("Sam Agent");
    const notices = chat.state.items.filter((i) => i.kind === "notice").map((i) => i.text);
    expect(notices).toEqual(["Connecting you with a team member. Estimated wait: about 3 min.", "You're now chatting with Sam Agent"]);
    frame({ type: "conversation:status_changed", from: "agent_handling", to: "resolved" });
    expect(chat.state.rating).toBe("requested");
  });

  it("marks a message failed when the server refuses it", () => {
    const { chat, frame } = newChat();
    chat.state.conversationId = "conv_1";
    chat.send("spam");
    const pending = chat.state.items[0];
    frame({ type: "error", code: "RATE_LIMITED", message: "slow down", client_id: pending.clientId });
    expect(chat.state.items[0].delivery).toBe("failed");
    expect(chat.state.items.some((i) => i.kind === "notice" && /too fast/.test(i.text))).toBe(true);
  });
});

describe("widget reconnect and locale", () => {
  it("backs off exponentially with jitter and caps the delay at 15 seconds", () => {
    expect(backoffDelay(0, () => 0)).toBe(250);
    expect(backoffDelay(0, () => 1)).toBe(500);
    expect(backoffDelay(3, () => 1)).toBe(4000);
    expect(backoffDelay(20, () => 1)).toBe(15000);
    expect(backoffDelay(20, () => 0)).toBe(7500);
  });

  it("follows the browser language unless the chatbot forces one", () => {
    expect(pickLocale("auto", "th-TH")).toBe("th");
    expect(pickLocale("auto", "en-GB")).toBe("en");
    expect(pickLocale("en", "th-TH")).toBe("en");
    expect(translator("th")("agentJoined", { name: "สมชาย" })).toBe("ตอนนี้คุณกำลังคุยกับ สมชาย");
  });
});
