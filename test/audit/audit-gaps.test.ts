import { describe, expect, it } from "vitest";
import { createBot } from "../chatbots/fixtures";
import { api, inviteAndAccept, registerOwner, uniqueEmail, uniqueIp } from "../helpers";
import { seedConversation, seedVisitor } from "../inbox/seed";
import { multipart } from "../knowledge/sources/helpers";

type Entry = { action: string; resource_type: string; resource_id: string; actor_user_id: string | null; changes: any; ip: string | null };

async function auditOf(token: string, action: string): Promise<Entry[]> {
  const res = await api(`/api/v1/audit-logs?action=${encodeURIComponent(action)}&limit=100`, { token });
  expect(res.status).toBe(200);
  return res.json.data;
}

const CLIENT = { "cf-connecting-ip": "203.0.113.77", "user-agent": "AuditGaps/1.0" };

describe("audit log covers sensitive actions", () => {
  it("records a transcript export with its format and who exported it", async () => {
    const owner = await registerOwner();
    const conv = await seedConversation(owner.workspaceId, { visitor_id: await seedVisitor(owner.workspaceId, { name: "Ann" }), messages: [{ role: "visitor", text: "hi" }] });
    expect((await api(`/api/v1/conversations/${conv}/export?format=csv`, { token: owner.token, headers: CLIENT })).status).toBe(200);
    const [entry] = await auditOf(owner.token, "conversation.exported");
    expect(entry).toMatchObject({ resource_type: "conversation", resource_id: conv, actor_user_id: owner.userId, changes: { format: "csv" }, ip: "203.0.113.77" });
  });

  it("records banning and unbanning a visitor", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    const visitor = await seedVisitor(owner.workspaceId, { name: "Troll" });
    expect((await api(`/api/v1/visitors/${visitor}/ban`, { token: agent.token, body: { reason: "spam" } })).status).toBe(200);
    expect((await api(`/api/v1/visitors/${visitor}/unban`, { method: "POST", token: agent.token })).status).toBe(200);
    expect((await auditOf(owner.token, "visitor.banned"))[0]).toMatchObject({ resource_type: "visitor", resource_id: visitor, actor_user_id: agent.userId, changes: { after: { banned: true, reason: "spam" } } });
    expect((await auditOf(owner.token, "visitor.unbanned"))[0]).toMatchObject({ resource_id: visitor, actor_user_id: agent.userId });
  });

  it("records deleting an FAQ, a document and a URL source, with what was deleted", async () => {
    const owner = await registerOwner();
    const bot = await createBot(owner.token);
    const faq = await api("/api/v1/knowledge-base/faqs", { token: owner.token, body: { chatbot_id: bot.id, question: "Do you ship abroad?", answer: "Yes." } });
    expect(faq.status).toBe(201);
    expect((await api(`/api/v1/knowledge-base/faqs/${faq.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await auditOf(owner.token, "knowledge.faq_deleted"))[0]).toMatchObject({
      resource_type: "faq",
      resource_id: faq.json.id,
      actor_user_id: owner.userId,
      changes: { before: { chatbot_id: bot.id, question: "Do you ship abroad?" } },
    });

    const doc = await api("/api/v1/knowledge-base/documents", { token: owner.token, body: multipart({ chatbot_id: bot.id, file: new File(["Returns within 30 days."], "returns.txt", { type: "text/plain" }) }) });
    expect(doc.status).toBe(202);
    const docId = doc.json.id ?? doc.json.document?.id;
    expect((await api(`/api/v1/knowledge-base/documents/${docId}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await auditOf(owner.token, "knowledge.document_deleted"))[0]).toMatchObject({ resource_type: "document", resource_id: docId, changes: { before: { filename: "returns.txt" } } });

    const url = await api("/api/v1/knowledge-base/urls", { token: owner.token, body: { chatbot_id: bot.id, url: "https://docs.example.com/" } });
    expect(url.status).toBe(202);
    expect((await api(`/api/v1/knowledge-base/urls/${url.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    expect((await auditOf(owner.token, "knowledge.url_deleted"))[0]).toMatchObject({ resource_type: "url_source", resource_id: url.json.id, changes: { before: { url: "https://docs.example.com/" } } });
  });

  it("records every role and membership change, and each revoked invitation", async () => {
    const owner = await registerOwner();
    const agent = await inviteAndAccept(owner.token, "agent");
    await api(`/api/v1/members/${agent.userId}`, { method: "PATCH", token: owner.token, body: { role: "viewer" } });
    await api(`/api/v1/members/${agent.userId}/deactivate`, { method: "POST", token: owner.token });
    await api(`/api/v1/members/${agent.userId}/reactivate`, { method: "POST", token: owner.token });
    await api(`/api/v1/members/${agent.userId}`, { method: "DELETE", token: owner.token });
    expect((await auditOf(owner.token, "member.role_changed"))[0]).toMatchObject({ resource_id: agent.userId, changes: { before: { role: "agent" }, after: { role: "viewer" } } });
    expect((await auditOf(owner.token, "member.deactivated"))[0]).toMatchObject({ resource_id: agent.userId });
    expect((await auditOf(owner.token, "member.reactivated"))[0]).toMatchObject({ resource_id: agent.userId });
    expect((await auditOf(owner.token, "member.removed"))[0]).toMatchObject({ resource_id: agent.userId });

    const email = uniqueEmail("invitee");
    const first = await api("/api/v1/invitations", { token: owner.token, body: { email, role: "agent" }, headers: { "cf-connecting-ip": uniqueIp() } });
    // inviting the same email again replaces (revokes) the first invitation
    const second = await api("/api/v1/invitations", { token: owner.token, body: { email, role: "admin" }, headers: { "cf-connecting-ip": uniqueIp() } });
    expect((await api(`/api/v1/invitations/${second.json.id}`, { method: "DELETE", token: owner.token })).status).toBe(204);
    const revoked = await auditOf(owner.token, "invitation.revoked");
    expect(revoked.map((e) => e.resource_id).sort()).toEqual([first.json.id, second.json.id].sort());
    expect(revoked.find((e) => e.resource_id === first.json.id)?.changes).toMatchObject({ reason: "replaced", before: { role: "agent" } });
  });
});
