import { api } from "../helpers";

export const TOTE = {
  name: "Canvas Tote",
  description: "A sturdy canvas tote bag.",
  category: "bags",
  tags: ["canvas", "tote"],
  variants: [
    { sku: "TOTE-BLU", name: "Blue", options: { colour: "blue" }, price: 59000, stock: 10 },
    { sku: "TOTE-RED", name: "Red", options: { colour: "red" }, price: 59000, stock: 0 },
  ],
};

/** Creates a product through the API and returns its body; SKUs get `suffix` so workspaces never clash in a test. */
export async function createProduct(token: string, body: Record<string, any> = TOTE) {
  const res = await api("/api/v1/products", { token, body });
  if (res.status !== 201) throw new Error(`product failed ${res.status} ${res.text}`);
  return res.json;
}

import { ORIGIN, setupWorkspace, startSession } from "../live/helpers";

export const widgetHeaders = { origin: ORIGIN };

/** A workspace selling the tote (10 blue in stock) with PromptPay set up. */
export async function sellingShop(settings: Record<string, unknown> = {}) {
  const w = await setupWorkspace({ behavior_settings: { bot_mode: "off" } });
  const tote = await createProduct(w.owner.token);
  const blue = tote.variants.find((v: any) => v.sku === "TOTE-BLU");
  const red = tote.variants.find((v: any) => v.sku === "TOTE-RED");
  const put = await api("/api/v1/payment-settings", { method: "PUT", token: w.owner.token, body: { promptpay: { id_type: "phone", id: "0812345678" }, ...settings } });
  if (put.status !== 200) throw new Error(`settings failed ${put.status} ${put.text}`);
  return { ...w, tote, blue, red };
}

/** A visitor with a conversation (no socket) and `quantity` of a variant in its cart. */
export async function shopper(publicKey: string, variantId?: string, quantity = 1) {
  const session = await startSession(publicKey);
  if (session.status !== 200) throw new Error(`session failed ${session.status} ${session.text}`);
  const token = session.json.visitor_token as string;
  const conv = await api("/api/v1/widget/conversations", { token, body: {}, headers: widgetHeaders });
  if (conv.status !== 201) throw new Error(`conversation failed ${conv.status} ${conv.text}`);
  const conversationId = conv.json.id as string;
  if (variantId) {
    const add = await api(`/api/v1/widget/conversations/${conversationId}/cart/items`, { token, headers: widgetHeaders, body: { variant_id: variantId, quantity } });
    if (add.status !== 200) throw new Error(`cart add failed ${add.status} ${add.text}`);
  }
  return { token, conversationId, visitorId: session.json.visitor_id as string };
}

export const CUSTOMER = { name: "Somchai Jaidee", phone: "0812345678", email: "somchai@example.com" };

export function checkoutAs(s: { token: string; conversationId: string }, body: Record<string, unknown> = {}) {
  return api(`/api/v1/widget/conversations/${s.conversationId}/checkout`, {
    token: s.token, headers: widgetHeaders,
    body: { payment_method: "promptpay", customer: CUSTOMER, shipping: { address_line1: "99/1 Sukhumvit Rd", district: "Watthana", province: "Bangkok", postcode: "10110" }, ...body },
  });
}

export async function stockOf(ownerToken: string, productId: string, sku: string): Promise<number> {
  const p = await api(`/api/v1/products/${productId}`, { token: ownerToken });
  return p.json.variants.find((v: any) => v.sku === sku).stock;
}
