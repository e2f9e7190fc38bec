import { exports } from "cloudflare:workers";
import jpeg from "jpeg-js";
import { describe, expect, it } from "vitest";
import { encode as encodePng } from "fast-png";
import { api, registerOwner } from "../helpers";
import { cid, createBotFor, setupWorkspace, visitorChat } from "./knowledge-helpers";
import { createProduct } from "./fixtures";

const LAMP = {
  name: "Canvas Tote", description: "A sturdy cotton canvas tote with an inside pocket.", category: "bags", tags: ["bag", "canvas", "tote"],
  variants: [{ sku: "TOTE", name: "Blue", options: { colour: "blue" }, price: 59000, stock: 6 }],
};

/** A 1200 × 800 PNG photo (a colour gradient). */
function photo(width = 1200, height = 800): Uint8Array {
  const data = new Uint8Array(width * height * 4);
  for (let y = 0; y < height; y++) for (let x = 0; x < width; x++) data.set([(x * 255) / width, (y * 255) / height, 128, 255], (y * width + x) * 4);
  return encodePng({ width, height, data, channels: 4, depth: 8 });
}
const form = (bytes: Uint8Array, type = "image/png", name = "lamp.png") => {
  const f = new FormData();
  f.append("file", new File([new Uint8Array(bytes)], name, { type }));
  return f;
};
const fetchImage = async (url: string) => {
  const { pathname } = new URL(url);
  const res = await api(pathname);
  return res;
};

async function say(chat: Awaited<ReturnType<typeof visitorChat>>, text: string) {
  chat.visitor.send({ type: "message:send", client_id: cid(), text });
  const reply = await chat.visitor.next((f) => f.type === "message:receive" && f.message.role === "bot");
  return reply.message as { text: string; rich?: { cards?: { title: string; image_url?: string }[] } };
}

describe("product images and chatbot assignment", () => {
  it("uploads an image to R2 with a resized thumbnail; cards show the thumbnail; delete removes both", async () => {
    const ws = await setupWorkspace({ behavior_settings: { response_delay: 0 } });
    const lamp = await createProduct(ws.owner.token, { ...LAMP, variants: LAMP.variants.map((v) => ({ ...v, sku: `${v.sku}-${ws.bot.id}` })) });
    const up = await api(`/api/v1/products/${lamp.id}/images`, { token: ws.owner.token, body: form(photo()) });
    expect(up.status, up.text).toBe(201);
    expect(up.json).toMatchObject({ content_type: "image/png", thumbnail: { width: 480, height: 320 } });
    expect(up.json.url).toMatch(new RegExp(`/api/v1/product-images/${ws.owner.workspaceId}/img_\\w+\\.png$`));
    expect((await api(`/api/v1/products/${lamp.id}`, { token: ws.owner.token })).json.images).toEqual([up.json.url]);

    const original = await fetchImage(up.json.url);
    expect(original.status).toBe(200);
    expect(original.headers.get("content-type")).toBe("image/png");
    const t = await exports.default.fetch(new Request(`http://127.0.0.1:8787${new URL(up.json.thumbnail_url).pathname}`));
    expect(t.headers.get("content-type")).toBe("image/jpeg");
    const decoded = jpeg.decode(new Uint8Array(await t.arrayBuffer()), { useTArray: true });
    expect([decoded.width, decoded.height]).toEqual([480, 320]);

    // the bot's card shows the thumbnail
    const chat = await visitorChat(ws.bot.public_key);
    const reply = await say(chat, "do you have a canvas tote in blue?");
    expect(reply.rich?.cards?.[0]?.image_url, JSON.stringify(reply)).toBe(up.json.thumbnail_url);
    chat.visitor.close();

    // bad files, other workspaces, permissions
    expect((await api(`/api/v1/products/${lamp.id}/images`, { token: ws.owner.token, body: form(new TextEncoder().encode("<svg/>"), "image/svg+xml", "x.svg") })).status).toBe(415);
    expect((await api(`/api/v1/products/${lamp.id}/images`, { token: ws.agent.token, body: form(photo(10, 10)) })).status).toBe(403);
    const other = await registerOwner();
    expect((await api(`/api/v1/products/${lamp.id}/images`, { token: other.token, body: form(photo(10, 10)) })).status).toBe(404);
    expect((await api(`/api/v1/products/${lamp.id}/images/${up.json.id}`, { method: "DELETE", token: other.token })).status).toBe(404);

    const del = await api(`/api/v1/products/${lamp.id}/images/${up.json.id}`, { method: "DELETE", token: ws.owner.token });
    expect(del.status).toBe(204);
    expect((await api(`/api/v1/products/${lamp.id}`, { token: ws.owner.token })).json.images).toEqual([]);
    expect((await fetchImage(up.json.url)).status).toBe(404);
  });

  it("a product assigned to one chatbot is only that chatbot's knowledge", async () => {
    const ws = await setupWorkspace({ behavior_settings: { response_delay: 0 } });
    const second = await createBotFor(ws.owner.token);
    const lamp = await createProduct(ws.owner.token, { ...LAMP, variants: LAMP.variants.map((v) => ({ ...v, sku: `${v.sku}-${ws.bot.id}` })) });
    expect((await api(`/api/v1/products/${lamp.id}/chatbots`, { token: ws.agent.token })).json).toEqual({ product_id: lamp.id, all_chatbots: true, chatbot_ids: [] });

    const set = await api(`/api/v1/products/${lamp.id}/chatbots`, { method: "PUT", token: ws.owner.token, body: { chatbot_ids: [second.id] } });
    expect(set.status, set.text).toBe(200);
    expect(set.json).toEqual({ product_id: lamp.id, all_chatbots: false, chatbot_ids: [second.id] });

    const first = await visitorChat(ws.bot.public_key);
    expect((await say(first, "do you have a canvas tote in blue?")).rich?.cards ?? []).toEqual([]);
    first.visitor.close();
    const other = await visitorChat(second.public_key);
    expect((await say(other, "do you have a canvas tote in blue?")).rich?.cards?.[0]?.title).toBe("Canvas Tote");
    other.visitor.close();

    // back to every chatbot
    await api(`/api/v1/products/${lamp.id}/chatbots`, { method: "PUT", token: ws.owner.token, body: { chatbot_ids: [] } });
    const again = await visitorChat(ws.bot.public_key);
    expect((await say(again, "do you have a canvas tote in blue?")).rich?.cards?.[0]?.title).toBe("Canvas Tote");
    again.visitor.close();

    const stranger = await registerOwner();
    const unknown = await api(`/api/v1/products/${lamp.id}/chatbots`, { method: "PUT", token: ws.owner.token, body: { chatbot_ids: ["cb_nope"] } });
    expect(unknown.status).toBe(400);
    expect(unknown.json.error.code).toBe("UNKNOWN_CHATBOT");
    expect((await api(`/api/v1/products/${lamp.id}/chatbots`, { token: stranger.token })).status).toBe(404);
    expect((await api(`/api/v1/products/${lamp.id}/chatbots`, { method: "PUT", token: ws.agent.token, body: { chatbot_ids: [] } })).status).toBe(403);
  });
});
