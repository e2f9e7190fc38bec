import { exports } from "cloudflare:workers";
import { afterAll, afterEach, describe, expect, it } from "vitest";
import { clearEndpointChecks } from "../../worker/ai/providers/endpoint";
import { buildSlipQr, parseSlipQr } from "../../worker/commerce/slips/payload";
import { setCrawlNetwork } from "../../worker/lib/safe-fetch";
import { api } from "../helpers";
import { checkoutAs, sellingShop, shopper, widgetHeaders } from "./fixtures";
import { slipForm, slipImage } from "./slip-image";

type Shop = Awaited<ReturnType<typeof sellingShop>>;
type Shopper = Awaited<ReturnType<typeof shopper>>;

async function placed(shop: Shop) {
  const s = await shopper(shop.bot.public_key, shop.blue.id, 2);
  const res = await checkoutAs(s);
  if (res.status !== 201) throw new Error(`checkout ${res.status} ${res.text}`);
  return { s, order: res.json.order as { id: string; number: string; total: number } };
}

const sendSlip = (s: Shopper, orderId: string, form: FormData) =>
  api(`/api/v1/widget/conversations/${s.conversationId}/orders/${orderId}/slip`, { token: s.token, headers: widgetHeaders, body: form });

const texts = async (s: Shopper): Promise<string[]> =>
  (await api(`/api/v1/widget/conversations/${s.conversationId}/messages`, { token: s.token, headers: widgetHeaders })).json.data.map((m: any) => m.text);

let ref = 0;
const newRef = () => `2026113014${String(Date.now()).slice(-6)}${++ref}AB`;

/** A fake slip-verification provider on the only network the Worker's outbound fetch sees. */
function fakeProvider(answer: (req: Request) => unknown) {
  const seen: { url: string; headers: Headers }[] = [];
  clearEndpointChecks();
  setCrawlNetwork({
    resolveHost: async () => ["93.184.216.34"],
    fetch: async (req) => {
      seen.push({ url: req.url, headers: new Headers(req.headers) });
      return Response.json(answer(req));
    },
  });
  return seen;
}
afterEach(() => setCrawlNetwork(null));
afterAll(() => setCrawlNetwork(null));

describe("the slip's mini-QR", () => {
  it("reads the sending bank and transaction reference and refuses a wrong checksum", () => {
    const text = buildSlipQr("004", "016330100925CTF07942");
    expect(text).toBe(`00410006000001010300402200163301009 25CTF079425102TH9104${text.slice(-4)}`.replace(" ", ""));
    expect(parseSlipQr(text)).toEqual({ payload: text, sendingBank: "004", transRef: "016330100925CTF07942" });
    expect(parseSlipQr(`${text.slice(0, -4)}0000`)).toBeNull();
    expect(parseSlipQr("00020101021129370016A000000677010111011300668999999995802TH53037646304FE29")).toBeNull();
  });
});

describe("paying with a bank slip", () => {
  it("without a provider: the slip goes to R2, its reference is read, the order waits for an agent who confirms it beside the expected amount", async () => {
    const shop = await sellingShop();
    const { s, order } = await placed(shop);
    const transRef = newRef();
    const res = await sendSlip(s, order.id, slipForm(slipImage(transRef)));
    expect(res.status, res.text).toBe(201);
    expect(res.json.slip).toMatchObject({ status: "pending", trans_ref: transRef, sending_bank: "014", content_type: "image/png" });
    expect(res.json.order).toMatchObject({ id: order.id, status: "awaiting_confirmation" });
    expect(await texts(s)).toContain(`Thanks! We received your payment details for order ${order.number} and will confirm them shortly.`);

    const list = await api(`/api/v1/orders/${order.id}/slips`, { token: shop.owner.token });
    expect(list.json.data).toHaveLength(1);
    const image = await exports.default.fetch(new Request(`http://localhost/api/v1/orders/${order.id}/slips/${list.json.data[0].id}/image`, { headers: { authorization: `Bearer ${shop.owner.token}` } }));
    expect(image.status).toBe(200);
    expect(image.headers.get("content-type")).toBe("image/png");
    expect(new Uint8Array(await image.arrayBuffer()).slice(1, 4)).toEqual(new Uint8Array([0x50, 0x4e, 0x47]));
    const detail = await api(`/api/v1/orders/${order.id}`, { token: shop.owner.token });
    expect(detail.json.timeline.at(-1)).toMatchObject({ to: "awaiting_confirmation", note: expect.stringContaining(transRef) });

    expect((await api(`/api/v1/orders/${order.id}/confirm-payment`, { token: shop.agent.token, body: {} })).status).toBe(200);
    expect(await texts(s)).toContain(`Payment of ฿1,180.00 received for order ${order.number}. Thank you!`);
    // another workspace sees neither the slips nor the photo
    const other = await sellingShop();
    expect((await api(`/api/v1/orders/${order.id}/slips`, { token: other.owner.token })).status).toBe(404);
    expect((await api(`/api/v1/orders/${order.id}/slips/${list.json.data[0].id}/image`, { token: other.owner.token })).status).toBe(404);
  });

  it("refuses a slip already used for another order with 409 SLIP_ALREADY_USED, tells the conversation and flags the attempt for agents", async () => {
    const shop = await sellingShop();
    const first = await placed(shop);
    const second = await placed(shop);
    const transRef = newRef();
    expect((await sendSlip(first.s, first.order.id, slipForm(slipImage(transRef)))).status).toBe(201);
    // the same transfer photographed again as a JPEG
    const again = await sendSlip(second.s, second.order.id, slipForm(slipImage(transRef, { format: "jpeg" }), "image/jpeg", "slip.jpg"));
    expect(again.status).toBe(409);
    expect(again.json.error).toMatchObject({ code: "SLIP_ALREADY_USED", details: { trans_ref: transRef } });
    expect((await texts(second.s)).some((t) => t.includes(`was already used for another payment`) && t.includes(second.order.number))).toBe(true);
    const flagged = await api(`/api/v1/orders/${second.order.id}/slips`, { token: shop.agent.token });
    expect(flagged.json.data[0]).toMatchObject({ status: "duplicate", trans_ref: transRef, duplicate_of_order_id: first.order.id, content_type: "image/jpeg" });
    expect((await api(`/api/v1/orders/${second.order.id}`, { token: shop.owner.token })).json.status).toBe("pending_payment");
  });

  it("sends a photo without a slip QR to the agents, refuses what is not an image, and hides other visitors' orders", async () => {
    const shop = await sellingShop();
    const { s, order } = await placed(shop);
    expect((await sendSlip(s, order.id, slipForm(new TextEncoder().encode("not an image"), "image/png"))).status).toBe(415);
    const stranger = await shopper(shop.bot.public_key);
    expect((await api(`/api/v1/widget/conversations/${stranger.conversationId}/orders/${order.id}/slip`, { token: stranger.token, headers: widgetHeaders, body: slipForm(slipImage(newRef())) })).status).toBe(404);
    const blank = await sendSlip(s, order.id, slipForm(slipImage("", { qrText: null })));
    expect(blank.status).toBe(201);
    expect(blank.json.slip).toMatchObject({ status: "unreadable", trans_ref: null });
    expect(blank.json.order.status).toBe("awaiting_confirmation");
  });

  it("with a provider: a transfer of the right amount to the shop marks the order paid; a wrong amount waits for an agent; the key is stored encrypted", async () => {
    const shop = await sellingShop();
    const put = await api("/api/v1/payment-settings", {
      method: "PUT", token: shop.owner.token,
      body: { slip_verification: { provider: "easyslip", api_key: "es_test_key_123456", base_url: "https://slip.example.com" } },
    });
    expect(put.status).toBe(200);
    expect(put.json.slip_verification).toEqual({ provider: "easyslip", base_url: "https://slip.example.com", branch_id: null, api_key_hint: "es_…3456" });
    const stored = await exports.default.fetch(new Request("http://localhost/api/v1/payment-settings", { headers: { authorization: `Bearer ${shop.owner.token}` } }));
    expect(await stored.text()).not.toContain("es_test_key_123456");

    let amount = 1180;
    const seen = fakeProvider((req) => {
      const payload = new URL(req.url).searchParams.get("payload")!;
      return { status: 200, data: { transRef: parseSlipQr(payload)!.transRef, amount: { amount }, receiver: { account: { name: { en: "Demo Shop" }, proxy: { type: "MSISDN", account: "xxx-xxx-5678" } } } } };
    });
    const good = await placed(shop);
    const paid = await sendSlip(good.s, good.order.id, slipForm(slipImage(newRef())));
    expect(paid.status).toBe(201);
    expect(paid.json.slip).toMatchObject({ status: "verified", provider: "easyslip", provider_amount: 118000 });
    expect(paid.json.order.status).toBe("paid");
    expect(seen[0]?.url.startsWith("https://slip.example.com/api/v1/verify?payload=")).toBe(true);
    expect(seen[0]?.headers.get("authorization")).toBe("Bearer es_test_key_123456");
    expect(await texts(good.s)).toContain(`Payment of ฿1,180.00 received for order ${good.order.number}. Thank you!`);

    amount = 100;
    const short = await placed(shop);
    const waits = await sendSlip(short.s, short.order.id, slipForm(slipImage(newRef())));
    expect(waits.json.slip).toMatchObject({ status: "mismatch", provider_amount: 10000, provider_note: expect.stringContaining("amount ฿100.00 ≠ ฿1,180.00") });
    expect(waits.json.order.status).toBe("awaiting_confirmation");
  });

  it("with a SlipOK-style provider: checks the receiver, and refuses a provider URL on a private address", async () => {
    const shop = await sellingShop();
    const bad = await api("/api/v1/payment-settings", { method: "PUT", token: shop.owner.token, body: { slip_verification: { provider: "slipok", api_key: "slipok_key_abcdef", branch_id: "123", base_url: "https://10.0.0.5" } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("INVALID_BASE_URL");
    const put = await api("/api/v1/payment-settings", { method: "PUT", token: shop.owner.token, body: { slip_verification: { provider: "slipok", api_key: "slipok_key_abcdef", branch_id: "123", base_url: "https://slipok.example.com" } } });
    expect(put.status).toBe(200);
    const seen = fakeProvider(() => ({ success: true, data: { success: true, transRef: "x", amount: 1180, receiver: { displayName: "Someone Else", proxy: { type: "MSISDN", value: "xxx-xxx-9999" } } } }));
    const { s, order } = await placed(shop);
    const res = await sendSlip(s, order.id, slipForm(slipImage(newRef())));
    expect(seen[0]?.url).toBe("https://slipok.example.com/api/line/apikey/123");
    expect(seen[0]?.headers.get("x-authorization")).toBe("slipok_key_abcdef");
    expect(res.json.slip.status).toBe("mismatch");
    expect(res.json.slip.provider_note).toContain("receiver is not the shop's account");
    expect(res.json.order.status).toBe("awaiting_confirmation");
  });
});
