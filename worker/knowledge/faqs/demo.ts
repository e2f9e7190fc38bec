import type { AuthContext } from "../../lib/context";
import { createFaq, findFaqByQuestion } from "./faqs";
import type { CreateFaqInput } from "./schemas";

type DemoFaq = Omit<CreateFaqInput, "chatbot_id">;

/** The demo shop's FAQs, so the bot on /demo answers from day one. */
export const DEMO_FAQS: DemoFaq[] = [
  { question: "How long does shipping take?", answer: "Orders ship within 1 business day. Delivery takes 1–2 business days in Bangkok and 2–4 business days elsewhere in Thailand.", category: "shipping", tags: ["shipping", "delivery"], priority: "high" },
  { question: "How much does shipping cost?", answer: "Standard shipping is 50 THB and free on orders over 1,000 THB. Express delivery in Bangkok costs 120 THB.", category: "shipping", tags: ["shipping", "price"] },
  { question: "Do you ship internationally?", answer: "We currently ship within Thailand only. International shipping to ASEAN countries is coming soon.", category: "shipping", tags: ["shipping", "international"] },
  { question: "What is your return policy?", answer: "You can return unused items in their original packaging within 30 days of delivery for a full refund. Start a return from your order page or contact us.", category: "returns", tags: ["returns", "refund"], priority: "high" },
  { question: "How long does a refund take?", answer: "Refunds are issued within 3 business days after we receive the returned item, back to the original payment method.", category: "returns", tags: ["refund"] },
  { question: "Which payment methods do you accept?", answer: "We accept PromptPay QR, credit and debit cards (Visa, Mastercard, JCB), TrueMoney Wallet and cash on delivery for orders under 3,000 THB.", category: "payment", tags: ["payment", "promptpay"], priority: "high" },
  { question: "How do I pay with PromptPay?", answer: "Choose PromptPay at checkout, scan the QR code with your banking app and pay the exact amount. Your order is confirmed automatically within a minute.", category: "payment", tags: ["payment", "promptpay", "qr"] },
  { question: "What are your opening hours?", answer: "Our online shop is open 24/7. Customer support is available Monday to Saturday, 9:00–18:00 (Bangkok time).", category: "contact", tags: ["hours", "support"] },
  { question: "How can I track my order?", answer: "You will receive a tracking number by email and SMS as soon as your order ships. You can also see the status under My Orders.", category: "orders", tags: ["orders", "tracking"], priority: "high" },
  { question: "How do I choose the right size?", answer: "Every product page has a size chart in centimetres. If you are between two sizes, we recommend the larger one. Exchanges for a different size are free.", category: "sizes", tags: ["size", "fit"] },
  { question: "Do your products come with a warranty?", answer: "Electronics come with a 1-year warranty against manufacturing defects; other items have a 90-day quality guarantee.", category: "warranty", tags: ["warranty", "guarantee"] },
  { question: "How can I contact customer support?", answer: "Chat with us here, email support@demoshop.example, or call 02-123-4567 (Mon–Sat, 9:00–18:00). LINE: @demoshop.", category: "contact", tags: ["contact", "support"] },
];

/** Seed step: the demo FAQs for the demo chatbot; questions that already exist are left alone. */
export async function seedDemoFaqs(env: Env, ctx: { workspaceId: string; chatbotId: string; ownerUserId: string }): Promise<void> {
  const auth: AuthContext = { workspaceId: ctx.workspaceId, userId: ctx.ownerUserId, role: "owner", apiKeyId: null, scopes: null };
  for (const faq of DEMO_FAQS) {
    if (await findFaqByQuestion(env, ctx.chatbotId, faq.question)) continue;
    await createFaq(env, auth, { ...faq, chatbot_id: ctx.chatbotId });
  }
}
