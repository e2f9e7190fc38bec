import { loadCsvLibs } from "../../lazy";
import { and, desc } from "drizzle-orm";
import { getDb } from "../../db/client";
import { orders, type Order } from "../../db/schema";
import { formatMajorAmount } from "../catalog/money";
import { orderNumber } from "./format";
import type { Call } from "../../lib/service";
import { itemsOf, type ListOrdersInput } from "./orders";
import { orderFilters } from "./orders";

/** The workspace's orders (filtered like the list) as CSV, one order per row, newest first. */
export async function exportOrdersCsv({ ctx, input }: Call<Omit<ListOrdersInput, "cursor" | "limit">>): Promise<string> {
  const rows: Order[] = await getDb(ctx.env).select().from(orders).where(and(...orderFilters(ctx.auth.workspaceId, input))).orderBy(desc(orders.createdAt)).limit(10_000);
  const items = new Map<string, Awaited<ReturnType<typeof itemsOf>> extends Map<string, infer V> ? V : never>();
  for (let i = 0; i < rows.length; i += 90) for (const [k, v] of await itemsOf(ctx.env, rows.slice(i, i + 90).map((o) => o.id))) items.set(k, v);
  const data = rows.map((o) => [
    orderNumber(o.number), o.id, o.status, o.paymentMethod, o.currency, formatMajorAmount(o.total), o.customerName, o.customerPhone, o.customerEmail ?? "",
    (items.get(o.id) ?? []).map((i) => `${i.quantity} x ${i.sku}`).join("; "), o.trackingNumber ?? "", o.createdAt, o.paidAt ?? "",
  ].map((cell) => (/^[=+\-@\t\r]/.test(cell) ? `'${cell}` : cell)));
  const fields = ["number", "id", "status", "payment_method", "currency", "total", "customer_name", "customer_phone", "customer_email", "items", "tracking_number", "created_at", "paid_at"];
  return `\uFEFF${(await loadCsvLibs()).Papa.unparse({ fields, data })}\r\n`;
}
