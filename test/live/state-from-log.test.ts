import { env, runDurableObjectAlarm, runInDurableObject } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, conversationStub, eventually, evict, holdingAgent, storedState } from "./helpers";

/** The object's read RPCs (the stub's generated types are too deep for the checker here). */
const rpcOf = (id: string) =>
  conversationStub(id) as unknown as { snapshot(): Promise<Record<string, any> | null>; history(afterSeq: number): Promise<{ seq: number; created_at: string }[]> };

describe("the conversation's state and its log", () => {
  it("an agent's replies are counted after an eviction even when the state row was saved before them: count, preview and times come back from the log", async () => {
    const { owner, chat, ws } = await holdingAgent({ visitorFirst: "is the blue one in stock?" });
    const acks = [];
    for (const text of ["first reply", "second reply", "third reply"]) {
      ws.send({ type: "message:send", client_id: cid(), text });
      acks.push(await ws.next("message:ack"));
    }
    const last = acks[acks.length - 1]!;
    // the state row as it was before the replies (as if the object stopped before the alarm wrote it)
    await runInDurableObject(conversationStub(chat.conversationId), (_i, state) => {
      const sql = state.storage.sql;
      const s = JSON.parse(sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'state'`).one().value);
      s.messageCount = last.seq - 3;
      s.lastMessagePreview = "is the blue one in stock?";
      sql.exec(`UPDATE meta SET value = ? WHERE key = 'state'`, JSON.stringify(s));
    });
    await evict(chat.conversationId);
    const view = await rpcOf(chat.conversationId).snapshot();
    const third = (await rpcOf(chat.conversationId).history(last.seq - 1)).find((m) => m.seq === last.seq)!;
    expect(view).toMatchObject({ message_count: last.seq, last_seq: last.seq, last_message_preview: "third reply", last_message_at: third.created_at, subject: "is the blue one in stock?" });
    expect(view!.updated_at >= third.created_at).toBe(true);
    // the alarm writes what the replay recovered, and the mirror has it
    await runDurableObjectAlarm(conversationStub(chat.conversationId));
    expect(await storedState(chat.conversationId)).toMatchObject({ messageCount: last.seq, lastMessagePreview: "third reply", lastMessageAt: third.created_at, unreadCountAgent: 0 });
    await eventually(async () => {
      const row = await env.DB.prepare(`SELECT message_count, last_message_preview, unread_count_agent FROM conversations WHERE id = ?`).bind(chat.conversationId).first<any>();
      expect(row).toMatchObject({ message_count: last.seq, last_message_preview: "third reply", unread_count_agent: 0 });
    });
    const detail = await api(`/api/v1/conversations/${chat.conversationId}`, { token: owner.token });
    expect(detail.json.messages.filter((m: any) => m.role === "agent").map((m: any) => m.text)).toEqual(["first reply", "second reply", "third reply"]);
    ws.close();
    chat.visitor.close();
  });

  it("a visitor message after the agent's replies counts as unread again, and an eviction keeps it", async () => {
    const { chat, ws } = await holdingAgent({ visitorFirst: "is the blue one in stock?" });
    ws.send({ type: "message:send", client_id: cid(), text: "let me check" });
    await ws.next("message:ack");
    chat.visitor.send({ type: "message:send", client_id: cid(), text: "thanks!" });
    const ack = await chat.visitor.next("message:ack");
    await evict(chat.conversationId);
    const view = await rpcOf(chat.conversationId).snapshot();
    expect(view).toMatchObject({ message_count: ack.seq, last_message_preview: "thanks!", status: "agent_handling", mode: "human" });
    await runDurableObjectAlarm(conversationStub(chat.conversationId));
    expect(await storedState(chat.conversationId)).toMatchObject({ messageCount: ack.seq, lastMessagePreview: "thanks!", unreadCountAgent: 1 });
    ws.close();
    chat.visitor.close();
  });
});
