import type { RichCard, RichContent } from "../../../durable-objects/protocol";
import type { SearchHit } from "../../knowledge/search/hybrid";
import { hasThai, words } from "../../knowledge/text/segment";
import { thumbnailUrl } from "../catalog/image-urls";
import { formatMoney } from "../orders/format";
import { stockState } from "../catalog/serialize";
import { productHits } from "./hits";
import { similarProducts } from "./recommend";

/**
 * Product cards for a bot answer: the products retrieval found for the
 * question, each as a card with image, name, price, stock state and
 * "Add to cart" / "View options" buttons. A variant named in the question
 * ("in blue", "size M") is the one offered; an out-of-stock item says so and
 * offers similar products that are in stock.
 */

interface ProductRow {
  id: string;
  name: string;
  description: string;
  images: string;
}
interface VariantRow {
  id: string;
  product_id: string;
  name: string;
  options: string;
  price: number;
  stock: number;
  low_stock_threshold: number;
}

export interface ProductAnswer {
  cards: RichCard[];
  /** the answer's text when the bot has nothing better: what was found, in the visitor's language */
  text: string;
}

const OPTION_WORDS = /\b(options?|variants?|sizes?|colou?rs?|choices?)\b|ตัวเลือก|ไซส์อะไร|มีไซส์|ขนาดอะไร|สีอะไร|มีกี่สี|มีสี(?:ไหน|อะไร)/i;

/** Thai colour and size words a shopper uses for English option values. */
const THAI_OPTION_WORDS: [RegExp, string][] = [
  [/ฟ้า|น้ำเงิน|กรม/, "blue"], [/แดง/, "red"], [/ขาว/, "white"], [/ดำ/, "black"], [/เขียว/, "green"], [/เหลือง/, "yellow"],
  [/ชมพู/, "pink"], [/ม่วง/, "purple"], [/ส้ม/, "orange"], [/เทา/, "grey"], [/น้ำตาล/, "brown"], [/ครีม|ธรรมชาติ/, "natural"],
];

const STRINGS = {
  en: {
    addToCart: "Add to cart",
    viewOptions: "View options",
    optionsOf: (name: string) => `${name} options`,
    inStock: "In stock",
    low: (n: number) => `Only ${n} left`,
    out: "Out of stock",
    found: (names: string) => `Here is what we have: ${names}.`,
    foundOne: (name: string, price: string, state: string) => `Yes, we have ${name} for ${price} (${state.toLowerCase()}).`,
    options: (name: string) => `${name} comes in these options:`,
    soldOut: (name: string) => `Sorry, ${name} is out of stock right now.`,
    alternatives: "These are in stock:",
  },
  th: {
    addToCart: "ใส่ตะกร้า",
    viewOptions: "ดูตัวเลือก",
    optionsOf: (name: string) => `ตัวเลือกของ ${name}`,
    inStock: "มีสินค้า",
    low: (n: number) => `เหลือเพียง ${n} ชิ้น`,
    out: "สินค้าหมด",
    found: (names: string) => `สินค้าที่เรามี: ${names}`,
    foundOne: (name: string, price: string, state: string) => `มีค่ะ ${name} ราคา ${price} (${state})`,
    options: (name: string) => `${name} มีตัวเลือกดังนี้:`,
    soldOut: (name: string) => `ขออภัย ${name} หมดชั่วคราว`,
    alternatives: "สินค้าที่มีพร้อมส่ง:",
  },
};
type Strings = (typeof STRINGS)["en"];

const parse = <T>(s: string, fallback: T): T => {
  try {
    return JSON.parse(s) as T;
  } catch {
    return fallback;
  }
};

async function loadProducts(env: Env, workspaceId: string, ids: string[]) {
  if (!ids.length) return { products: [] as ProductRow[], variants: new Map<string, VariantRow[]>(), currency: "THB" };
  const marks = ids.map((_, i) => `?${i + 2}`).join(",");
  const [ps, vs, cur] = await env.DB.batch<unknown>([
    env.DB.prepare(`select id, name, description, images from products where workspace_id = ?1 and status = 'active' and id in (${marks})`).bind(workspaceId, ...ids),
    env.DB.prepare(
      `select id, product_id, name, options, price, stock, low_stock_threshold from product_variants where workspace_id = ?1 and product_id in (${marks}) order by position`,
    ).bind(workspaceId, ...ids),
    env.DB.prepare(`select currency from commerce_settings where workspace_id = ?1`).bind(workspaceId),
  ]);
  const byId = new Map((ps!.results as ProductRow[]).map((p) => [p.id, p]));
  const variants = new Map<string, VariantRow[]>();
  for (const v of vs!.results as VariantRow[]) variants.set(v.product_id, [...(variants.get(v.product_id) ?? []), v]);
  return {
    products: ids.map((id) => byId.get(id)).filter((p): p is ProductRow => !!p),
    variants,
    currency: (cur!.results[0] as { currency?: string } | undefined)?.currency ?? "THB",
  };
}

/** The variant the question names ("blue", "size m"), else the first in stock, else the first. */
export function pickVariant(question: string, variants: VariantRow[]): { variant: VariantRow; named: boolean } | null {
  const asked = new Set(words(question));
  for (const [thai, en] of THAI_OPTION_WORDS) if (thai.test(question)) asked.add(en);
  let best: VariantRow | null = null;
  let bestScore = 0;
  for (const v of variants) {
    const labels = [v.name, ...Object.values(parse<Record<string, string>>(v.options, {}))].flatMap((l) => words(String(l)));
    const score = labels.filter((w) => asked.has(w)).length;
    if (score > bestScore) [best, bestScore] = [v, score];
  }
  if (best) return { variant: best, named: true };
  const first = variants.find((v) => v.stock > 0) ?? variants[0];
  return first ? { variant: first, named: false } : null;
}

function stateLabel(t: Strings, v: VariantRow): string {
  const s = stockState({ stock: v.stock, lowStockThreshold: v.low_stock_threshold });
  return s === "out_of_stock" ? t.out : s === "low" ? t.low(v.stock) : t.inStock;
}

function card(t: Strings, p: ProductRow, v: VariantRow, variantCount: number, currency: string, showVariant: boolean): RichCard {
  const state = stockState({ stock: v.stock, lowStockThreshold: v.low_stock_threshold });
  const image = parse<string[]>(p.images, []).find((u) => /^https?:\/\//.test(u));
  const buttons: NonNullable<RichCard["buttons"]> = [];
  if (state !== "out_of_stock") buttons.push({ label: t.addToCart, action: "add_to_cart", value: v.id });
  if (variantCount > 1) buttons.push({ label: t.viewOptions, action: "postback", value: t.optionsOf(p.name) });
  const description = p.description.length > 140 ? `${p.description.slice(0, 137)}…` : p.description;
  return {
    title: (showVariant && variantCount > 1 ? `${p.name} — ${v.name}` : p.name).slice(0, 200),
    subtitle: [stateLabel(t, v), description].filter(Boolean).join(" · ").slice(0, 500),
    ...(image ? { image_url: thumbnailUrl(image) } : {}),
    price: { amount: v.price, currency },
    ...(buttons.length ? { buttons } : {}),
    product: { product_id: p.id, variant_id: v.id, stock_state: state, stock: v.stock },
  };
}

/** Products assigned only to other chatbots than this one (they are not offered as alternatives here). */
async function soldElsewhere(env: Env, workspaceId: string, chatbotId: string | undefined): Promise<Set<string>> {
  if (!chatbotId) return new Set();
  const rows = await env.DB.prepare(
    `select distinct product_id from product_chatbots pc where workspace_id = ?1
       and not exists (select 1 from product_chatbots mine where mine.product_id = pc.product_id and mine.chatbot_id = ?2)`,
  ).bind(workspaceId, chatbotId).all<{ product_id: string }>();
  return new Set(rows.results.map((r) => r.product_id));
}

/** Cards (and a plain answer) for the products among `hits`; null when the question is not about the catalog. */
export async function productAnswer(env: Env, q: { workspaceId: string; chatbotId?: string; message: string }, hits: SearchHit[]): Promise<ProductAnswer | null> {
  const found = productHits(hits);
  if (!found.length) return null;
  const t = hasThai(q.message) ? STRINGS.th : STRINGS.en;
  const { products, variants, currency } = await loadProducts(env, q.workspaceId, found.map((h) => h.sourceId));
  const top = products[0];
  if (!top) return null;
  const topVariants = variants.get(top.id) ?? [];

  // "Canvas Tote options": one card per variant of the product asked about
  if (OPTION_WORDS.test(q.message) && topVariants.length > 1) {
    return {
      cards: topVariants.slice(0, 10).map((v) => card(t, top, v, 1, currency, true)).map((c, i) => ({ ...c, title: `${top.name} — ${topVariants[i]!.name}`.slice(0, 200) })),
      text: t.options(top.name),
    };
  }

  const cards: RichCard[] = [];
  const lines: string[] = [];
  const picked = products.map((p) => ({ p, pick: pickVariant(q.message, variants.get(p.id) ?? []) }));
  for (const { p, pick } of picked) if (pick) cards.push(card(t, p, pick.variant, variants.get(p.id)?.length ?? 0, currency, pick.named));

  const first = picked[0]?.pick;
  if (first && first.variant.stock <= 0) {
    const label = first.named && topVariants.length > 1 ? `${top.name} (${first.variant.name})` : top.name;
    lines.push(t.soldOut(label));
    const shown = new Set(products.map((p) => p.id));
    const elsewhere = await soldElsewhere(env, q.workspaceId, q.chatbotId);
    const others = (await similarProducts(env, q.workspaceId, top.id, 6)).filter((r) => r.in_stock && !shown.has(r.product_id) && !elsewhere.has(r.product_id)).slice(0, 2);
    const alt = await loadProducts(env, q.workspaceId, others.map((o) => o.product_id));
    for (const p of alt.products) {
      const pick = pickVariant("", alt.variants.get(p.id) ?? []);
      if (pick) cards.push(card(t, p, pick.variant, alt.variants.get(p.id)?.length ?? 0, currency, false));
    }
    if (alt.products.length) lines.push(t.alternatives);
  } else if (first && cards.length === 1) {
    const name = first.named && topVariants.length > 1 ? `${top.name} (${first.variant.name})` : top.name;
    lines.push(t.foundOne(name, formatMoney(first.variant.price, currency), stateLabel(t, first.variant)));
  } else {
    lines.push(t.found(products.map((p) => p.name).join(", ")));
  }
  return { cards: cards.slice(0, 10), text: lines.join(" ") };
}

/** Adds the cards to a message's rich content. */
export function withCards(rich: unknown, cards: RichCard[]): RichContent {
  const base = typeof rich === "object" && rich !== null ? (rich as RichContent) : {};
  return { ...base, cards: [...(base.cards ?? []), ...cards].slice(0, 10) };
}
