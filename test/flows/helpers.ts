import { env } from "cloudflare:test";
import { api } from "../helpers";

/** Creates a flow on the chatbot and publishes it; answers the flow and its version. */
export async function publishFlow(token: string, chatbotId: string, graph: unknown, trigger: unknown = { type: "conversation_start" }) {
  const created = await api("/api/v1/flows", { token, body: { chatbot_id: chatbotId, name: "Test flow", trigger, graph } });
  if (created.status !== 201) throw new Error(`flow failed ${created.status} ${created.text}`);
  const published = await api(`/api/v1/flows/${created.json.id}/publish`, { token, body: {} });
  if (published.status !== 201) throw new Error(`publish failed ${published.status} ${published.text}`);
  return { flow: created.json as { id: string }, version: published.json as { id: string; version: number } };
}

/** The bot's messages a visitor socket received so far. */
export const botTexts = (frames: any[]) => frames.filter((f) => f.type === "message:receive" && f.message.role === "bot").map((f) => f.message.text as string);

export const isBot = (text: string | RegExp) => (f: any) =>
  f.type === "message:receive" && f.message.role === "bot" && (typeof text === "string" ? f.message.text === text : text.test(f.message.text));

export async function visitorRow(visitorId: string) {
  return env.DB.prepare(`SELECT name, email, phone FROM visitors WHERE id = ?1`).bind(visitorId).first<{ name: string | null; email: string | null; phone: string | null }>();
}

export const SALES_GRAPH = (teamId: string | null) => ({
  schema_version: 1,
  start: "welcome",
  nodes: [
    { type: "message", id: "welcome", text: "Hi! How can we help?", style: "buttons", save_as: "topic", choices: [{ label: "Talk to sales", next: "ask_email" }, { label: "Just browsing", next: "bye" }] },
    { type: "collect", id: "ask_email", prompt: "What's your email?", input: "email", save_as: "contact.email", retry_text: "That doesn't look like an email address.", next: "to_sales" },
    { type: "handoff", id: "to_sales", team_id: teamId, text: "Connecting you with Sales." },
    { type: "end", id: "bye", text: "Enjoy!" },
  ],
});
