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
