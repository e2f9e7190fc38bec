import { describe, expect, it } from "vitest";
import { crc16ccitt, formatPromptPayId, promptPayPayload, qrSvg } from "../../worker/commerce/payments/promptpay";
import { addMember } from "../chatbots/fixtures";
import { api, registerOwner } from "../helpers";

/** Splits an EMVCo TLV string into [id, value] pairs. */
function tlv(s: string): [string, string][] {
  const out: [string, string][] = [];
  for (let i = 0; i < s.length; ) {
    const id = s.slice(i, i + 2);
    const len = Number(s.slice(i + 2, i + 4));
    out.push([id, s.slice(i + 4, i + 4 + len)]);
    i += 4 + len;
  }
  return out;
}

describe("PromptPay payload", () => {
  it("matches the published static QR for the phone 0899999999", () => {
    expect(promptPayPayload("phone", "0899999999")).toBe("00020101021129370016A000000677010111011300668999999995802TH53037646304FE29");
  });

  it("computes CRC-16/CCITT-FALSE (check value of 123456789 is 29B1)", () => {
    expect(crc16ccitt("123456789")).toBe("29B1");
    expect(crc16ccitt("00020101021129370016A000000677010111011300668999999995802TH53037646304")).toBe("FE29");
  });

  it("formats each kind of ID the way tag 29 carries it", () => {
    expect(formatPromptPayId("phone", "0812345678")).toBe("0066812345678");
    expect(formatPromptPayId("phone", "+66 81-234-5678")).toBe("0066812345678");
    expect(formatPromptPayId("phone", "081234567")).toBeNull();
    expect(formatPromptPayId("national_id", "1234567890123")).toBe("1234567890123");
    expect(formatPromptPayId("national_id", "123456789012")).toBeNull();
    expect(formatPromptPayId("ewallet", "123456789012345")).toBe("123456789012345");
    expect(formatPromptPayId("ewallet", "1234567890123")).toBeNull();
  });

  it("builds a dynamic QR with the amount in two decimals and a CRC over everything including 6304", () => {
    const p = promptPayPayload("phone", "0812345678", 59050);
    const fields = tlv(p);
    expect(fields.map(([id]) => id)).toEqual(["00", "01", "29", "58", "53", "54", "63"]);
    expect(Object.fromEntries(fields)).toMatchObject({ "00": "01", "01": "12", "53": "764", "54": "590.50", "58": "TH" });
    expect(tlv(fields[2]![1])).toEqual([["00", "A000000677010111"], ["01", "0066812345678"]]);
    expect(p.slice(-4)).toBe(crc16ccitt(p.slice(0, -4)));
    const nid = tlv(promptPayPayload("national_id", "1234567890123", 100));
    expect(tlv(nid[2]![1])[1]).toEqual(["02", "1234567890123"]);
    expect(Object.fromEntries(nid)["54"]).toBe("1.00");
    const wallet = tlv(promptPayPayload("ewallet", "123456789012345"));
    expect(tlv(wallet[2]![1])[1]).toEqual(["03", "123456789012345"]);
    expect(Object.fromEntries(wallet)["01"]).toBe("11");
  });

  it("renders the payload as an SVG QR code", () => {
    const svg = qrSvg(promptPayPayload("phone", "0812345678", 59000));
    expect(svg.startsWith("<svg")).toBe(true);
    expect(svg).toContain("</svg>");
  });
});

describe("payment settings", () => {
  it("saves a PromptPay ID and the payment window, with defaults before anything is saved", async () => {
    const o = await registerOwner();
    const before = await api("/api/v1/payment-settings", { token: o.token });
    expect(before.status).toBe(200);
    expect(before.json).toMatchObject({ currency: "THB", tax_inclusive: true, payment_window_minutes: 30, promptpay: null, methods: [] });
    const put = await api("/api/v1/payment-settings", { method: "PUT", token: o.token, body: { promptpay: { id_type: "phone", id: "081-234-5678" } } });
    expect(put.status).toBe(200);
    expect(put.json.promptpay).toEqual({ id_type: "phone", id: "0812345678", name: null });
    expect(put.json.methods).toEqual(["promptpay"]);
    const more = await api("/api/v1/payment-settings", { method: "PUT", token: o.token, body: { payment_window_minutes: 15, cod: { enabled: true } } });
    expect(more.json).toMatchObject({ payment_window_minutes: 15, promptpay: { id: "0812345678" }, methods: ["promptpay", "cod"] });
  });

  it("stores Stripe keys encrypted and shows only a hint", async () => {
    const o = await registerOwner();
    const put = await api("/api/v1/payment-settings", { method: "PUT", token: o.token, body: { stripe: { secret_key: "sk_test_abcdefghijklmnop1234", webhook_secret: "whsec_abc123" } } });
    expect(put.status).toBe(200);
    expect(put.json.stripe).toEqual({ configured: true, secret_key_hint: "sk_…1234" });
    expect(put.text).not.toContain("abcdefghijklmnop");
    const { env } = await import("cloudflare:test");
    const row = await env.DB.prepare("select stripe_secret_key_enc from commerce_settings where workspace_id = ?").bind(o.workspaceId).first<{ stripe_secret_key_enc: string }>();
    expect(row!.stripe_secret_key_enc.startsWith("v1.")).toBe(true);
  });

  it("rejects an ID of the wrong shape and a non-integer window, and lets only owners and admins change settings", async () => {
    const o = await registerOwner();
    const bad = await api("/api/v1/payment-settings", { method: "PUT", token: o.token, body: { promptpay: { id_type: "national_id", id: "12345" } } });
    expect(bad.status).toBe(400);
    expect(bad.json.error.code).toBe("INVALID_PROMPTPAY_ID");
    const badPhone = await api("/api/v1/payment-settings", { method: "PUT", token: o.token, body: { promptpay: { id_type: "phone", id: "0212345678" } } });
    expect(badPhone.status).toBe(400);
    expect((await api("/api/v1/payment-settings", { method: "PUT", token: o.token, body: { payment_window_minutes: 1.5 } })).status).toBe(400);
    const agent = await addMember(o.workspaceId, "agent");
    expect((await api("/api/v1/payment-settings", { token: agent.token })).status).toBe(200);
    expect((await api("/api/v1/payment-settings", { method: "PUT", token: agent.token, body: { cod: { enabled: true } } })).status).toBe(403);
    expect((await api("/api/v1/payment-settings", { token: o.token })).json.promptpay).toBeNull();
  });
});
