import { runDurableObjectAlarm } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { api, conversationStub, inObject } from "../helpers";
import { cid, eventually, setupWorkspace, visitorChat } from "../live/helpers";


describe("usage metering", () => {
  it("counts a conversation and its AI replies once, however often the conversation's outbox is flushed again", async () => {
    const { owner, bot } = await setupWorkspace();
    const before = (await api("/api/v1/billing", { token: owner.token })).json.usage;
    expect(before).toMatchObject({ conversations: 0, ai_replies: 0 });

    const { visitor, conversationId } = await visitorChat(bot.public_key);
    visitor.send({ type: "message:send", client_id: cid(), text: "Do you ship to Chiang Mai?" });
    await visitor.next((f) => f.type === "message:receive" && f.message.role === "bot", 10_000);
    await visitor.quiet(300);
    const metered = await eventually(async () => {
      const u = (await api("/api/v1/billing", { token: owner.token })).json.usage;
      if (u.conversations !== 1 || u.ai_replies < 1) throw new Error(`not mirrored yet: ${JSON.stringify(u)}`);
      return u;
    }, 5_000);

    // the flush's delete is lost and the same rows go out again, twice (a retry and an alarm)
    const stub = conversationStub(conversationId);
    await inObject(stub, async (instance, state) => {
      const log = (await instance.history(0, 100)) as unknown[];
      const requeue = () => {
        state.storage.sql.exec(`INSERT INTO outbox (kind, payload) VALUES ('conversation', '{"kind":"conversation"}')`);
        for (const m of log) state.storage.sql.exec(`INSERT INTO outbox (kind, payload) VALUES ('message', ?)`, JSON.stringify({ kind: "message", message: m }));
      };
      requeue();
      await instance.flush();
      requeue();
      state.storage.sql.exec(`INSERT OR REPLACE INTO schedule (kind, at) VALUES ('flush', 0)`);
      await state.storage.setAlarm(Date.now() + 60_000);
    });
    await runDurableObjectAlarm(stub);

    const after = (await api("/api/v1/billing", { token: owner.token })).json.usage;
    expect(after.conversations).toBe(metered.conversations);
    expect(after.ai_replies).toBe(metered.ai_replies);
    visitor.close();
  });
});
