import { MAX_CART_LINES, MAX_CART_QUANTITY, type Cart, type CartFrame } from "../protocol";
import { fail, ok, type DoResult } from "./types";

/**
 * The conversation's cart: its own table in the DO's SQLite, changed by the
 * visitor's `cart:*` frames and by REST (visitor, channels, agents). Prices and
 * names are a snapshot the Worker reads from the catalog (this module imports
 * nothing of the Worker's domains: socket frames reach the catalog through the
 * port the Worker registers with `setCatalogPort`). Checkout re-reads prices.
 */

/** One variant as the catalog has it now. */
export interface VariantSnapshot {
  variant_id: string;
  product_id: string;
  product_name: string;
  variant_name: string;
  sku: string;
  unit_price: number;
  currency: string;
  stock: number;
  image_url: string | null;
}

/** How the ConversationDO reads the catalog for socket frames; the Worker supplies it at start-up. */
export interface CatalogPort {
  lookupVariant(env: Env, workspaceId: string, variantId: string): Promise<VariantSnapshot | null>;
}
let catalogPort: CatalogPort | null = null;
export function setCatalogPort(port: CatalogPort): void {
  catalogPort = port;
}
export function getCatalogPort(): CatalogPort | null {
  return catalogPort;
}

/** A change to the cart: add to a line, set a line's quantity (0 removes), remove a line, or empty it. */
export type CartChange =
  | { op: "add"; variant_id: string; quantity: number }
  | { op: "set"; variant_id: string; quantity: number }
  | { op: "remove"; variant_id: string }
  | { op: "clear" };

export function changeOfFrame(frame: CartFrame): CartChange {
  if (frame.type === "cart:add") return { op: "add", variant_id: frame.variant_id, quantity: frame.quantity };
  if (frame.type === "cart:update") return { op: "set", variant_id: frame.variant_id, quantity: frame.quantity };
  return { op: "remove", variant_id: frame.variant_id };
}

/** The cart table (idempotent; kept beside the cart so the object's main schema stays untouched). */
export function ensureCartSchema(sql: SqlStorage): void {
  sql.exec(`CREATE TABLE IF NOT EXISTS cart_items (
    variant_id TEXT PRIMARY KEY,
    product_id TEXT NOT NULL,
    product_name TEXT NOT NULL,
    variant_name TEXT NOT NULL,
    sku TEXT NOT NULL,
    unit_price INTEGER NOT NULL,
    currency TEXT NOT NULL,
    quantity INTEGER NOT NULL,
    image_url TEXT,
    added_at TEXT NOT NULL,
    updated_at TEXT NOT NULL
  )`);
}

/** A stored cart line: the variant as it was when added (its stock is read at checkout), plus the quantity. */
type CartRow = Record<string, SqlStorageValue> &
  Omit<VariantSnapshot, "stock"> & {
  quantity: number;
  updated_at: string;
}

export function readCart(sql: SqlStorage): Cart {
  ensureCartSchema(sql);
  const rows = sql.exec<CartRow>(`SELECT * FROM cart_items ORDER BY added_at, variant_id`).toArray();
  const items = rows.map((r) => ({
    variant_id: r.variant_id, product_id: r.product_id, product_name: r.product_name, variant_name: r.variant_name, sku: r.sku,
    unit_price: r.unit_price, quantity: r.quantity, line_total: r.unit_price * r.quantity, image_url: r.image_url,
  }));
  return {
    items,
    item_count: items.reduce((n, i) => n + i.quantity, 0),
    subtotal: items.reduce((n, i) => n + i.line_total, 0),
    currency: rows[0]?.currency ?? null,
    updated_at: rows.reduce<string | null>((m, r) => (m && m > r.updated_at ? m : r.updated_at), null),
  };
}

function quantityOf(sql: SqlStorage, variantId: string): number {
  return sql.exec<{ quantity: number }>(`SELECT quantity FROM cart_items WHERE variant_id = ?`, variantId).toArray()[0]?.quantity ?? 0;
}

/**
 * Applies one change. `snapshot` (the variant as the catalog has it now) is
 * required for add/set and refreshes the line's price and names. Answers the
 * new quantity of the line (0 when removed).
 */
export function applyCartChange(sql: SqlStorage, change: CartChange, snapshot: VariantSnapshot | null): DoResult<{ quantity: number; previous: number }> {
  ensureCartSchema(sql);
  const now = new Date().toISOString();
  if (change.op === "clear") {
    sql.exec(`DELETE FROM cart_items`);
    return ok({ quantity: 0, previous: 0 });
  }
  const previous = quantityOf(sql, change.variant_id);
  if (change.op === "remove" || (change.op === "set" && change.quantity === 0)) {
    if (!previous) return fail(404, "NOT_IN_CART", "This item is not in the cart");
    sql.exec(`DELETE FROM cart_items WHERE variant_id = ?`, change.variant_id);
    return ok({ quantity: 0, previous });
  }
  if (!snapshot) return fail(404, "NOT_FOUND", "Product not found");
  if (change.op === "set" && !previous) return fail(404, "NOT_IN_CART", "This item is not in the cart");
  const quantity = change.op === "add" ? previous + change.quantity : change.quantity;
  if (quantity > MAX_CART_QUANTITY) return fail(400, "QUANTITY_TOO_LARGE", `At most ${MAX_CART_QUANTITY} of one item`);
  if (quantity > snapshot.stock) {
    return fail(409, "OUT_OF_STOCK", snapshot.stock > 0 ? `Only ${snapshot.stock} of ${snapshot.product_name} (${snapshot.variant_name}) left` : `${snapshot.product_name} (${snapshot.variant_name}) is out of stock`);
  }
  const cart = readCart(sql);
  if (cart.currency && cart.currency !== snapshot.currency) return fail(409, "CURRENCY_MISMATCH", "The cart holds items in another currency");
  if (!previous && cart.items.length >= MAX_CART_LINES) return fail(400, "CART_FULL", `A cart holds at most ${MAX_CART_LINES} different items`);
  sql.exec(
    `INSERT INTO cart_items (variant_id, product_id, product_name, variant_name, sku, unit_price, currency, quantity, image_url, added_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT(variant_id) DO UPDATE SET product_name = excluded.product_name, variant_name = excluded.variant_name, sku = excluded.sku,
       unit_price = excluded.unit_price, quantity = excluded.quantity, image_url = excluded.image_url, updated_at = excluded.updated_at`,
    snapshot.variant_id, snapshot.product_id, snapshot.product_name, snapshot.variant_name, snapshot.sku, snapshot.unit_price,
    snapshot.currency, quantity, snapshot.image_url, now, now,
  );
  return ok({ quantity, previous });
}

/** The line an agent's change adds to the conversation ("Olivia added 2 × Canvas Tote (Blue) to the cart"). */
export function agentCartLine(agentName: string, change: CartChange, names: { product_name: string; variant_name: string } | null, result: { quantity: number; previous: number }): string {
  const what = names ? `${names.product_name} (${names.variant_name})` : "an item";
  if (change.op === "clear") return `${agentName} emptied the cart`;
  if (result.quantity === 0) return `${agentName} removed ${what} from the cart`;
  if (result.quantity > result.previous) return `${agentName} added ${result.quantity - result.previous} × ${what} to the cart`;
  return `${agentName} changed ${what} to ${result.quantity} in the cart`;
}
