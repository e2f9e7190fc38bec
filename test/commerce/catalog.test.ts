import { describe, expect, it } from "vitest";
import { addMember } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";
import { TOTE, createProduct } from "./fixtures";

describe("catalog", () => {
  it("creates a product with variants in minor units and answers the variant ids", async () => {
    const o = await registerOwner();
    const res = await api("/api/v1/products", {
      token: o.token,
      body: { name: "Thai Silk Scarf", description: "Hand-woven", variants: [{ sku: "SCARF-1", name: "Gold", price: 129000, stock: 5 }] },
    });
    expect(res.status).toBe(201);
    expect(res.json).toMatchObject({ name: "Thai Silk Scarf", status: "active", currency: "THB", tax_inclusive: true });
    expect(res.json.id).toMatch(/^prod_/);
    expect(res.json.variants).toHaveLength(1);
    expect(res.json.variants[0]).toMatchObject({ sku: "SCARF-1", name: "Gold", price: 129000, stock: 5, stock_state: "in_stock", compare_at_price: null });
    expect(res.json.variants[0].id).toMatch(/^var_/);
    const got = await api(`/api/v1/products/${res.json.id}`, { token: o.token });
    expect(got.json.variants[0].id).toBe(res.json.variants[0].id);
  });

  it("rejects floats, missing variants, a compare-at price below the price and a reused SKU", async () => {
    const o = await registerOwner();
    const float = await api("/api/v1/products", { token: o.token, body: { name: "X", variants: [{ sku: "A", name: "A", price: 10.5, stock: 1 }] } });
    expect(float.status).toBe(400);
    expect(float.json.error.code).toBe("VALIDATION_ERROR");
    const none = await api("/api/v1/products", { token: o.token, body: { name: "X", variants: [] } });
    expect(none.status).toBe(400);
    const negStock = await api("/api/v1/products", { token: o.token, body: { name: "X", variants: [{ sku: "A", name: "A", price: 100, stock: -1 }] } });
    expect(negStock.status).toBe(400);
    const compare = await api("/api/v1/products", { token: o.token, body: { name: "X", variants: [{ sku: "A", name: "A", price: 100, compare_at_price: 50 }] } });
    expect(compare.status).toBe(400);
    expect(compare.json.error.code).toBe("INVALID_COMPARE_AT_PRICE");
    await createProduct(o.token);
    const dup = await api("/api/v1/products", { token: o.token, body: { name: "Other", variants: [{ sku: "TOTE-BLU", name: "B", price: 1 }] } });
    expect(dup.status).toBe(409);
    expect(dup.json.error.code).toBe("DUPLICATE_SKU");
    const twice = await api("/api/v1/products", { token: o.token, body: { name: "Other", variants: [{ sku: "Z", name: "B", price: 1 }, { sku: "Z", name: "C", price: 1 }] } });
    expect(twice.status).toBe(409);
    // nothing half-stored
    const list = await api("/api/v1/products", { token: o.token });
    expect(list.json.data.map((p: any) => p.name)).toEqual(["Canvas Tote"]);
  });

  it("updates, adds and deletes variants, keeping the last one", async () => {
    const o = await registerOwner();
    const p = await createProduct(o.token);
    const blue = p.variants.find((v: any) => v.sku === "TOTE-BLU");
    const red = p.variants.find((v: any) => v.sku === "TOTE-RED");
    const patched = await api(`/api/v1/products/${p.id}/variants/${blue.id}`, { method: "PATCH", token: o.token, body: { price: 49000, compare_at_price: 59000, stock: 2, low_stock_threshold: 3 } });
    expect(patched.status).toBe(200);
    expect(patched.json.variants.find((v: any) => v.id === blue.id)).toMatchObject({ price: 49000, compare_at_price: 59000, stock: 2, stock_state: "low" });
    const added = await api(`/api/v1/products/${p.id}/variants`, { token: o.token, body: { sku: "TOTE-GRN", name: "Green", options: { colour: "green" }, price: 59000, stock: 4 } });
    expect(added.status).toBe(201);
    expect(added.json.variants.map((v: any) => v.sku)).toEqual(["TOTE-BLU", "TOTE-RED", "TOTE-GRN"]);
    const renamed = await api(`/api/v1/products/${p.id}`, { method: "PATCH", token: o.token, body: { name: "Canvas Tote Bag", status: "draft" } });
    expect(renamed.json).toMatchObject({ name: "Canvas Tote Bag", status: "draft" });
    expect((await api(`/api/v1/products/${p.id}/variants/${red.id}`, { method: "DELETE", token: o.token })).status).toBe(200);
    const green = added.json.variants.find((v: any) => v.sku === "TOTE-GRN");
    expect((await api(`/api/v1/products/${p.id}/variants/${green.id}`, { method: "DELETE", token: o.token })).status).toBe(200);
    const last = await api(`/api/v1/products/${p.id}/variants/${blue.id}`, { method: "DELETE", token: o.token });
    expect(last.status).toBe(409);
    expect(last.json.error.code).toBe("LAST_VARIANT");
    expect((await api(`/api/v1/products/${p.id}`, { method: "DELETE", token: o.token })).status).toBe(204);
    expect((await api(`/api/v1/products/${p.id}`, { token: o.token })).status).toBe(404);
  });

  it("lists with search, category, status and stock filters and cursor pagination", async () => {
    const o = await registerOwner();
    await createProduct(o.token);
    await createProduct(o.token, { name: "Leather Wallet", description: "Brown leather", category: "wallets", variants: [{ sku: "WAL-1", name: "Brown", price: 89000, stock: 0 }] });
    await createProduct(o.token, { name: "Coffee Mug", status: "draft", category: "kitchen", variants: [{ sku: "MUG-1", name: "White", price: 25000, stock: 2, low_stock_threshold: 5 }] });
    const names = async (qs: string) => (await api(`/api/v1/products${qs}`, { token: o.token })).json.data.map((p: any) => p.name);
    expect(await names("?q=leather")).toEqual(["Leather Wallet"]);
    expect(await names("?q=TOTE-RED")).toEqual(["Canvas Tote"]);
    expect(await names("?category=bags")).toEqual(["Canvas Tote"]);
    expect(await names("?status=draft")).toEqual(["Coffee Mug"]);
    expect(await names("?stock=out_of_stock")).toEqual(["Leather Wallet"]);
    expect(await names("?stock=low")).toEqual(["Coffee Mug"]);
    expect((await names("?stock=in_stock")).sort()).toEqual(["Canvas Tote", "Coffee Mug"]);
    const first = await api("/api/v1/products?limit=2", { token: o.token });
    expect(first.json.data).toHaveLength(2);
    expect(first.json.next_cursor).toBeTruthy();
    const second = await api(`/api/v1/products?limit=2&cursor=${encodeURIComponent(first.json.next_cursor)}`, { token: o.token });
    expect(second.json.data).toHaveLength(1);
    expect(second.json.next_cursor).toBeNull();
    const all = [...first.json.data, ...second.json.data].map((p: any) => p.name).sort();
    expect(all).toEqual(["Canvas Tote", "Coffee Mug", "Leather Wallet"]);
    expect((await api("/api/v1/products?cursor=garbage", { token: o.token })).status).toBe(400);
  });

  it("imports a CSV with a row-level error report and exports the catalog as CSV", async () => {
    const o = await registerOwner();
    await createProduct(o.token);
    const csv = [
      "product_name,description,category,tags,sku,variant_name,options,price,compare_at_price,stock",
      "Linen Shirt,Cool linen,shirts,\"linen,summer\",SHIRT-S,Small,size=S,890.00,1090,5",
      "Linen Shirt,,,,SHIRT-M,Medium,size=M,890,,3",
      "Bad Price,,,,BAD-1,One,,12.345,,1",
      "Linen Shirt,,,,SHIRT-S,Again,size=S,890,,1",
      "Canvas Tote,,,,TOTE-BLU,Blue,colour=blue,550.50,,7",
      ",,,,NONAME,x,,1,,1",
    ].join("\n");
    const res = await api("/api/v1/products/import", { token: o.token, body: { csv } });
    expect(res.status).toBe(200);
    expect(res.json).toMatchObject({ products_created: 1, variants_created: 2, variants_updated: 1, skipped: 3 });
    expect(res.json.errors.map((e: any) => e.row)).toEqual([4, 5, 7]);
    expect(res.json.errors[0].message).toContain("price");
    expect(res.json.errors[1].message).toContain("Duplicate SKU");
    const shirt = (await api("/api/v1/products?q=linen", { token: o.token })).json.data[0];
    expect(shirt.variants.map((v: any) => [v.sku, v.price, v.compare_at_price, v.options])).toEqual([
      ["SHIRT-S", 89000, 109000, { size: "S" }],
      ["SHIRT-M", 89000, null, { size: "M" }],
    ]);
    const tote = (await api("/api/v1/products?q=TOTE-BLU", { token: o.token })).json.data[0];
    expect(tote.variants.find((v: any) => v.sku === "TOTE-BLU")).toMatchObject({ price: 55050, stock: 7 });

    const form = new FormData();
    form.set("file", new File(["sku,price\nX,1\n"], "p.csv", { type: "text/csv" }));
    const noName = await api("/api/v1/products/import", { token: o.token, body: form });
    expect(noName.status).toBe(400);
    expect(noName.json.error.code).toBe("INVALID_CSV");

    const out = await api("/api/v1/products/export.csv", { token: o.token });
    expect(out.status).toBe(200);
    expect(out.headers.get("content-type")).toContain("text/csv");
    expect(out.text).toContain("product_name,description,category");
    expect(out.text).toContain("Linen Shirt,Cool linen,shirts,\"linen,summer\",active,SHIRT-S,Small,size=S,890.00,1090.00,5");
  });

  it("lets agents read the catalog but not change it, and hides other workspaces' products", async () => {
    const o = await registerOwner();
    const other = await registerOwner();
    const p = await createProduct(o.token);
    const agent = await addMember(o.workspaceId, "agent");
    expect((await api("/api/v1/products", { token: agent.token })).status).toBe(200);
    expect((await api(`/api/v1/products/${p.id}`, { token: agent.token })).status).toBe(200);
    expect((await api("/api/v1/products", { token: agent.token, body: TOTE })).status).toBe(403);
    expect((await api(`/api/v1/products/${p.id}`, { method: "PATCH", token: agent.token, body: { name: "x" } })).status).toBe(403);
    for (const [method, path, body] of [
      ["GET", `/api/v1/products/${p.id}`, undefined],
      ["PATCH", `/api/v1/products/${p.id}`, { name: "mine" }],
      ["DELETE", `/api/v1/products/${p.id}`, undefined],
      ["POST", `/api/v1/products/${p.id}/variants`, { sku: "NEW", name: "n", price: 1 }],
      ["PATCH", `/api/v1/products/${p.id}/variants/${p.variants[0].id}`, { price: 1 }],
    ] as const) {
      expect((await api(path, { method, token: other.token, body })).status, `${method} ${path}`).toBe(404);
    }
    expect((await api("/api/v1/products", { token: other.token })).json.data).toEqual([]);
  });
});
