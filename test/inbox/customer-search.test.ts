import { env } from "cloudflare:test";
import { beforeAll, describe, expect, it } from "vitest";
import { customerMatchQuery } from "../../worker/inbox/search";
import { keyTerms, tenantKey } from "../../worker/inbox/search-terms";
import { api } from "../helpers";
import { seedConversation, seedVisitor, seedWorkspace } from "./seed";

// The inbox search lists conversations whose customer's name or email has words
// starting with the query's words, from the workspace-keyed visitors_fts index
// (migration 0035), which triggers keep in step with the visitor rows.
let ws: Awaited<ReturnType<typeof seedWorkspace>>;
let other: Awaited<ReturnType<typeof seedWorkspace>>;
const conversationOf: Record<string, string> = {};
const visitorOf: Record<string, string> = {};

const CUSTOMERS: { name: string | null; email: string | null }[] = [
  { name: "Somchai Jaidee", email: "somchai.j@gmail.com" },
  { name: "สมศรี ใจดี", email: "somsri+shop@example.co.th" },
  { name: "José O'Neil-Brown", email: "jose_on@example.com" },
  { name: null, email: "anon42@mail.test" },
  { name: "Ann (VIP) #7", email: null },
];

beforeAll(async () => {
  ws = await seedWorkspace();
  other = await seedWorkspace();
  for (const c of CUSTOMERS) {
    const v = await seedVisitor(ws.workspaceId, { ...(c.name ? { name: c.name } : {}), ...(c.email ? { email: c.email } : {}) });
    const label = c.name ?? c.email!;
    visitorOf[label] = v;
    conversationOf[label] = await seedConversation(ws.workspaceId, { visitor_id: v, messages: [{ role: "visitor", text: "hello" }] });
  }
  const stranger = await seedVisitor(other.workspaceId, { name: "Somchai Elsewhere", email: "somchai@other.test" });
  await seedConversation(other.workspaceId, { visitor_id: stranger, messages: [{ role: "visitor", text: "hello" }] });
});

const customers = async (q: string) => {
  const res = await api(`/api/v1/conversations/search?q=${encodeURIComponent(q)}`, { token: ws.agent.token });
  expect(res.status, res.text).toBe(200);
  return (res.json.visitor_matches as { conversation_id: string }[]).map((m) => m.conversation_id).sort();
};
const of = (...labels: string[]) => labels.map((l) => conversationOf[l]!).sort();

describe("customer search", () => {
  it("keys a customer's words in SQL exactly as the Worker keys a query", async () => {
    const { results } = await env.DB.prepare(`select visitor_id, terms from visitors_fts where workspace_id = ?1`).bind(ws.workspaceId).all<{ visitor_id: string; terms: string }>();
    const key = tenantKey(ws.workspaceId);
    for (const c of CUSTOMERS) {
      const row = results.find((r) => r.visitor_id === visitorOf[c.name ?? c.email!]);
      expect(row?.terms).toBe(keyTerms(`${c.name ?? ""} ${c.email ?? ""}`, key));
    }
  });

  it("finds customers by the start of any word of their name or email", async () => {
    expect(await customers("somch")).toEqual(of("Somchai Jaidee"));
    expect(await customers("JAIDEE")).toEqual(of("Somchai Jaidee"));
    expect(await customers("gmail.com")).toEqual(of("Somchai Jaidee"));
    expect(await customers("somsri+shop@")).toEqual(of("สมศรี ใจดี"));
    expect(await customers("ใจดี")).toEqual(of("สมศรี ใจดี"));
    expect(await customers("สมศ")).toEqual(of("สมศรี ใจดี"));
    expect(await customers("jose")).toEqual(of("José O'Neil-Brown"));
    expect(await customers("neil brown")).toEqual(of("José O'Neil-Brown"));
    expect(await customers("anon42")).toEqual(of("anon42@mail.test"));
    expect(await customers("vip")).toEqual(of("Ann (VIP) #7"));
    expect(await customers("example")).toEqual(of("สมศรี ใจดี", "José O'Neil-Brown"));
  });

  it("lists nothing for a word no customer has, a single letter, or another workspace's customer", async () => {
    expect(await customers("elsewhere")).toEqual([]);
    expect(await customers("other.test")).toEqual([]);
    expect(await customers("chai")).toEqual([]); // inside a word, not at its start
    expect(await customers("s")).toEqual([]);
    expect(customerMatchQuery("s", ws.workspaceId)).toBeNull();
    expect(customerMatchQuery(`"a" OR b*`, ws.workspaceId)).toBe(`"${tenantKey(ws.workspaceId)}a"* "${tenantKey(ws.workspaceId)}OR"* "${tenantKey(ws.workspaceId)}b"*`);
  });

  it("follows a customer's new name, an erased name and a deleted customer", async () => {
    const v = await seedVisitor(ws.workspaceId, { name: "Pim Old" });
    const conv = await seedConversation(ws.workspaceId, { visitor_id: v, messages: [{ role: "visitor", text: "hi" }] });
    expect(await customers("pim")).toEqual([conv]);
    await env.DB.prepare(`update visitors set name = 'Pim Newname' where id = ?1`).bind(v).run();
    expect(await customers("newname")).toEqual([conv]);
    expect(await customers("old")).toEqual([]);
    await env.DB.prepare(`update visitors set last_seen_at = ?2 where id = ?1`).bind(v, new Date().toISOString()).run();
    expect(await customers("newname")).toEqual([conv]);
    await env.DB.prepare(`update visitors set name = null, email = null where id = ?1`).bind(v).run();
    expect(await customers("pim")).toEqual([]);
    expect((await env.DB.prepare(`select count(*) as n from visitors_fts where visitor_id = ?1`).bind(v).first<{ n: number }>())!.n).toBe(0);
    await env.DB.prepare(`update visitors set email = 'pim@example.org' where id = ?1`).bind(v).run();
    expect(await customers("pim")).toEqual([conv]);
    await env.DB.prepare(`delete from visitors where id = ?1`).bind(v).run();
    expect((await env.DB.prepare(`select count(*) as n from visitors_fts where visitor_id = ?1`).bind(v).first<{ n: number }>())!.n).toBe(0);
  });

  it("indexes the customers already stored when the migration runs (0035)", async () => {
    const migration = env.TEST_MIGRATIONS.find((m) => m.name.startsWith("0035_"))!;
    const backfill = migration.queries.find((q) => /^\s*INSERT INTO visitors_fts/i.test(q))!;
    await env.DB.prepare(`create virtual table mig35_fts using fts5(terms, visitor_id unindexed, workspace_id unindexed, tokenize = 'unicode61')`).run();
    await env.DB.prepare(backfill.replace(/INSERT INTO visitors_fts/i, "INSERT INTO mig35_fts")).run();
    const read = (table: string) =>
      env.DB.prepare(`select rowid as rid, terms, visitor_id from ${table} where workspace_id = ?1 order by rowid`).bind(ws.workspaceId).all();
    expect((await read("mig35_fts")).results).toEqual((await read("visitors_fts")).results);
    expect((await read("mig35_fts")).results.length).toBeGreaterThanOrEqual(CUSTOMERS.length);
  });
});
