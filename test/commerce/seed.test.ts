import { describe, expect, it } from "vitest";
import { DEMO_PRODUCTS } from "../../worker/commerce/demo";
import { api } from "../helpers";

describe("demo shop", () => {
  it("seeds the four products the demo page shows and a PromptPay ID, once", async () => {
    await api("/api/v1/dev/seed", { method: "POST" });
    await api("/api/v1/dev/seed", { method: "POST" });
    const login = await api("/api/v1/auth/login", { body: { email: "demo@minichat.local", password: "Demo-Chat-2026!" } });
    expect(login.status).toBe(200);
    const token = login.json.access_token;
    const products = await api("/api/v1/products?limit=100", { token });
    expect(products.json.data.map((p: any) => p.name).sort()).toEqual(["Canvas Tote", "Ceramic Mug", "Desk Lamp", "Linen Shirt"]);
    const page = await api("/demo");
    for (const p of DEMO_PRODUCTS) {
      const price = p.variants[0]!.price / 100;
      expect(page.text).toContain(p.name);
      expect(page.text).toContain(`฿${price.toLocaleString("en-US")}`);
    }
    const settings = await api("/api/v1/payment-settings", { token });
    expect(settings.json).toMatchObject({ promptpay: { id_type: "phone", id: "0812345678" }, methods: ["promptpay", "cod"] });
  });
});
