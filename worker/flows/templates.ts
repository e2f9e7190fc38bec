import type { FlowGraph, FlowTrigger } from "../../common/flows/schema";

export interface FlowTemplate {
  id: string;
  name: string;
  description: string;
  trigger: FlowTrigger;
  graph: FlowGraph;
}

/**
 * Ready-made flows a tenant starts from. `team_id: null` hands off to the
 * chatbot's own team; the editor lets them pick one. The order-status URL is
 * the tenant's own endpoint (a placeholder until they set it).
 */
export const FLOW_TEMPLATES: FlowTemplate[] = [
  {
    id: "lead_capture",
    name: "Qualify a lead",
    description: "Name → email → budget choice → assign to Sales",
    trigger: { type: "conversation_start" },
    graph: {
      schema_version: 1,
      start: "ask_name",
      nodes: [
        { type: "collect", id: "ask_name", prompt: "Hi! What's your name?", input: "text", save_as: "contact.name", next: "ask_email" },
        { type: "collect", id: "ask_email", prompt: "Thanks {{contact.name}}! What's your email?", input: "email", save_as: "contact.email", retry_text: "That doesn't look like an email address.", next: "ask_budget" },
        {
          type: "message", id: "ask_budget", text: "What budget do you have in mind?", style: "buttons", save_as: "budget",
          choices: [{ label: "Under 10,000" }, { label: "10,000–50,000" }, { label: "Over 50,000" }], next: "tag_lead",
        },
        { type: "tag", id: "tag_lead", tags: ["lead"], next: "to_sales" },
        { type: "handoff", id: "to_sales", team_id: null, text: "Thanks! Someone from our sales team will be with you shortly." },
      ],
    },
  },
  {
    id: "buttons_email_sales",
    name: "Buttons → email → Sales",
    description: "Ask what the visitor needs, collect their email, hand over to Sales",
    trigger: { type: "conversation_start" },
    graph: {
      schema_version: 1,
      start: "welcome",
      nodes: [
        {
          type: "message", id: "welcome", text: "Hi! How can we help?", style: "buttons", save_as: "topic",
          choices: [{ label: "Talk to sales", next: "ask_email" }, { label: "Just browsing", next: "bye" }],
        },
        { type: "collect", id: "ask_email", prompt: "What's your email, so Sales can follow up?", input: "email", save_as: "contact.email", retry_text: "That doesn't look like an email address.", next: "to_sales" },
        { type: "handoff", id: "to_sales", team_id: null, text: "Thanks! Connecting you with Sales." },
        { type: "end", id: "bye", text: "Enjoy! Ask me anything any time." },
      ],
    },
  },
  {
    id: "order_status",
    name: "Order status",
    description: "Order number → lookup on your endpoint → answer, or hand to a person",
    trigger: { type: "keyword", value: "order status, where is my order, track" },
    graph: {
      schema_version: 1,
      start: "ask_order",
      nodes: [
        { type: "collect", id: "ask_order", prompt: "What's your order number?", input: "text", save_as: "order_number", next: "lookup" },
        {
          type: "http", id: "lookup", method: "GET", url: "https://shop.example.com/api/orders/{{order_number}}",
          map: { order_status: "status", order_eta: "eta" }, next: "found", error_next: "human",
        },
        { type: "condition", id: "found", rules: [{ var: "order_status", op: "exists", next: "answer" }], else_next: "human" },
        { type: "end", id: "answer", text: "Order {{order_number}} is {{order_status}}. Expected: {{order_eta}}." },
        { type: "handoff", id: "human", team_id: null, text: "I couldn't find that order; let me get a person to help." },
      ],
    },
  },
];
