import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, connect, conversationStub, evict, holdingAgent, inObject, setupWorkspace, visitorChat } from "./helpers";

const indexesOf = (sql: SqlStorage) =>
  sql.exec<{ name: string }>(`SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'messages' ORDER BY name`).toArray().map((r) => r.name);

const logOf = (sql: SqlStorage) =>
  sql.exec<{ seq: number; id: string; role: string; text: string; holder: string | null }>(`SELECT seq, id, role, text, holder FROM messages ORDER BY seq`).toArray();

/** The log as storage version 2 laid it out: `id` UNIQUE inline, a client index over every row, a rate index over every role. */
function downgrade(sql: SqlStorage) {
  sql.exec(`CREATE TABLE messages_v2 (
    seq INTEGER PRIMARY KEY, id TEXT NOT NULL UNIQUE, sender TEXT NOT NULL, client_id TEXT, role TEXT NOT NULL, author_id TEXT, author_name TEXT,
    text TEXT NOT NULL, rich TEXT, attachments TEXT, ai TEXT, created_at TEXT NOT NULL, created_ms INTEGER NOT NULL, holder TEXT)`);
  sql.exec(`INSERT INTO messages_v2 SELECT seq, id, sender, client_id, role, author_id, author_name, text, rich, attachments, ai, created_at, created_ms, holder FROM messages`);
  sql.exec(`DROP TABLE messages`);
  sql.exec(`ALTER TABLE messages_v2 RENAME TO messages`);
  sql.exec(`CREATE UNIQUE INDEX messages_client ON messages(sender, client_id)`);
  sql.exec(`CREATE INDEX messages_rate ON messages(role, created_ms)`);
  sql.exec(`UPDATE _schema SET version = 2`);
}

describe("the conversation's log keeps only the indexes it reads by", () => {
  it("an object from before is rebuilt on its next use with every message, and a repeated send is still answered once", async () => {
    const { agent, chat, ws: first } = await holdingAgent();
    const { conversationId, visitor } = chat;
    const repeated = cid();
    first.send({ type: "message:send", client_id: repeated, text: "before the upgrade" });
    const ack = (await first.next("message:ack")) as { message_id: string; seq: number };
    first.close();

    const before = await inObject(conversationStub(conversationId), (_i, state) => {
      downgrade(state.storage.sql);
      return { log: logOf(state.storage.sql), indexes: indexesOf(state.storage.sql) };
    });
    expect(before.indexes).toEqual(["messages_client", "messages_rate", "sqlite_autoindex_messages_1"]);
    await evict(conversationId);

    // the next instance migrates: same rows, same seqs, who held the conversation kept
    const again = await connect(`/api/v1/conversations/${conversationId}/ws`, { token: agent.token });
    await again.frames!.next("hello");
    const after = await inObject(conversationStub(conversationId), (_i, state) => ({ log: logOf(state.storage.sql), indexes: indexesOf(state.storage.sql) }));
    expect(after.indexes).toEqual(["messages_client", "messages_visitor_rate"]);
    expect(after.log).toEqual(before.log);
    expect(after.log.at(-1)).toMatchObject({ text: "before the upgrade", holder: agent.userId });

    // the same client_id again: acknowledged with the first message, nothing appended
    again.frames!.send({ type: "message:send", client_id: repeated, text: "before the upgrade" });
    expect(await again.frames!.next("message:ack")).toMatchObject({ client_id: repeated, message_id: ack.message_id, seq: ack.seq });
    again.frames!.send({ type: "message:send", client_id: cid(), text: "after the upgrade" });
    expect(await again.frames!.next("message:ack")).toMatchObject({ seq: ack.seq + 1 });
    const texts = await inObject(conversationStub(conversationId), (_i, state) => logOf(state.storage.sql).map((r) => r.text));
    expect(texts.slice(-2)).toEqual(["before the upgrade", "after the upgrade"]);
    again.frames!.close();
    visitor.close();
  });

  it("a bot's or an agent's message adds no rate-limit entry; a visitor's does, and the limit still counts them", async () => {
    const { bot, agent } = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "Is anyone there?" });
    await visitor.next("message:ack");
    expect((await api(`/api/v1/conversations/${conversationId}/takeover`, { token: agent.token, body: {} })).status).toBe(200);
    const res = await api(`/api/v1/conversations/${conversationId}/messages`, { token: agent.token, body: { text: "hello from the agent", client_id: cid() } });
    expect(res.status, res.text).toBe(201);
    const counted = await inObject(conversationStub(conversationId), (_i, state) => {
      const sql = state.storage.sql;
      const byRole = Object.fromEntries(sql.exec<{ role: string; n: number }>(`SELECT role, COUNT(*) AS n FROM messages GROUP BY role`).toArray().map((r) => [r.role, r.n]));
      // the partial index holds the visitor's rows only
      const indexed = sql.exec<{ n: number }>(`SELECT COUNT(*) AS n FROM messages INDEXED BY messages_visitor_rate WHERE role = 'visitor' AND created_ms > 0`).one().n;
      const plan = sql.exec<{ detail: string }>(`EXPLAIN QUERY PLAN SELECT COUNT(*) AS n FROM messages WHERE role = 'visitor' AND created_ms > 0`).toArray().map((r) => r.detail).join(" ");
      return { byRole, indexed, plan };
    });
    expect(counted.byRole).toMatchObject({ visitor: 1, agent: 1 });
    expect(counted.indexed).toBe(1);
    expect(counted.plan).toContain("messages_visitor_rate");
    visitor.close();
  });
});
