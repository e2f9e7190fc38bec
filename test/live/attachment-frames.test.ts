import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import headers from "../../dashboard/public/_headers?raw";
import { signedAttachmentHref } from "../../dashboard/src/pages/inbox/attachment-url";
import { api } from "../helpers";
import { cid, connect, eventually, setupWorkspace, visitorChat } from "./helpers";

const PNG = new Uint8Array([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 13, 0x49, 0x48, 0x44, 0x52, 1, 2, 3]);
const SIGNED = /^http:\/\/127\.0\.0\.1:8787\/api\/v1\/attachments\/att_[A-Za-z0-9]+\?exp=\d+&sig=[0-9a-f]{64}$/;

async function uploadPng(path: string, token: string) {
  const form = new FormData();
  form.append("file", new File([PNG], "shot.png", { type: "image/png" }));
  const res = await api(path, { method: "POST", token, body: form });
  expect(res.status, res.text).toBe(201);
  return res.json as { id: string; url: string };
}

describe("attachments on live messages", () => {
  it("refuses a visitor frame whose attachment is a URL instead of one of their uploads, and stores nothing", async () => {
    const { bot, owner } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const clientId = cid();
    chat.visitor.send({
      type: "message:send",
      client_id: clientId,
      text: "look",
      attachments: [{ url: "https://tracker.example/pixel.png", name: "x.png", content_type: "image/png", size: 1 }],
    });
    expect(await chat.visitor.next("error")).toMatchObject({ code: "INVALID_FRAME", client_id: clientId });
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.messages).toEqual([]);
    chat.visitor.close();
  });

  it("refuses an upload id from another conversation or another visitor", async () => {
    const { bot } = await setupWorkspace();
    const a = await visitorChat(bot.public_key);
    const b = await visitorChat(bot.public_key);
    const theirs = await uploadPng(`/api/v1/widget/conversations/${b.conversationId}/attachments`, b.token);
    const clientId = cid();
    a.visitor.send({ type: "message:send", client_id: clientId, text: "mine now", attachments: [{ id: theirs.id }] });
    expect(await a.visitor.next("error")).toMatchObject({ code: "INVALID_ATTACHMENT", client_id: clientId });
    a.visitor.close();
    b.visitor.close();
  });

  it("sends a visitor's own upload by id and everyone receives a link the server signed", async () => {
    const { bot, owner } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key, {});
    const agent = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: owner.token });
    await agent.frames!.next("hello");
    const hub = await connect(`/api/v1/realtime/ws`, { token: owner.token });
    await hub.frames!.next("hello");
    const file = await uploadPng(`/api/v1/widget/conversations/${chat.conversationId}/attachments`, chat.token);
    // whatever else the client says about the file is ignored
    chat.visitor.send({ type: "message:send", client_id: cid(), attachments: [{ id: file.id, url: "https://evil.example/x.png", name: "evil" }] });
    await chat.visitor.next("message:ack");
    const received = (await agent.frames!.next((f) => f.type === "message:receive" && f.message.role === "visitor")).message;
    expect(received.attachments).toEqual([{ id: file.id, name: "shot.png", content_type: "image/png", size: PNG.byteLength, url: expect.stringMatching(SIGNED) }]);
    const inbox = await hub.frames!.next("inbox:message");
    expect(inbox.message.attachments[0].url).toMatch(SIGNED);
    // the stored copies carry no URL at all, the thread view signs afresh
    const row = await eventually(async () => {
      const r = await env.DB.prepare(`select attachments from messages where conversation_id = ?1 and role = 'visitor'`).bind(chat.conversationId).first<{ attachments: string }>();
      if (!r) throw new Error("not mirrored yet");
      return r;
    });
    expect(JSON.parse(row!.attachments)).toEqual([{ id: file.id, name: "shot.png", content_type: "image/png", size: PNG.byteLength }]);
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.messages[0].attachments[0]).toMatchObject({ id: file.id, url: expect.stringMatching(SIGNED) });
    const history = await api(`/api/v1/widget/conversations/${chat.conversationId}/messages`, { token: chat.token });
    expect(history.json.data[0].attachments[0].url).toMatch(SIGNED);
    agent.frames!.close();
    hub.frames!.close();
    chat.visitor.close();
  });

  it("leaves out of the thread an attachment a message carries that is not an upload of the conversation", async () => {
    const { bot, owner } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "hello" });
    await chat.visitor.next("message:ack");
    await eventually(async () => {
      if (!(await env.DB.prepare(`select 1 from messages where conversation_id = ?1 and role = 'visitor'`).bind(chat.conversationId).first())) throw new Error("not mirrored yet");
    });
    // a row written before uploads were checked
    await env.DB.prepare(`update messages set attachments = ?1 where conversation_id = ?2 and role = 'visitor'`)
      .bind(JSON.stringify([{ url: "https://tracker.example/p.png", name: "p.png", content_type: "image/png", size: 1 }, { id: "att_forged", url: "javascript:alert(1)", name: "f", content_type: "image/png", size: 1 }]), chat.conversationId)
      .run();
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.messages[0].attachments ?? []).toEqual([]);
    chat.visitor.close();
  });

  it("lets an agent attach only their own uploads to this conversation", async () => {
    const { bot, owner, agent } = await setupWorkspace();
    const chat = await visitorChat(bot.public_key);
    const visitorsFile = await uploadPng(`/api/v1/widget/conversations/${chat.conversationId}/attachments`, chat.token);
    const sock = await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: agent.token });
    await sock.frames!.next("hello");
    const bad = cid();
    sock.frames!.send({ type: "message:send", client_id: bad, text: "see", attachments: [{ id: visitorsFile.id }] });
    expect(await sock.frames!.next("error")).toMatchObject({ code: "INVALID_ATTACHMENT", client_id: bad });
    const mine = await uploadPng(`/api/v1/conversations/${chat.conversationId}/attachments`, agent.token);
    sock.frames!.send({ type: "message:send", client_id: cid(), text: "see", attachments: [{ id: mine.id }] });
    await sock.frames!.next("message:ack");
    const got = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "agent");
    expect(got.message.attachments[0]).toMatchObject({ id: mine.id, url: expect.stringMatching(SIGNED) });
    void owner;
    sock.frames!.close();
    chat.visitor.close();
  });
});

describe("the dashboard shows only links the server signed", () => {
  const origin = "https://app.minichat.example";
  it("keeps a signed attachment link of its own origin and drops anything else", () => {
    const good = `${origin}/api/v1/attachments/att_abc123?exp=1900000000&sig=${"a".repeat(64)}`;
    expect(signedAttachmentHref(good, origin)).toBe(good);
    expect(signedAttachmentHref(`/api/v1/attachments/att_abc123?exp=1900000000&sig=${"a".repeat(64)}`, origin)).toBe(good);
    expect(signedAttachmentHref("https://tracker.example/pixel.png", origin)).toBeNull();
    expect(signedAttachmentHref(`https://evil.example/api/v1/attachments/att_abc123?exp=1&sig=${"a".repeat(64)}`, origin)).toBeNull();
    expect(signedAttachmentHref("javascript:alert(1)", origin)).toBeNull();
    expect(signedAttachmentHref("data:image/png;base64,AAAA", origin)).toBeNull();
    expect(signedAttachmentHref(`${origin}/api/v1/attachments/att_abc123`, origin)).toBeNull();
    expect(signedAttachmentHref(undefined, origin)).toBeNull();
  });

  it("serves the dashboard with an img-src limited to its own origin", () => {
    const csp = headers.split("\n").find((l) => l.includes("Content-Security-Policy"))!;
    const img = csp.match(/img-src ([^;]+)/)![1]!.trim().split(/\s+/);
    expect(img).toEqual(["'self'", "data:", "blob:"]);
  });
});
