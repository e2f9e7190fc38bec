import { env } from "cloudflare:test";
import { describe, expect, it } from "vitest";
import { csvField } from "../../worker/analytics/exports/csv";
import { runExportStep } from "../../worker/analytics/exports/jobs";
import { createBot } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { eventually } from "../live/helpers";
import { conversation, iso, write } from "./fixtures";

const download = async (url: string) => {
  const res = await api(url);
  return { status: res.status, text: res.text, type: res.headers?.get?.("content-type") };
};

describe("analytics CSV exports", () => {
  it("runs as a queued job in parts into R2 and downloads through a signed link", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    const rows = [];
    for (let i = 0; i < 25; i++) {
      const created = iso(Date.parse("2026-11-10T03:00:00.000Z") + i * 60_000);
      const c = conversation(owner.workspaceId, bot.id, `X${String(i).padStart(2, "0")}_${bot.id}`, created).created().visitor(created, true).bot(iso(Date.parse(created) + 2000));
      if (i === 3) c.rated(iso(Date.parse(created) + 5000), 2, '=1+1, "really"');
      rows.push(...c.rows);
    }
    await write(rows);

    const started = await api("/api/v1/analytics/exports", { token: owner.token, body: { kind: "conversations", from: "2026-11-09", to: "2026-11-11" } });
    expect(started.status, started.text).toBe(202);
    expect(started.json).toMatchObject({ kind: "conversations", format: "csv", status: "queued", rows: 0, download_url: null });
    const id = started.json.id as string;
    // the first step, as the queue consumer runs it, with small pages: 20 of the 25 rows in part 0
    expect(await runExportStep(env, { export_id: id, part: 0 }, { stepRows: 20, pageRows: 10 })).toEqual({ rows: 20, done: false });
    const mid = await api(`/api/v1/analytics/exports/${id}`, { token: owner.token });
    expect(mid.json).toMatchObject({ status: expect.stringMatching(/running|done/), download_url: mid.json.status === "done" ? expect.any(String) : null });
    // a redelivered message for the part already written does nothing
    expect(await runExportStep(env, { export_id: id, part: 0 })).toEqual({ rows: 0, done: true });
    // the next step (queued by the first; run here if the local queue has not yet)
    await runExportStep(env, { export_id: id, part: 1 });
    const done = await eventually(async () => {
      const j = await api(`/api/v1/analytics/exports/${id}`, { token: owner.token });
      expect(j.json.status).toBe("done");
      return j.json;
    });
    expect(done.rows).toBe(25);
    expect(done.download_url).toMatch(/^\/api\/v1\/analytics\/exports\/exp_[^/]+\/download\?exp=\d+&sig=[0-9a-f]{64}$/);
    const file = await download(done.download_url);
    expect(file.status).toBe(200);
    const lines = file.text.trim().split("\r\n");
    expect(lines[0]).toBe("conversation_id,chatbot_id,channel,agent_id,created_at,first_visitor_at,escalated_at,escalation_reason,assigned_at,first_response_s,resolved_at,resolved_by,reopened_at,abandoned_at,rating,rated_at");
    expect(lines).toHaveLength(26);
    expect(lines.slice(1).map((l) => l.split(",")[0])).toEqual(Array.from({ length: 25 }, (_, i) => `X${String(i).padStart(2, "0")}_${bot.id}`));
    expect(lines[4]).toContain(",2,");

    // the events export carries the rating comment, quoted
    const ev = await api("/api/v1/analytics/exports", { token: owner.token, body: { kind: "events", from: "2026-11-09", to: "2026-11-11" } });
    await runExportStep(env, { export_id: ev.json.id, part: 0 });
    const evDone = await eventually(async () => {
      const j = await api(`/api/v1/analytics/exports/${ev.json.id}`, { token: owner.token });
      expect(j.json.status).toBe("done");
      return j.json;
    });
    expect(evDone.rows).toBe(rows.length);
    expect((await download(evDone.download_url)).text).toContain('"{""comment"":""=1+1, \\""really\\""""}"');

    // the list, another workspace, a tampered or expired link
    const list = await api("/api/v1/analytics/exports", { token: owner.token });
    expect(list.json.data.map((j: { id: string }) => j.id)).toEqual([ev.json.id, id]);
    const other = await registerOwner();
    expect((await api(`/api/v1/analytics/exports/${id}`, { token: other.token })).status).toBe(404);
    expect((await api("/api/v1/analytics/exports", { token: other.token })).json.data).toEqual([]);
    const tampered = done.download_url.replace(/sig=./, (m: string) => `sig=${m.endsWith("0") ? "1" : "0"}`);
    expect((await download(tampered)).status).toBe(403);
    expect((await download(done.download_url.replace(/exp=\d+/, "exp=1000"))).status).toBe(403);
    expect((await api("/api/v1/analytics/exports", { token: owner.token, body: { kind: "orders" } })).status).toBe(400);
  });

  it("exports messages, ratings and agent performance as their own kinds", async () => {
    const owner = await registerOwner({ name: "Olivia Owner" });
    const bot = await createBot(owner.token);
    const ws = owner.workspaceId;
    const a = owner.userId;
    const T = (hhmm: string) => `2026-11-02T${hhmm}:00.000Z`;
    await write([
      ...conversation(ws, bot.id, `m1_${bot.id}`, T("03:00")).created().visitor(T("03:00"), true).assigned(T("03:01"), a)
        .firstResponse(T("03:02"), a, T("03:00")).reply(T("03:02"), a, T("03:00")).resolved(T("03:10"), "agent", T("03:00"), a).handled(T("03:10"), a, T("03:01"))
        .rated(T("03:12"), 4, "Fine", a).rows,
      ...conversation(ws, bot.id, `m2_${bot.id}`, T("04:00")).created().visitor(T("04:00"), true).bot(T("04:01")).rated(T("04:05"), 1).rows,
    ]);
    const msg = (id: string, conv: string, seq: number, role: string, text: string, at: string) =>
      env.DB.prepare(`INSERT INTO messages (id, workspace_id, conversation_id, seq, role, text, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)`).bind(`${id}_${bot.id}`, ws, `${conv}_${bot.id}`, seq, role, text, at);
    await env.DB.batch([msg("a", "m1", 1, "visitor", "Hi, where is my order?", T("03:00")), msg("b", "m1", 2, "agent", "On its way", T("03:02")), msg("c", "m2", 1, "visitor", "=HYPERLINK()", T("04:00"))]);
    const run = async (kind: string) => {
      const started = await api("/api/v1/analytics/exports", { token: owner.token, body: { kind, from: "2026-11-01", to: "2026-11-07" } });
      expect(started.status, started.text).toBe(202);
      await runExportStep(env, { export_id: started.json.id, part: 0 });
      const done = await eventually(async () => {
        const j = await api(`/api/v1/analytics/exports/${started.json.id}`, { token: owner.token });
        expect(j.json.status).toBe("done");
        return j.json;
      });
      return (await download(done.download_url)).text.trim().split("\r\n");
    };
    const messages = await run("messages");
    expect(messages[0]).toBe("id,conversation_id,seq,role,author_id,author_name,text,created_at");
    expect(messages.slice(1).map((l) => l.split(",")[6])).toEqual(["\"Hi", "On its way", "'=HYPERLINK()"]);
    const ratings = await run("ratings");
    expect(ratings[0]).toBe("rating_id,conversation_id,rated_at,rating,comment,agent_id,chatbot_id,channel");
    expect(ratings.slice(1).map((l) => l.split(",").slice(1, 6))).toEqual([[`m1_${bot.id}`, T("03:12"), "4", "Fine", a], [`m2_${bot.id}`, T("04:05"), "1", "", ""]]);
    const agents = await run("agents");
    expect(agents[0]).toBe("agent_id,name,conversations,replies,first_response_median_s,first_response_p90_s,resolution_median_s,resolution_p90_s,handle_median_s,handle_p90_s,resolved,ratings,csat,online_s");
    // one conversation: FRT 120 s, resolution 600 s, handle 540 s, one rating of 4
    expect(agents.slice(1)).toEqual([`${a},Olivia Owner,1,1,120,120,600,600,540,540,1,1,1,0`]);
  });

  it("a field a spreadsheet would run as a formula is defused, and commas and quotes are quoted", () => {
    expect(csvField("=HYPERLINK(\"http://x\")")).toBe(`"'=HYPERLINK(""http://x"")"`);
    expect(csvField("+66 81 234 5678")).toBe("'+66 81 234 5678");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField(-5)).toBe("-5");
    expect(csvField(null)).toBe("");
  });
});
