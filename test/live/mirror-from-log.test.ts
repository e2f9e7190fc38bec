import { env, runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, conversationStub, evict, eventually, holdingAgent, inObject, setupWorkspace, visitorChat } from "./helpers";

const mirroredTexts = async (conversationId: string) =>
  (await env.DB.prepare(`select seq, text from messages where conversation_id = ? order by seq`).bind(conversationId).all<{ seq: number; text: string }>()).results;

const agentReplies = async (conversationId: string) =>
  (await env.DB.prepare(`select count(*) as n from analytics_events where conversation_id = ? and name = 'agent_reply'`).bind(conversationId).first<{ n: number }>())!.n;

describe("the mirror reads new messages from the log", () => {
  it("keeps one copy of a message in the object, and mirrors it once even when the flush's bookkeeping is lost", async () => {
    const { chat, ws } = await holdingAgent();
    const { conversationId, visitor } = chat;
    for (const text of ["one", "two", "three"]) {
      ws.send({ type: "message:send", client_id: cid(), text });
      await ws.next("message:ack");
    }
    // acknowledged messages are in the log only; the outbox holds no copy of them
    const queued = await inObject(conversationStub(conversationId), (_i, state) => state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox WHERE kind = 'message'`).one().n);
    expect(queued).toBe(0);
    await runDurableObjectAlarm(conversationStub(conversationId));
    await eventually(async () => expect((await mirroredTexts(conversationId)).map((r) => r.text).slice(-3)).toEqual(["one", "two", "three"]));
    const before = await mirroredTexts(conversationId);
    expect(await agentReplies(conversationId)).toBe(3);
    // a flush whose D1 write went through but whose mark was lost writes the same rows again: nothing changes
    const replayed = await inObject<number>(conversationStub(conversationId), (instance, state) => {
      state.storage.sql.exec(`UPDATE meta SET value = '0' WHERE key = 'mirrored_seq'`);
      return instance.flush();
    });
    expect(replayed).toBe(before.length);
    expect(await mirroredTexts(conversationId)).toEqual(before);
    expect(await agentReplies(conversationId)).toBe(3);
    ws.close();
    visitor.close();
  });

  it("an object upgraded with messages still in its outbox flushes them, then its new messages from the log, each once and in order", async () => {
    const { bot, agent } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    const stub = conversationStub(conversationId);
    // the object as the previous version left it: storage schema 1, two replies queued in the outbox as message rows
    await inObject(stub, async (instance, state) => {
      await instance.flush();
      const sql = state.storage.sql;
      sql.exec(`ALTER TABLE messages DROP COLUMN holder`);
      sql.exec(`DELETE FROM meta WHERE key = 'mirrored_seq'`);
      sql.exec(`UPDATE _schema SET version = 1`);
      const last = sql.exec<{ s: number }>(`SELECT MAX(seq) AS s FROM messages`).one().s;
      for (const [i, text] of ["queued before the upgrade 1", "queued before the upgrade 2"].entries()) {
        const seq = last + i + 1;
        const at = new Date().toISOString();
        const id = `msg_legacy_${conversationId}_${i}`;
        sql.exec(
          `INSERT INTO messages (seq, id, sender, client_id, role, author_id, author_name, text, created_at, created_ms) VALUES (?, ?, ?, ?, 'agent', ?, ?, ?, ?, ?)`,
          seq, id, `agent:${agent.userId}`, cid(), agent.userId, "Agent", text, at, Date.now(),
        );
        const message = { id, conversation_id: conversationId, seq, role: "agent", author: { id: agent.userId, name: "Agent" }, text, created_at: at };
        sql.exec(`INSERT INTO outbox (kind, payload) VALUES ('message', ?)`, JSON.stringify({ kind: "message", message, agent_id: agent.userId }));
      }
    });
    await evict(conversationId);
    // the next instance migrates its storage; a new reply goes to the log only
    const res = await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "after the upgrade", client_id: cid() } });
    expect(res.status, res.text).toBe(201);
    await eventually(async () => {
      const texts = (await mirroredTexts(conversationId)).map((r) => r.text);
      expect(texts.slice(-3)).toEqual(["queued before the upgrade 1", "queued before the upgrade 2", "after the upgrade"]);
    });
    const rows = await mirroredTexts(conversationId);
    expect(new Set(rows.map((r) => r.seq)).size).toBe(rows.length);
    expect(rows.map((r) => r.seq)).toEqual([...rows.map((r) => r.seq)].sort((a, b) => a - b));
    expect(await agentReplies(conversationId)).toBe(3);
    const left = await inObject(conversationStub(conversationId), (_i, state) => ({
      outbox: state.storage.sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM outbox`).one().n,
      mirrored: Number(state.storage.sql.exec<{ value: string }>(`SELECT value FROM meta WHERE key = 'mirrored_seq'`).one().value),
      last: state.storage.sql.exec<{ s: number }>(`SELECT MAX(seq) AS s FROM messages`).one().s,
    }));
    expect(left).toEqual({ outbox: 0, mirrored: left.last, last: rows[rows.length - 1]!.seq });
    visitor.close();
  });
});
