import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { ORIGIN, connect, eventually, setupWorkspace, visitorChat } from "../live/helpers";
import { createProduct } from "./fixtures";

const widgetHeaders = { origin: ORIGIN };

async function shop() {
  const w = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
  const tote = await createProduct(w.owner.token);
  const blue = tote.variants.find((v: any) => v.sku === "TOTE-BLU");
  const red = tote.variants.find((v: any) => v.sku === "TOTE-RED");
  return { ...w, tote, blue, red };
}

describe("cart in the conversation", () => {
  it("answers cart frames with cart:updated on every socket: the visitor's other tab and the agent", async () => {
    const { bot, agent, blue } = await shop();
    const chat = await visitorChat(bot.public_key);
    const tab2 = (await connect(`/api/v1/widget/conversations/${chat.conversationId}/ws`, { token: chat.token })).frames!;
    await tab2.next("hello");
    const agentWs = (await connect(`/api/v1/conversations/${chat.conversationId}/ws`, { token: agent.token })).frames!;
    await agentWs.next("hello");

    chat.visitor.send({ type: "cart:add", variant_id: blue.id, quantity: 2 });
    const mine = await chat.visitor.next("cart:updated");
    expect(mine.cart).toMatchObject({ item_count: 2, subtotal: 118000, currency: "THB" });
    expect(mine.cart.items).toEqual([
      expect.objectContaining({ variant_id: blue.id, product_name: "Canvas Tote", variant_name: "Blue", sku: "TOTE-BLU", unit_price: 59000, quantity: 2, line_total: 118000 }),
    ]);
    expect((await tab2.next("cart:updated")).cart.item_count).toBe(2);
    expect((await agentWs.next("cart:updated")).cart.item_count).toBe(2);

    tab2.send({ type: "cart:update", variant_id: blue.id, quantity: 3 });
    expect((await chat.visitor.next("cart:updated")).cart.subtotal).toBe(177000);
    expect((await agentWs.next("cart:updated")).cart.item_count).toBe(3);
    chat.visitor.send({ type: "cart:remove", variant_id: blue.id });
    expect((await tab2.next("cart:updated")).cart.item_count).toBe(3); // its own change comes back too
    expect((await tab2.next("cart:updated")).cart).toMatchObject({ items: [], item_count: 0, subtotal: 0 });

    const rest = await api(`/api/v1/widget/conversations/${chat.conversationId}/cart`, { token: chat.token, headers: widgetHeaders });
    expect(rest.status).toBe(200);
    expect(rest.json.items).toEqual([]);
    for (const f of [chat.visitor, tab2, agentWs]) f.close();
  });

  it("refuses more than the stock, an out-of-stock item and an unknown variant with error frames, keeping the socket open", async () => {
    const { bot, blue, red } = await shop();
    const chat = await visitorChat(bot.public_key);
    chat.visitor.send({ type: "cart:add", variant_id: red.id });
    expect(await chat.visitor.next("error")).toMatchObject({ code: "OUT_OF_STOCK" });
    chat.visitor.send({ type: "cart:add", variant_id: blue.id, quantity: 11 });
    expect(await chat.visitor.next("error")).toMatchObject({ code: "OUT_OF_STOCK", message: expect.stringContaining("Only 10") });
    chat.visitor.send({ type: "cart:add", variant_id: "var_nope" });
    expect(await chat.visitor.next("error")).toMatchObject({ code: "NOT_FOUND" });
    chat.visitor.send({ type: "cart:add", variant_id: blue.id, quantity: 0 });
    expect(await chat.visitor.next("error")).toMatchObject({ code: "INVALID_FRAME" });
    chat.visitor.send({ type: "cart:add", variant_id: blue.id });
    expect((await chat.visitor.next("cart:updated")).cart.item_count).toBe(1);
    chat.visitor.close();
  });

  it("changes the cart over REST for channels and scripts, and pushes it to the sockets", async () => {
    const { bot, blue } = await shop();
    const chat = await visitorChat(bot.public_key);
    const base = `/api/v1/widget/conversations/${chat.conversationId}/cart`;
    const added = await api(`${base}/items`, { token: chat.token, headers: widgetHeaders, body: { variant_id: blue.id, quantity: 1 } });
    expect(added.status).toBe(200);
    expect(added.json).toMatchObject({ item_count: 1, subtotal: 59000 });
    expect((await chat.visitor.next("cart:updated")).cart.item_count).toBe(1);
    const again = await api(`${base}/items`, { token: chat.token, headers: widgetHeaders, body: { variant_id: blue.id, quantity: 2 } });
    expect(again.json.items[0].quantity).toBe(3);
    const set = await api(`${base}/items/${blue.id}`, { method: "PATCH", token: chat.token, headers: widgetHeaders, body: { quantity: 5 } });
    expect(set.json.items[0]).toMatchObject({ quantity: 5, line_total: 295000 });
    const tooMany = await api(`${base}/items/${blue.id}`, { method: "PATCH", token: chat.token, headers: widgetHeaders, body: { quantity: 50 } });
    expect(tooMany.status).toBe(409);
    expect(tooMany.json.error.code).toBe("OUT_OF_STOCK");
    expect((await api(`${base}/items`, { token: chat.token, headers: widgetHeaders, body: { variant_id: blue.id, quantity: 1.5 } })).status).toBe(400);
    const removed = await api(`${base}/items/${blue.id}`, { method: "DELETE", token: chat.token, headers: widgetHeaders });
    expect(removed.json.items).toEqual([]);
    const gone = await api(`${base}/items/${blue.id}`, { method: "DELETE", token: chat.token, headers: widgetHeaders });
    expect(gone.status).toBe(404);
    expect(gone.json.error.code).toBe("NOT_IN_CART");
    chat.visitor.close();
  });

  it("lets an agent add and remove items from the inbox with a visible line in the conversation", async () => {
    const { bot, agent, viewer, blue } = await shop();
    const chat = await visitorChat(bot.public_key);
    const added = await api(`/api/v1/conversations/${chat.conversationId}/cart/items`, { token: agent.token, body: { variant_id: blue.id, quantity: 1 } });
    expect(added.status).toBe(200);
    expect((await chat.visitor.next("cart:updated")).cart.item_count).toBe(1);
    const line = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "system");
    expect(line.message.text).toBe("A agent added 1 × Canvas Tote (Blue) to the cart");
    await api(`/api/v1/conversations/${chat.conversationId}/cart/items/${blue.id}`, { method: "DELETE", token: agent.token });
    const removed = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "system");
    expect(removed.message.text).toBe("A agent removed Canvas Tote (Blue) from the cart");
    expect((await api(`/api/v1/conversations/${chat.conversationId}/cart`, { token: viewer.token })).status).toBe(200);
    expect((await api(`/api/v1/conversations/${chat.conversationId}/cart/items`, { token: viewer.token, body: { variant_id: blue.id } })).status).toBe(403);
    await eventually(async () => {
      const msgs = await api(`/api/v1/widget/conversations/${chat.conversationId}/messages`, { token: chat.token, headers: widgetHeaders });
      expect(msgs.json.data.map((m: any) => m.text)).toContain("A agent added 1 × Canvas Tote (Blue) to the cart");
    });
    chat.visitor.close();
  });

  it("answers 404 for another workspace's conversation cart and another workspace's product", async () => {
    const a = await shop();
    const b = await shop();
    const chatA = await visitorChat(a.bot.public_key);
    const chatB = await visitorChat(b.bot.public_key);
    expect((await api(`/api/v1/conversations/${chatA.conversationId}/cart`, { token: b.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/conversations/${chatA.conversationId}/cart/items`, { token: b.owner.token, body: { variant_id: a.blue.id } })).status).toBe(404);
    expect((await api(`/api/v1/widget/conversations/${chatA.conversationId}/cart`, { token: chatB.token, headers: widgetHeaders })).status).toBe(404);
    const foreign = await api(`/api/v1/widget/conversations/${chatB.conversationId}/cart/items`, { token: chatB.token, headers: widgetHeaders, body: { variant_id: a.blue.id } });
    expect(foreign.status).toBe(404);
    chatB.visitor.send({ type: "cart:add", variant_id: a.blue.id });
    expect(await chatB.visitor.next("error")).toMatchObject({ code: "NOT_FOUND" });
    chatA.visitor.close();
    chatB.visitor.close();
  });
});
