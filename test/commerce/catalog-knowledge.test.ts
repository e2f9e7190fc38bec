import { describe, expect, it } from "vitest";
import { api } from "../helpers";
import { cid, createBotFor, setupWorkspace, visitorChat } from "./knowledge-helpers";
import { checkoutAs, createProduct, shopper, widgetHeaders } from "./fixtures";

/** The catalog is knowledge: the bot finds products with the same retrieval and answers with product cards. */
const MUG = {
  name: "Ceramic Mug", description: "A hand-glazed 350 ml stoneware mug, dishwasher safe.", category: "kitchen", tags: ["mug", "ceramic"],
  variants: [{ sku: "MUG-WHT", name: "White", options: { colour: "white" }, price: 35000, stock: 40 }],
};
const TOTES = {
  name: "Canvas Tote", description: "A sturdy cotton canvas tote with an inside pocket.", category: "bags", tags: ["bag", "canvas", "tote"],
  variants: [
    { sku: "TOTE-NAT", name: "Natural", options: { colour: "natural" }, price: 59000, stock: 25, low_stock_threshold: 5 },
    { sku: "TOTE-BLU", name: "Blue", options: { colour: "blue" }, price: 59000, stock: 15, low_stock_threshold: 5 },
  ],
};
const MESSENGER = {
  name: "Messenger Bag", description: "A waxed canvas messenger bag with a padded laptop sleeve.", category: "bags", tags: ["bag", "canvas"],
  variants: [{ sku: "MSG-OLV", name: "Olive", options: { colour: "olive" }, price: 149000, stock: 0 }],
};

type Card = { title: string; subtitle?: string; price?: { amount: number; currency: string }; buttons?: { label: string; action: string; value: string }[]; product?: { product_id: string; variant_id: string; stock_state: string; stock: number } };
type Chat = Awaited<ReturnType<typeof visitorChat>>;
async function say(chat: Chat, text: string) {
  chat.visitor.send({ type: "message:send", client_id: cid(), text });
  const reply = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
  return reply.message as { text: string; rich?: { cards?: Card[] } };
}

async function shop() {
  const ws = await setupWorkspace({ behavior_settings: { response_delay: 0 } });
  const tote = await createProduct(ws.owner.token, { ...TOTES, variants: TOTES.variants.map((v) => ({ ...v, sku: `${v.sku}-${ws.bot.id}` })) });
  const mug = await createProduct(ws.owner.token, { ...MUG, variants: MUG.variants.map((v) => ({ ...v, sku: `${v.sku}-${ws.bot.id}` })) });
  const bag = await createProduct(ws.owner.token, { ...MESSENGER, variants: MESSENGER.variants.map((v) => ({ ...v, sku: `${v.sku}-${ws.bot.id}` })) });
  return { ...ws, tote, mug, bag };
}

describe("the catalog as the bot's knowledge", () => {
  it("answers 'do you have a canvas tote in blue?' with a card for the blue tote: price, stock state, Add to cart and View options", async () => {
    const { bot, tote } = await shop();
    const chat = await visitorChat(bot.public_key);
    const reply = await say(chat, "do you have a canvas tote in blue?");
    const blue = tote.variants.find((v: any) => v.name === "Blue");
    const card = reply.rich?.cards?.[0];
    expect(card).toMatchObject({ title: "Canvas Tote — Blue", price: { amount: 59000, currency: "THB" }, product: { product_id: tote.id, variant_id: blue.id, stock_state: "in_stock", stock: 15 } });
    expect(card?.subtitle).toContain("In stock");
    expect(card?.buttons).toEqual([
      { label: "Add to cart", action: "add_to_cart", value: blue.id },
      { label: "View options", action: "postback", value: "Canvas Tote options" },
    ]);
    expect(reply.text).toContain("Canvas Tote (Blue)");
    expect(reply.text).toContain("฿590.00");

    // the "View options" postback lists every variant
    const options = await say(chat, "Canvas Tote options");
    expect(options.rich?.cards?.map((c) => c.title)).toEqual(["Canvas Tote — Natural", "Canvas Tote — Blue"]);
    chat.visitor.close();
  });

  it("says an out-of-stock product is out of stock, with no Add to cart, and offers a similar product in stock", async () => {
    const { bot, bag, tote } = await shop();
    const chat = await visitorChat(bot.public_key);
    const reply = await say(chat, "Do you sell a messenger bag?");
    const [first, ...rest] = reply.rich?.cards ?? [];
    expect(first).toMatchObject({ title: "Messenger Bag", product: { product_id: bag.id, stock_state: "out_of_stock", stock: 0 } });
    expect(first?.subtitle).toContain("Out of stock");
    expect(first?.buttons ?? []).not.toContainEqual(expect.objectContaining({ action: "add_to_cart" }));
    expect(reply.text).toMatch(/Messenger Bag is out of stock/);
    expect(rest.map((c) => c.product?.product_id)).toContain(tote.id);
    chat.visitor.close();
  });

  it("follows the catalog: a price change, an archived product and a deleted one reach the bot", async () => {
    const { bot, owner, mug } = await shop();
    const chat = await visitorChat(bot.public_key);
    const v = mug.variants[0];
    expect((await api(`/api/v1/products/${mug.id}/variants/${v.id}`, { method: "PATCH", token: owner.token, body: { price: 39000 } })).status).toBe(200);
    const reply = await say(chat, "How much is the ceramic mug?");
    expect(reply.rich?.cards?.[0]).toMatchObject({ title: "Ceramic Mug", price: { amount: 39000 } });
    expect((await api(`/api/v1/products/${mug.id}`, { method: "PATCH", token: owner.token, body: { status: "archived" } })).status).toBe(200);
    const after = await say(chat, "How much is the ceramic mug?");
    expect(after.rich?.cards ?? []).toEqual([]);
    chat.visitor.close();
  });

  it("indexes the catalog for a chatbot created after the products, and answers a Thai question in Thai", async () => {
    const { owner } = await shop();
    const late = await createBotFor(owner.token);
    const chat = await visitorChat(late.public_key);
    const reply = await say(chat, "มีกระเป๋า canvas tote สีฟ้าไหมคะ");
    expect(reply.rich?.cards?.[0]?.title).toBe("Canvas Tote — Blue");
    expect(reply.rich?.cards?.[0]?.buttons?.[0]?.label).toBe("ใส่ตะกร้า");
    chat.visitor.close();
  });

  it("recommends similar products from the catalog and products often bought together from paid orders; another workspace's product is 404", async () => {
    const { owner, bot, tote, mug, bag } = await shop();
    const rec = await api(`/api/v1/products/${tote.id}/recommendations`, { token: owner.token });
    expect(rec.status).toBe(200);
    expect(rec.json.similar.map((r: any) => r.product_id)).toEqual([bag.id]);
    expect(rec.json.bought_together).toEqual([]);
    // one paid order with the tote and the mug: the mug is "often bought together" with the tote
    const put = await api("/api/v1/payment-settings", { method: "PUT", token: owner.token, body: { promptpay: { id_type: "phone", id: "0812345678" } } });
    expect(put.status).toBe(200);
    const s = await shopper(bot.public_key, tote.variants[0].id);
    const add = await api(`/api/v1/widget/conversations/${s.conversationId}/cart/items`, { token: s.token, headers: widgetHeaders, body: { variant_id: mug.variants[0].id, quantity: 1 } });
    expect(add.status).toBe(200);
    const order = await checkoutAs(s);
    expect(order.status).toBe(201);
    const unpaid = await api(`/api/v1/products/${tote.id}/recommendations`, { token: owner.token });
    expect(unpaid.json.bought_together).toEqual([]);
    expect((await api(`/api/v1/orders/${order.json.order.id}/confirm-payment`, { token: owner.token, body: {} })).status).toBe(200);
    const paid = await api(`/api/v1/products/${tote.id}/recommendations`, { token: owner.token });
    expect(paid.json.bought_together).toEqual([{ product_id: mug.id, name: "Ceramic Mug", score: 1, in_stock: true }]);
    const other = await setupWorkspace();
    expect((await api(`/api/v1/products/${tote.id}/recommendations`, { token: other.owner.token })).status).toBe(404);
  });
});
