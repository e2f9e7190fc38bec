import { describe, expect, it } from "vitest";
import { api, registerOwner } from "../helpers";
import { checkoutAs, sellingShop, shopper, widgetHeaders } from "../commerce/fixtures";
import { startSession } from "../live/helpers";

describe("contacts and leads", () => {
  it("a checkout makes the customer a contact and the order a lead that is won when paid", async () => {
    const shop = await sellingShop();
    const s = await shopper(shop.bot.public_key, shop.blue.id, 2);
    const res = await checkoutAs(s);
    expect(res.status).toBe(201);
    const order = res.json.order;

    const leads = await api(`/api/v1/leads?source=checkout`, { token: shop.owner.token });
    expect(leads.status).toBe(200);
    const lead = leads.json.data.find((l: any) => l.order_id === order.id);
    expect(lead).toMatchObject({ stage: "new", value: 118000, currency: "THB", title: `Order ${order.number}`, conversation_id: s.conversationId });
    expect(lead.contact).toMatchObject({ name: "Somchai Jaidee", email: "somchai@example.com", phone: "0812345678", source: "checkout" });
    expect(lead.contact.visitor_ids).toContain(s.visitorId);

    const paid = await api(`/api/v1/orders/${order.id}/confirm-payment`, { token: shop.owner.token, body: {} });
    expect(paid.status).toBe(200);
    const after = await api(`/api/v1/leads/${lead.id}`, { token: shop.owner.token });
    expect(after.json.stage).toBe("won");
    expect(after.json.closed_at).toBeTruthy();
    expect(after.json.timeline.map((e: any) => [e.from, e.to, e.actor])).toEqual([[null, "new", "system"], ["new", "won", "system"]]);

    // the contact's profile shows the conversation and the order
    const profile = await api(`/api/v1/contacts/${lead.contact.id}`, { token: shop.agent.token });
    expect(profile.status).toBe(200);
    expect(profile.json.conversations.map((c: any) => c.id)).toContain(s.conversationId);
    expect(profile.json.orders).toEqual([expect.objectContaining({ id: order.id, number: order.number, status: "paid" })]);
  });

  it("a second visitor with the same email joins the same contact", async () => {
    const shop = await sellingShop();
    const a = await shopper(shop.bot.public_key, shop.blue.id);
    const b = await shopper(shop.bot.public_key, shop.blue.id);
    expect((await checkoutAs(a)).status).toBe(201);
    expect((await checkoutAs(b, { customer: { name: "Somchai J.", phone: "+66 81 234 5678", email: "SOMCHAI@example.com" } })).status).toBe(201);
    const contacts = await api(`/api/v1/contacts`, { token: shop.owner.token });
    expect(contacts.json.data).toHaveLength(1);
    expect(contacts.json.data[0].visitor_ids.sort()).toEqual([a.visitorId, b.visitorId].sort());
    const leads = await api(`/api/v1/leads`, { token: shop.owner.token });
    expect(leads.json.data).toHaveLength(2);
    expect(new Set(leads.json.data.map((l: any) => l.contact_id)).size).toBe(1);
  });

  it("agents create leads, move them between stages (recorded with who), filter, search and export them", async () => {
    const shop = await sellingShop();
    const created = await api(`/api/v1/leads`, {
      token: shop.agent.token,
      body: { title: "Wholesale totes for a café", value: 2500000, contact: { name: "Napat", email: "napat@cafe.example" }, source: "campaign", utm: { source: "line", campaign: "tote-week" } },
    });
    expect(created.status).toBe(201);
    expect(created.json).toMatchObject({ stage: "new", source: "campaign", utm: { source: "line", medium: null, campaign: "tote-week" }, contact: { email: "napat@cafe.example" } });
    const id = created.json.id;

    for (const stage of ["contacted", "qualified", "won"]) {
      const moved = await api(`/api/v1/leads/${id}`, { method: "PATCH", token: shop.agent.token, body: { stage } });
      expect(moved.status).toBe(200);
    }
    const reopened = await api(`/api/v1/leads/${id}`, { method: "PATCH", token: shop.owner.token, body: { stage: "qualified", stage_note: "order fell through", tasks: { add: [{ title: "Call back on Monday" }] } } });
    expect(reopened.json.closed_at).toBeNull();
    expect(reopened.json.tasks).toEqual([expect.objectContaining({ title: "Call back on Monday", done: false })]);
    expect(reopened.json.timeline.map((e: any) => `${e.from}>${e.to}`)).toEqual(["null>new", "new>contacted", "contacted>qualified", "qualified>won", "won>qualified"]);
    expect(reopened.json.timeline[1].actor).toBe(`user:${shop.agent.userId}`);
    expect(reopened.json.timeline[4]).toMatchObject({ actor: `user:${shop.owner.userId}`, note: "order fell through" });

    await api(`/api/v1/leads`, { token: shop.agent.token, body: { title: "Just browsing" } });
    const qualified = await api(`/api/v1/leads?stage=qualified`, { token: shop.viewer.token });
    expect(qualified.json.data.map((l: any) => l.id)).toEqual([id]);
    const byContact = await api(`/api/v1/leads?q=napat`, { token: shop.owner.token });
    expect(byContact.json.data.map((l: any) => l.id)).toEqual([id]);

    const page1 = await api(`/api/v1/leads?limit=1`, { token: shop.owner.token });
    expect(page1.json.data).toHaveLength(1);
    const page2 = await api(`/api/v1/leads?limit=1&cursor=${encodeURIComponent(page1.json.next_cursor)}`, { token: shop.owner.token });
    expect(page2.json.data[0].id).not.toBe(page1.json.data[0].id);

    const csv = await api(`/api/v1/leads/export.csv?stage=qualified`, { token: shop.owner.token });
    expect(csv.status).toBe(200);
    expect(csv.text.split("\r\n")[1]).toContain("Wholesale totes for a café,qualified,25000.00,THB,campaign,Napat,napat@cafe.example");
  });

  it("refuses bad input, viewers' edits, and answers 404 for another workspace's leads and contacts", async () => {
    const shop = await sellingShop();
    const lead = (await api(`/api/v1/leads`, { token: shop.owner.token, body: { title: "Mine", contact: { email: "mine@example.com" } } })).json;

    expect((await api(`/api/v1/leads`, { token: shop.owner.token, body: { title: "" } })).status).toBe(400);
    expect((await api(`/api/v1/leads/${lead.id}`, { method: "PATCH", token: shop.owner.token, body: { stage: "maybe" } })).status).toBe(400);
    expect((await api(`/api/v1/leads`, { token: shop.owner.token, body: { title: "x", value: 12.5 } })).status).toBe(400);
    const badOwner = await api(`/api/v1/leads/${lead.id}`, { method: "PATCH", token: shop.owner.token, body: { owner_user_id: "usr_nobody" } });
    expect(badOwner.status).toBe(400);
    expect(badOwner.json.error.code).toBe("INVALID_OWNER");
    expect((await api(`/api/v1/leads/${lead.id}`, { method: "PATCH", token: shop.viewer.token, body: { stage: "won" } })).status).toBe(403);

    const other = await registerOwner();
    expect((await api(`/api/v1/leads/${lead.id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/api/v1/leads/${lead.id}`, { method: "PATCH", token: other.token, body: { stage: "won" } })).status).toBe(404);
    expect((await api(`/api/v1/contacts/${lead.contact_id}`, { token: other.token })).status).toBe(404);
    expect((await api(`/api/v1/leads`, { token: other.token, body: { title: "Theirs", contact_id: lead.contact_id } })).status).toBe(404);
    expect((await api(`/api/v1/leads`, { token: other.token })).json.data).toEqual([]);
    expect((await api(`/api/v1/contacts`, { token: other.token })).json.data).toEqual([]);
    expect((await api(`/api/v1/leads/${lead.id}`, { token: shop.owner.token })).json.stage).toBe("new");
  });

  it("agents merge two contacts and unmerge them again", async () => {
    const shop = await sellingShop();
    const a = (await api(`/api/v1/leads`, { token: shop.owner.token, body: { title: "A", contact: { name: "Ann", email: "ann@example.com" } } })).json.contact_id;
    const b = (await api(`/api/v1/leads`, { token: shop.owner.token, body: { title: "B", contact: { name: "Ann (LINE)", phone: "0899999999" } } })).json.contact_id;
    expect(a).not.toBe(b);
    const merged = await api(`/api/v1/contacts/${a}/merge`, { token: shop.agent.token, body: { contact_id: b } });
    expect(merged.status).toBe(200);
    expect(merged.json.merged_contact_ids).toEqual([b]);
    expect((await api(`/api/v1/contacts`, { token: shop.owner.token })).json.data.map((c: any) => c.id)).toEqual([a]);
    expect((await api(`/api/v1/contacts/${b}/merge`, { token: shop.agent.token, body: { contact_id: a } })).status).toBe(409);
    expect((await api(`/api/v1/contacts/${a}/merge`, { token: shop.agent.token, body: { contact_id: a } })).status).toBe(400);
    const unmerged = await api(`/api/v1/contacts/${b}/unmerge`, { method: "POST", token: shop.agent.token });
    expect(unmerged.status, unmerged.text).toBe(200);
    expect(unmerged.json.merged_into_id).toBeNull();
    expect((await api(`/api/v1/contacts`, { token: shop.owner.token })).json.data).toHaveLength(2);
  });

  it("a pre-chat form with an email makes a contact and a form lead for the conversation; one without email or phone does not", async () => {
    const shop = await sellingShop();
    const session = await startSession(shop.bot.public_key);
    const token = session.json.visitor_token as string;
    const conv = await api("/api/v1/widget/conversations", { token, headers: widgetHeaders, body: { pre_chat: { name: "Malee", email: "malee@example.com" } } });
    expect(conv.status).toBe(201);
    const anon = await startSession(shop.bot.public_key);
    expect((await api("/api/v1/widget/conversations", { token: anon.json.visitor_token, headers: widgetHeaders, body: { pre_chat: { name: "Just a name" } } })).status).toBe(201);

    const leads = await api(`/api/v1/leads?source=form`, { token: shop.owner.token });
    expect(leads.json.data).toHaveLength(1);
    expect(leads.json.data[0]).toMatchObject({ stage: "new", source: "form", conversation_id: conv.json.id, chatbot_id: shop.bot.id, contact: { name: "Malee", email: "malee@example.com", source: "form", visitor_ids: [session.json.visitor_id] } });
  });
});
