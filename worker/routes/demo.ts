import { findDemoChatbotKey } from "../demo/demo-chatbot";
import { createRouter } from "../lib/router";
import { escapeHtml } from "../lib/html";

/**
 * GET /demo — a plain "Demo Shop" page embedding the seeded demo chatbot's
 * widget exactly as a customer would (the one-line snippet), for trying the
 * widget locally and for the browser tests.
 */
export const demo = createRouter();

/** What the widget needs on a host page: its script from 'self', XHR/WebSocket to 'self'. */
const DEMO_CSP = [
  "default-src 'self'",
  "script-src 'self'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "connect-src 'self' ws: wss:",
  "frame-ancestors 'none'",
  "object-src 'none'",
  "base-uri 'self'",
].join("; ");

const PRODUCTS = [
  { name: "Canvas Tote", price: "฿590", hue: 18 },
  { name: "Linen Shirt", price: "฿1,290", hue: 200 },
  { name: "Ceramic Mug", price: "฿350", hue: 140 },
  { name: "Desk Lamp", price: "฿1,850", hue: 45 },
];

const STYLE = `
*{box-sizing:border-box}
body{margin:0;font-family:Georgia,'Times New Roman',serif;color:#1f2933;background:#faf7f2;line-height:1.6}
header{display:flex;justify-content:space-between;align-items:center;padding:18px 32px;background:#fff;border-bottom:1px solid #e7e2d9}
header strong{font-size:22px;letter-spacing:.5px}
nav a{margin-left:20px;color:#1f2933;text-decoration:none}
.hero{padding:56px 32px;text-align:center;background:linear-gradient(135deg,#fde7d4,#e4f0fb)}
.hero h1{font-size:40px;margin:0 0 8px}
.hero p{margin:0 auto 20px;max-width:560px}
button,.btn{background:#7c2d12;color:#fff8f0;border:0;border-radius:4px;padding:12px 22px;font:16px Georgia,serif;cursor:pointer}
main{max-width:1000px;margin:0 auto;padding:32px}
.grid{display:grid;grid-template-columns:repeat(auto-fill,minmax(200px,1fr));gap:20px}
.card{background:#fff;border:1px solid #e7e2d9;border-radius:8px;overflow:hidden}
.card .img{height:140px}
.card div.info{padding:12px 14px}
.card h3{margin:0;font-size:18px}
footer{padding:24px 32px;color:#6b7280;font-size:14px;text-align:center}
.notice{max-width:640px;margin:60px auto;padding:24px;background:#fff;border:1px solid #e7e2d9;border-radius:8px}
code{background:#f1ede6;padding:2px 6px;border-radius:4px}
`;

function page(origin: string, key: string | null): string {
  const products = PRODUCTS.map(
    (p) => `<article class="card"><div class="img" style="background:linear-gradient(135deg,hsl(${p.hue} 70% 80%),hsl(${p.hue} 60% 60%))"></div>
      <div class="info"><h3>${escapeHtml(p.name)}</h3><p>${escapeHtml(p.price)}</p></div></article>`,
  ).join("\n");
  const body = key
    ? `<section class="hero"><h1 id="hero-title">Everyday goods, thoughtfully made</h1>
  <p>Free shipping in Thailand on orders over ฿1,000. Returns within 30 days.</p>
  <button id="shop-now" type="button">Shop now</button></section>
<main><h2>Popular this week</h2><div class="grid">${products}</div>
  <h2>Questions?</h2><p id="help-text">Our assistant in the corner answers questions about orders, shipping and returns, and hands you over to our team when needed.</p></main>
<footer>Demo Shop is a demonstration site for MiniChat.</footer>
<script async src="${escapeHtml(origin)}/widget/loader.js" data-chatbot-key="${escapeHtml(key)}"></script>`
    : `<div class="notice"><h1>The demo shop is not set up yet</h1>
  <p>Run <code>npm start</code>: it migrates the local database, seeds the demo workspace (or call <code>POST /api/v1/dev/seed</code>) and serves this page with the demo chatbot's widget.</p></div>`;
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width,initial-scale=1">
<title>Demo Shop</title><style>${STYLE}</style></head>
<body><header><strong>Demo Shop</strong><nav><a href="#">New in</a><a href="#">Home</a><a href="#">Help</a></nav></header>
${body}
</body></html>`;
}

demo.get("/", async (c) => {
  const key = await findDemoChatbotKey(c.env);
  const origin = new URL(c.req.url).origin;
  c.header("Content-Security-Policy", DEMO_CSP);
  c.header("Cache-Control", "no-store");
  return c.html(page(origin, key));
});
