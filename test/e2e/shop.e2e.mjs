#!/usr/bin/env node
// Selling in the chat, end to end on /demo: a visitor asks for a product and
// the bot answers with a product card; "Add to cart" fills the cart; checkout
// with PromptPay shows the QR with the order's amount; the visitor uploads a
// photo of the bank slip (a PNG made here with the slip's mini-QR), so the
// order waits for confirmation; the demo owner confirms the payment in the
// Orders page; the visitor sees the paid message with the order number; the
// Orders list and the inbox's customer panel show the order as paid; the
// customer is a contact and the order a lead in the Won column.
//
// Usage: BASE_URL=http://127.0.0.1:8787 node test/e2e/shop.e2e.mjs (demo workspace seeded)
import { decode as decodePng, encode as encodePng } from "fast-png";
import jsQR from "jsqr";
import { encode as encodeQr } from "uqr";
import { BASE_URL, assert, expectText, expectVisible, newContext, openDemoChat, run, signInAsDemoOwner, unique } from "./lib.mjs";

// CRC-16/CCITT-FALSE, as printed on the slip's mini-QR
function crc16(text) {
  let crc = 0xffff;
  for (const byte of new TextEncoder().encode(text)) {
    crc ^= byte << 8;
    for (let i = 0; i < 8; i++) crc = crc & 0x8000 ? ((crc << 1) ^ 0x1021) & 0xffff : (crc << 1) & 0xffff;
  }
  return crc.toString(16).toUpperCase().padStart(4, "0");
}
const field = (tag, value) => `${tag}${String(value.length).padStart(2, "0")}${value}`;

/** A bank-slip photo: a white slip with grey text bars and the mini-QR (sending bank, transaction reference). */
function slipPng(transRef) {
  const body = field("00", field("00", "000001") + field("01", "014") + field("02", transRef)) + field("51", "TH") + "9104";
  const { data } = encodeQr(body + crc16(body), { ecc: "M", border: 0 });
  const width = 360;
  const height = 560;
  const rgba = new Uint8Array(width * height * 4).fill(255);
  const paint = (x, y, v) => {
    const i = (y * width + x) * 4;
    rgba[i] = rgba[i + 1] = rgba[i + 2] = v;
  };
  for (let row = 0; row < 6; row++) for (let y = 40 + row * 40; y < 52 + row * 40; y++) for (let x = 30; x < 250 - row * 20; x++) paint(x, y, 170);
  data.forEach((line, r) =>
    line.forEach((dark, c) => {
      if (!dark) return;
      for (let dy = 0; dy < 4; dy++) for (let dx = 0; dx < 4; dx++) paint(120 + c * 4 + dx, 330 + r * 4 + dy, 0);
    }),
  );
  return Buffer.from(encodePng({ width, height, data: rgba, channels: 4, depth: 8 }));
}

const CUSTOMER = { name: `Somchai ${unique()}`, phone: "0812345678" };

await run("shop", async ({ browser, step, watch }) => {
  step("the visitor asks the demo shop's bot for a product");
  const { page: visitor, panel, input } = await openDemoChat(browser, watch);
  await input.fill("Do you have a canvas tote in blue?");
  await input.press("Enter");

  step("the bot answers with a product card: name, price, Add to cart");
  const card = panel.locator(".card", { hasText: "Canvas Tote" }).first();
  await expectVisible(card, { timeout: 30_000 });
  await expectText(card, /590/);
  const add = card.locator("button", { hasText: /add to cart/i }).first();
  await expectVisible(add);

  step("Add to cart: the cart badge counts the item");
  await add.click();
  const badge = panel.getByTestId("cart-badge");
  await expectVisible(badge, { timeout: 15_000 });
  await expectText(badge, "1");

  step("the cart sheet shows the tote and its total; checkout with PromptPay");
  await badge.click();
  const sheet = panel.getByTestId("cart-sheet");
  await expectText(sheet, "Canvas Tote");
  await expectText(sheet, /590\.00/);
  await sheet.locator("button", { hasText: /checkout/i }).click();
  await sheet.locator('input[name="name"]').fill(CUSTOMER.name);
  await sheet.locator('input[name="phone"]').fill(CUSTOMER.phone);
  await sheet.locator('input[name="address_line1"]').fill("99/1 Sukhumvit Rd");
  await sheet.locator('input[name="district"]').fill("Watthana");
  await sheet.locator('input[name="province"]').fill("Bangkok");
  await sheet.locator('input[name="postcode"]').fill("10110");
  const started = Date.now();
  const checkoutResponse = visitor.waitForResponse((r) => r.url().endsWith("/checkout") && r.request().method() === "POST");
  await sheet.locator('button[type="submit"]').click();
  const placed = await checkoutResponse;
  assert(placed.status() === 201, `checkout answered ${placed.status()}`);
  await placed.finished();
  console.log(`    checkout request (click → response): ${Date.now() - started} ms`);

  step("the PromptPay QR appears with the order's amount and a countdown");
  const payment = panel.getByTestId("payment");
  await expectVisible(payment.locator('img[alt="PromptPay QR"]'), { timeout: 15_000 });
  console.log(`    checkout to QR in the browser: ${Date.now() - started} ms`);
  await expectText(payment.getByTestId("amount"), /590\.00/);
  await expectVisible(payment.getByTestId("countdown"));
  const heading = await sheet.locator("strong").first().innerText();
  const orderNumber = heading.match(/#\d+/)?.[0];
  assert(orderNumber, `no order number in the payment sheet: ${heading}`);
  const qrSrc = await payment.locator('img[alt="PromptPay QR"]').getAttribute("src");
  assert(qrSrc?.startsWith("data:image/svg+xml"), "the QR is not an inline SVG");
  // read the QR as a phone would: the PromptPay payload for 0812345678 with the order's amount
  const shot = decodePng(await payment.locator('img[alt="PromptPay QR"]').screenshot());
  const rgba = new Uint8ClampedArray(shot.width * shot.height * 4);
  for (let i = 0; i < shot.width * shot.height; i++) for (let k = 0; k < 4; k++) rgba[i * 4 + k] = k < shot.channels ? shot.data[i * shot.channels + k] : 255;
  const read = jsQR(rgba, shot.width, shot.height)?.data ?? "";
  assert(read.startsWith("000201010212") && read.includes("29370016A00000067701011101130066812345678") && read.includes("5303764") && read.includes("5406590.00") && read.includes("5802TH"), `the QR does not hold the PromptPay payload for 590.00: ${JSON.stringify(read)}`);
  assert(read.slice(-4) === crc16(read.slice(0, -4)), "the QR payload's CRC is wrong");

  step("the visitor uploads a photo of the bank slip");
  const transRef = `E2E${Date.now()}${Math.floor(Math.random() * 1e4)}`;
  await payment.getByTestId("slip-input").setInputFiles({ name: "slip.png", mimeType: "image/png", buffer: slipPng(transRef) });
  await expectVisible(payment.locator("[role=status]"), { timeout: 20_000 });
  await expectText(payment, /awaiting confirmation/i, { timeout: 15_000 });

  step("the demo owner opens the order in Orders and sees the slip beside the amount");
  const agentCtx = await newContext(browser);
  watch(agentCtx);
  const agent = await agentCtx.newPage();
  await signInAsDemoOwner(agent);
  await agent.getByTestId("nav-orders").click();
  await expectVisible(agent.getByTestId("orders-page"), { timeout: 15_000 });
  const row = agent.getByTestId("order-row").filter({ hasText: orderNumber });
  await expectVisible(row, { timeout: 15_000 });
  await expectText(row, CUSTOMER.name);
  await row.click();
  const detail = agent.getByTestId("order-detail");
  await expectText(detail, orderNumber);
  await expectText(detail.getByTestId("order-total"), /590\.00/);
  await expectVisible(detail.getByTestId("slip-image"), { timeout: 15_000 });
  await expectText(detail.getByTestId("order-slip"), transRef);

  step("the owner confirms the payment");
  await detail.getByTestId("order-confirm-payment").click();
  await expectText(detail.locator("h2"), /paid/i, { timeout: 15_000 });
  await expectText(row, /paid/i, { timeout: 15_000 });

  step("the visitor sees the paid message with the order number");
  await expectVisible(panel.locator(".m", { hasText: orderNumber }).filter({ hasText: /paid|payment/i }).last(), { timeout: 20_000 });

  step("the inbox's customer panel shows the paid order");
  await detail.getByRole("link").first().click();
  const shop = agent.getByTestId("shop-panel");
  await expectVisible(shop, { timeout: 20_000 });
  await expectText(shop.getByTestId("shop-order").filter({ hasText: orderNumber }), /paid/i, { timeout: 15_000 });

  step("the checkout made the customer a contact and the order a lead, won once paid");
  await agent.getByTestId("nav-leads").click();
  await expectVisible(agent.getByTestId("lead-column-won").getByTestId("lead-card").filter({ hasText: `Order ${orderNumber}` }), { timeout: 15_000 });
  await agent.getByTestId("nav-contacts").click();
  const contact = agent.getByTestId("contact-row").filter({ hasText: CUSTOMER.name });
  await expectVisible(contact, { timeout: 15_000 });
  await contact.click();
  await expectText(agent.getByTestId("contact-orders"), orderNumber);
});
