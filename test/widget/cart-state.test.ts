import { describe, expect, it } from "vitest";
import { Chat } from "../../widget/src/app/chat";
import { normaliseConfig } from "../../widget/src/app/config";
import { translator } from "../../widget/src/i18n";

const config = normaliseConfig({ name: "Demo Shop", greeting_message: "Hi!", widget_settings: { locale: "en" } }, "http://127.0.0.1:8787");
const t = translator("en");

describe("widget cart state", () => {
  it("follows cart:updated frames, so the badge shows what every tab and the agent changed", () => {
    const chat = new Chat("http://127.0.0.1:8787", "pk_test", config, (k, v) => t(k, v));
    const seen: number[] = [];
    chat.subscribe((s) => seen.push(s.cart?.item_count ?? 0));
    expect(chat.state.cart).toBeNull();
    const cart = {
      items: [{ variant_id: "var_1", product_id: "prod_1", product_name: "Canvas Tote", variant_name: "Blue", sku: "T-B", unit_price: 59000, quantity: 2, line_total: 118000, image_url: null }],
      item_count: 2, subtotal: 118000, currency: "THB", updated_at: "2026-01-01T00:00:00Z",
    };
    (chat as any).onFrame({ type: "cart:updated", cart });
    expect(chat.state.cart).toEqual(cart);
    (chat as any).onFrame({ type: "cart:updated", cart: { ...cart, items: [], item_count: 0, subtotal: 0 } });
    expect(seen).toEqual([2, 0]);
  });
});
