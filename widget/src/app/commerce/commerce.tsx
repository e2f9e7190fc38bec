/**
 * The shop inside the chat (its own lazily loaded chunk): cart badge and
 * sheet, checkout form with Thai address fields, the PromptPay QR with the
 * amount and a countdown, slip upload, and the order's status.
 */
import { useEffect, useState } from "preact/hooks";
import type { Cart } from "../../../../durable-objects/protocol";
import { ApiError } from "../api";
import type { Chat, ChatState } from "../chat";

interface Order {
  id: string;
  number: string;
  status: string;
  total: number;
  currency: string;
}
interface Payment {
  method: string;
  promptpay?: { payload: string; qr_svg: string; expires_at: string };
  stripe?: { checkout_url: string };
}

const EN = {
  cart: "Cart", empty: "Your cart is empty", checkout: "Checkout", close: "Close", total: "Total", name: "Name", phone: "Phone", email: "Email (optional)",
  address: "Address", subdistrict: "Subdistrict (tambon)", district: "District (amphoe)", province: "Province", postcode: "Postcode", pay: "Place order",
  scan: "Scan to pay with PromptPay", left: "Time left", expired: "The payment time is over", slip: "Upload the transfer slip", sent: "Slip received",
  order: "Order", back: "Back", remove: "Remove",
};
const TH: typeof EN = {
  cart: "ตะกร้า", empty: "ยังไม่มีสินค้าในตะกร้า", checkout: "ชำระเงิน", close: "ปิด", total: "รวม", name: "ชื่อ", phone: "เบอร์โทร", email: "อีเมล (ไม่บังคับ)",
  address: "ที่อยู่", subdistrict: "ตำบล/แขวง", district: "อำเภอ/เขต", province: "จังหวัด", postcode: "รหัสไปรษณีย์", pay: "สั่งซื้อ",
  scan: "สแกนจ่ายด้วยพร้อมเพย์", left: "เหลือเวลา", expired: "หมดเวลาชำระเงิน", slip: "อัปโหลดสลิปการโอน", sent: "ได้รับสลิปแล้ว",
  order: "คำสั่งซื้อ", back: "กลับ", remove: "ลบ",
};

const money = (minor: number, currency: string) => {
  try {
    return new Intl.NumberFormat(undefined, { style: "currency", currency }).format(minor / 100);
  } catch {
    return `${(minor / 100).toFixed(2)} ${currency}`;
  }
};

const S = {
  bar: "display:flex;justify-content:flex-end;padding:4px 8px",
  badge: "border:1px solid #ccc;border-radius:16px;padding:4px 10px;background:#fff;cursor:pointer",
  sheet: "padding:10px;border-bottom:1px solid #ddd;max-height:60%;overflow:auto;background:#fafafa",
  row: "display:flex;justify-content:space-between;gap:6px;margin:4px 0",
  input: "width:100%;box-sizing:border-box;margin:3px 0;padding:6px;border:1px solid #ccc;border-radius:6px",
  primary: "width:100%;padding:8px;margin-top:6px;border:0;border-radius:6px;background:#111;color:#fff;cursor:pointer",
  err: "color:#b00020;font-size:13px",
};

function Countdown({ until, t }: { until: string; t: typeof EN }) {
  const [now, setNow] = useState(Date.now());
  useEffect(() => {
    const h = setInterval(() => setNow(Date.now()), 1000);
    return () => clearInterval(h);
  }, []);
  const ms = Date.parse(until) - now;
  if (ms <= 0) return <p role="status">{t.expired}</p>;
  const m = Math.floor(ms / 60000);
  const s = Math.floor((ms % 60000) / 1000);
  return <p role="timer" aria-live="off" data-testid="countdown">{t.left} {m}:{String(s).padStart(2, "0")}</p>;
}

export function Shop({ chat, state, th }: { chat: Chat; state: ChatState; th: boolean }) {
  const t = th ? TH : EN;
  const [view, setView] = useState<"closed" | "cart" | "form" | "pay">("closed");
  const [error, setError] = useState("");
  const [busy, setBusy] = useState(false);
  const [placed, setPlaced] = useState<{ order: Order; payment: Payment } | null>(null);
  const [slip, setSlip] = useState("");
  const cart = state.cart;
  const conv = state.conversationId;
  const path = (p: string) => `/api/v1/widget/conversations/${conv}${p}`;

  useEffect(() => {
    if (conv && !cart) chat.api.call<Cart>(path("/cart")).then((c) => chat.setCart(c), () => undefined);
  }, [conv]);

  const fail = (err: unknown) => setError(err instanceof ApiError ? err.message : String(err));
  const setQty = (variantId: string, quantity: number) =>
    chat.api.call<Cart>(path(`/cart/items/${encodeURIComponent(variantId)}`), { method: "PATCH", body: { quantity } }).then((c) => chat.setCart(c), fail);

  async function submit(e: Event) {
    e.preventDefault();
    const f = new FormData(e.currentTarget as HTMLFormElement);
    const v = (k: string) => String(f.get(k) ?? "").trim();
    const opt = (k: string) => (v(k) ? { [k]: v(k) } : {});
    setBusy(true);
    setError("");
    try {
      const out = await chat.api.call<{ order: Order; payment: Payment }>(path("/checkout"), {
        body: {
          payment_method: "promptpay",
          customer: { name: v("name"), phone: v("phone"), ...opt("email") },
          shipping: { address_line1: v("address_line1"), ...opt("subdistrict"), ...opt("district"), ...opt("province"), ...opt("postcode"), country: "TH" },
          accept_price_changes: true,
        },
      });
      setPlaced(out);
      setView("pay");
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  async function upload(e: Event) {
    const file = (e.currentTarget as HTMLInputElement).files?.[0];
    if (!file || !placed) return;
    const form = new FormData();
    form.append("file", file);
    setBusy(true);
    setError("");
    try {
      const out = await chat.api.call<{ order: Order }>(path(`/orders/${placed.order.id}/slip`), { form });
      setPlaced({ ...placed, order: { ...placed.order, status: out.order.status } });
      setSlip(t.sent);
    } catch (err) {
      fail(err);
    } finally {
      setBusy(false);
    }
  }

  const count = cart?.item_count ?? 0;
  if (view === "closed") {
    return count > 0 || placed ? (
      <div style={S.bar}>
        <button type="button" style={S.badge} aria-label={`${t.cart} (${count})`} data-testid="cart-badge" onClick={() => setView(placed ? "pay" : "cart")}>
          🛒 <b>{count}</b>
        </button>
      </div>
    ) : null;
  }

  return (
    <section style={S.sheet} aria-label={t.cart} data-testid="cart-sheet">
      <div style={S.row}>
        <strong>{view === "pay" && placed ? `${t.order} ${placed.order.number}` : t.cart}</strong>
        <button type="button" onClick={() => setView("closed")}>{t.close}</button>
      </div>
      {view === "cart" && (
        <>
          {!cart?.items.length && <p>{t.empty}</p>}
          {cart?.items.map((i) => (
            <div style={S.row} key={i.variant_id}>
              <span>{i.product_name} · {i.variant_name}</span>
              <span>
                <button type="button" aria-label="-" onClick={() => setQty(i.variant_id, i.quantity - 1)}>−</button> {i.quantity}{" "}
                <button type="button" aria-label="+" onClick={() => setQty(i.variant_id, i.quantity + 1)}>+</button>
              </span>
              <span>{money(i.line_total, cart.currency ?? "THB")}</span>
            </div>
          ))}
          {cart && cart.items.length > 0 && (
            <>
              <div style={S.row}><b>{t.total}</b><b>{money(cart.subtotal, cart.currency ?? "THB")}</b></div>
              <button type="button" style={S.primary} onClick={() => setView("form")}>{t.checkout}</button>
            </>
          )}
        </>
      )}
      {view === "form" && (
        <form onSubmit={submit}>
          <input style={S.input} name="name" required placeholder={t.name} autocomplete="name" />
          <input style={S.input} name="phone" required placeholder={t.phone} autocomplete="tel" inputMode="tel" />
          <input style={S.input} name="email" type="email" placeholder={t.email} autocomplete="email" />
          <input style={S.input} name="address_line1" required placeholder={t.address} autocomplete="address-line1" />
          <input style={S.input} name="subdistrict" placeholder={t.subdistrict} />
          <input style={S.input} name="district" placeholder={t.district} />
          <input style={S.input} name="province" placeholder={t.province} autocomplete="address-level1" />
          <input style={S.input} name="postcode" placeholder={t.postcode} inputMode="numeric" pattern="[0-9]{5}" autocomplete="postal-code" />
          <button type="submit" style={S.primary} disabled={busy}>{t.pay} · {money(cart?.subtotal ?? 0, cart?.currency ?? "THB")}</button>
          <button type="button" onClick={() => setView("cart")}>{t.back}</button>
        </form>
      )}
      {view === "pay" && placed && (
        <div data-testid="payment">
          <p><b data-testid="amount">{money(placed.order.total, placed.order.currency)}</b> · {placed.order.status.replace(/_/g, " ")}</p>
          {placed.payment.promptpay && placed.order.status === "pending_payment" && (
            <>
              <p>{t.scan}</p>
              <img alt="PromptPay QR" width={200} height={200} src={`data:image/svg+xml;charset=utf-8,${encodeURIComponent(placed.payment.promptpay.qr_svg)}`} />
              <Countdown until={placed.payment.promptpay.expires_at} t={t} />
            </>
          )}
          {placed.payment.stripe && <a href={placed.payment.stripe.checkout_url} target="_blank" rel="noopener noreferrer">{t.checkout}</a>}
          {(placed.order.status === "pending_payment" || placed.order.status === "awaiting_confirmation") && placed.payment.promptpay && (
            <label>
              {t.slip}
              <input type="file" accept="image/png,image/jpeg,image/webp" data-testid="slip-input" disabled={busy} onChange={upload} />
            </label>
          )}
          {slip && <p role="status">{slip}</p>}
        </div>
      )}
      {error && <p style={S.err} role="alert">{error}</p>}
    </section>
  );
}
