import type { AuthContext } from "../lib/context";
import { createProduct } from "./catalog/products";
import type { CreateProductInput } from "./catalog/schemas";
import { putPaymentSettings } from "./payments/settings";

/** The four products the /demo page shows, so `npm start` sells out of the box (prices in satang). */
export const DEMO_PRODUCTS: CreateProductInput[] = [
  {
    name: "Canvas Tote", description: "A sturdy cotton canvas tote with an inside pocket; carries a laptop and the groceries.", category: "bags", tags: ["bag", "canvas", "tote"],
    variants: [
      { sku: "DEMO-TOTE-NAT", name: "Natural", options: { colour: "natural" }, price: 59000, stock: 25, low_stock_threshold: 5 },
      { sku: "DEMO-TOTE-BLU", name: "Blue", options: { colour: "blue" }, price: 59000, stock: 15, low_stock_threshold: 5 },
    ],
  },
  {
    name: "Linen Shirt", description: "A breathable linen shirt for hot days, relaxed fit.", category: "shirts", tags: ["shirt", "linen"],
    variants: [
      { sku: "DEMO-SHIRT-S", name: "S", options: { size: "S" }, price: 129000, compare_at_price: 159000, stock: 8, low_stock_threshold: 2 },
      { sku: "DEMO-SHIRT-M", name: "M", options: { size: "M" }, price: 129000, compare_at_price: 159000, stock: 8, low_stock_threshold: 2 },
      { sku: "DEMO-SHIRT-L", name: "L", options: { size: "L" }, price: 129000, compare_at_price: 159000, stock: 8, low_stock_threshold: 2 },
    ],
  },
  {
    name: "Ceramic Mug", description: "A hand-glazed 350 ml stoneware mug, dishwasher safe.", category: "kitchen", tags: ["mug", "ceramic"],
    variants: [{ sku: "DEMO-MUG-WHT", name: "White", options: { colour: "white" }, price: 35000, stock: 40, low_stock_threshold: 10 }],
  },
  {
    name: "Desk Lamp", description: "A dimmable LED desk lamp with a warm-to-cool light and a USB-C port.", category: "home", tags: ["lamp", "light", "desk"],
    variants: [{ sku: "DEMO-LAMP-BLK", name: "Black", options: { colour: "black" }, price: 185000, stock: 6, low_stock_threshold: 3, weight_grams: 1200 }],
  },
];

/** Seed step: the demo catalog and a PromptPay ID (plus cash on delivery); skipped when the workspace already sells. */
export async function seedDemoCommerce(env: Env, ctx: { workspaceId: string; ownerUserId: string }): Promise<void> {
  const auth: AuthContext = { workspaceId: ctx.workspaceId, userId: ctx.ownerUserId, role: "owner", apiKeyId: null, scopes: null };
  const existing = await env.DB.prepare(`SELECT count(*) AS n FROM products WHERE workspace_id = ?1`).bind(ctx.workspaceId).first<{ n: number }>();
  if (!existing?.n) for (const p of DEMO_PRODUCTS) await createProduct({ ctx: { env, auth }, input: p });
  await putPaymentSettings({ ctx: { env, auth }, input: { promptpay: { id_type: "phone", id: "0812345678", name: "Demo Shop" }, cod: { enabled: true }, payment_window_minutes: 30 } });
}
