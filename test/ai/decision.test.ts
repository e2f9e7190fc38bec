import { env } from "cloudflare:test";
import { MockLanguageModelV3 } from "ai/test";
import { describe, expect, it } from "vitest";
import { classifyText } from "../../worker/ai/classifier";
import { classifyWithModel } from "../../worker/ai/classifier/llm";
import { isEscalation } from "../../worker/ai/decide";
import { answerability, classifyOffline, decide, type TurnClassification } from "../../worker/ai/decision";
import { analyzeSentiment } from "../../worker/ai/sentiment";
import { citationLine, publicTitle } from "../../worker/ai/extractive";
import { DEFAULT_AI_SETTINGS } from "../../worker/ai/settings";
import { botTurn } from "../../worker/ai/turn";
import type { SearchHit } from "../../worker/knowledge/search/hybrid";
import { visitorLanguage } from "../../worker/ai/visitor/language";
import { indexSourceChunks } from "../../worker/knowledge/index";

// Every phrasing below is absent from worker/ai/classifier/data (the model never saw them).
const triggers = DEFAULT_AI_SETTINGS.escalation_triggers;
const kindOf = async (m: string) => {
  const c = await classifyOffline(m, triggers, analyzeSentiment(m).score);
  return c.kind === "escalation" ? c.reason : c.kind;
};

describe("the offline turn classifier", () => {
  it("recognises small talk in English and Thai", async () => {
    for (const m of ["hey hey, good evening", "thank you kindly!", "bye now, have a lovely evening", "สวัสดีค่ะแอดมิน", "ขอบคุณมากๆ นะคะ", "งั้นไปก่อนนะคะ บ๊ายบาย"]) expect(await kindOf(m), m).toBe("smalltalk");
  });
  it("treats a greeting followed by a question as the question", async () => {
    expect(await kindOf("Hi, can I pay with PromptPay?")).toBe("question");
    expect(await kindOf("hello there! what time do you close tonight?")).toBe("question");
    expect(await kindOf("สวัสดีค่ะ ส่งของไปขอนแก่นไหมคะ")).toBe("question");
  });
  it("keeps calm billing and refund-policy questions as questions", async () => {
    expect(await kindOf("Can I get a refund for damaged beans?")).toBe("question");
    expect(await kindOf("if I switch to the cheaper plan halfway through the year, is part of it paid back?")).toBe("question");
    expect(await kindOf("ถ้าเปลี่ยนเป็นแพ็กเกจถูกลงกลางปี จะได้เงินส่วนต่างคืนไหม")).toBe("question");
  });
  it("hands over each escalation reason in English", async () => {
    expect(await kindOf("could a living, breathing member of staff take this chat?")).toBe("explicit_request");
    expect(await kindOf("you have replied with the exact same paragraph four times now, what is even the point")).toBe("frustration");
    expect(await kindOf("my card shows two identical payments to you on the same day, undo one of them")).toBe("billing_dispute");
    expect(await kindOf("our solicitors will be filing a claim against your company")).toBe("legal");
    expect(await kindOf("can you see which of my colleagues removed the pricing page yesterday?")).toBe("action_required");
    expect(await kindOf("do you guys also register domain names for customers?")).toBe("out_of_scope");
  });
  it("hands over each escalation reason in Thai", async () => {
    expect(await kindOf("รบกวนขอสายเจ้าหน้าที่ที่เป็นคนจริงค่ะ")).toBe("explicit_request");
    expect(await kindOf("ตอบวนอยู่ที่เดิมตลอด ไม่ได้ช่วยอะไรเลยจริงๆ")).toBe("frustration");
    expect(await kindOf("บัตรโดนตัดเงินซ้ำสองครั้ง ช่วยคืนเงินหนึ่งรายการด้วย")).toBe("billing_dispute");
    expect(await kindOf("จะให้ทนายดำเนินคดีกับบริษัทคุณ")).toBe("legal");
    expect(await kindOf("ช่วยเช็คให้หน่อยว่าใครลบหน้าเว็บของเราไป")).toBe("action_required");
    expect(await kindOf("รับจดโดเมนเนมด้วยหรือเปล่า")).toBe("out_of_scope");
  });
  it("tolerates typos through character n-grams", async () => {
    expect(await kindOf("how do i chnage my pasword?")).toBe("question");
    expect(await kindOf("i was chraged twice, revrse it")).toBe("billing_dispute");
  });
  it("gives a probability per label that sums to one", async () => {
    const c = await classifyText("where do I download my receipts?");
    expect(Object.values(c.probs).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 5);
    expect(c.label).toBe("question");
  });
});

const hit = (text: string, over: Partial<SearchHit> = {}): SearchHit => ({
  chunkId: "c1", sourceType: "document", sourceId: "d1", title: "Guide", url: null, page: null, section: null, text, fused: 1, bm25: 5, vector: 0.8, coverage: 0.9, ...over,
});
const question = (inScope = 1): TurnClassification => ({ kind: "question", reason: null, p: 0.9, inScope, source: "classifier" });
const base = { ruleReason: null, failedAnswers: 0, ai: DEFAULT_AI_SETTINGS, lang: "en" as const };

describe("one decision per turn", () => {
  const hits = [hit("Refunds for damaged items are issued within 5 days.")];
  it("answers, adds a caveat, offers a human or escalates with low_confidence by answerability", async () => {
    expect(decide({ ...base, classification: question(), retrieval: 0.95, hits })).toMatchObject({ action: "answer", reason: null });
    expect(decide({ ...base, classification: question(), retrieval: 0.78, hits })).toMatchObject({ action: "caveat", reason: null });
    expect(decide({ ...base, classification: question(), retrieval: 0.6, hits })).toMatchObject({ action: "offer_human", reason: null });
    expect(decide({ ...base, classification: question(), retrieval: 0.2, hits })).toMatchObject({ action: "escalate", reason: "low_confidence" });
  });
  it("scores a question the classifier sees as out of scope low even when the words match the knowledge well", async () => {
    expect(answerability(0.94, { inScope: 0.2 })).toBeLessThan(0.5);
    expect(answerability(0.94, { inScope: 1 })).toBeGreaterThan(0.85);
  });
  it("escalates on the classifier's reason, and offers a human after repeated failures", async () => {
    const legal: TurnClassification = { kind: "escalation", reason: "legal", p: 0.9, inScope: 1, source: "classifier" };
    expect(decide({ ...base, classification: legal, retrieval: 0.95, hits })).toMatchObject({ action: "escalate", reason: "legal" });
    expect(decide({ ...base, classification: question(), retrieval: 0.6, hits, failedAnswers: 2 })).toMatchObject({ action: "offer_human", reason: "repeated_failures" });
  });
  it("offers a person instead of escalating when a Thai question meets weak English passages", async () => {
    const d = decide({ ...base, lang: "th", classification: question(), retrieval: 0.2, hits });
    expect(d).toMatchObject({ action: "offer_human", reason: null, crossLingual: true });
    expect(isEscalation({ action: d.action, escalation: null })).toBe(false);
  });
  it("offers a person instead of escalating when offline retrieval found nothing because the knowledge has no word in the question's script", async () => {
    const lost = decide({ ...base, lang: "th", classification: question(), retrieval: 0, hits: [], unjudgeable: true });
    expect(lost).toMatchObject({ action: "offer_human", reason: null, crossLingual: true });
    // the same empty result over knowledge that does speak the question's language is a real miss
    expect(decide({ ...base, lang: "th", classification: question(), retrieval: 0, hits: [], unjudgeable: false })).toMatchObject({ action: "escalate", reason: "low_confidence" });
  });
  it("suggests a person once the conversation reaches the chatbot's message limit", async () => {
    expect(decide({ ...base, classification: question(), retrieval: 0.95, hits, messageCount: 9, maxConversationLength: 10 }).suggestHuman).toBe(false);
    expect(decide({ ...base, classification: question(), retrieval: 0.95, hits, messageCount: 10, maxConversationLength: 10 })).toMatchObject({ action: "offer_human", suggestHuman: true, reason: null });
    expect(decide({ ...base, classification: question(), retrieval: 0.95, hits, messageCount: 14, maxConversationLength: 10 }).suggestHuman).toBe(false);
  });
});

describe("the structured-output classification with a model", () => {
  it("reads kind, reason and answerability from the model's JSON", async () => {
    const model = new MockLanguageModelV3({
      doGenerate: async () => ({
        content: [{ type: "text", text: JSON.stringify({ kind: "escalation", reason: "billing_dispute", answerable: 0.1 }) }],
        finishReason: { unified: "stop", raw: "stop" },
        usage: { inputTokens: { total: 50, noCache: 50, cacheRead: 0, cacheWrite: 0 }, outputTokens: { total: 10, text: 10, reasoning: 0 } },
        warnings: [],
      }),
    });
    const c = await classifyWithModel(model, { message: "I'm reversing your charge with my bank", history: [], hits: [hit("Refund policy")] });
    expect(c).toMatchObject({ kind: "escalation", reason: "billing_dispute", answerable: 0.1, source: "llm" });
    const prompt = JSON.stringify(model.doGenerateCalls[0]!.prompt);
    expect(prompt).toContain("I'm reversing your charge with my bank");
    expect(prompt).toContain("Refund policy");
  });
});

describe("what visitors see", () => {
  it("follows the visitor's language, falling back to earlier messages and the locale", async () => {
    expect(visitorLanguage("รับพร้อมเพย์ไหมคะ")).toBe("th");
    expect(visitorLanguage("555", ["สวัสดีค่ะ"])).toBe("th");
    expect(visitorLanguage("👍", [], "th-TH")).toBe("th");
    expect(visitorLanguage("Do you take PromptPay?", ["สวัสดีค่ะ"])).toBe("en");
  });
  it("names sources by title, never by internal file name or page", async () => {
    expect(publicTitle("menu.md")).toBe("Menu");
    expect(publicTitle("opening_hours.pdf")).toBe("Opening hours");
    expect(publicTitle("Returns and refunds")).toBe("Returns and refunds");
    expect(citationLine([{ id: "1", type: "document", title: "hours.pdf", page: 1, score: 1 }], "แหล่งข้อมูล")).toBe("แหล่งข้อมูล: Hours");
  });
  it("answers Thai small talk in Thai without searching for a hand-off", async () => {
    const { result } = await botTurn(env, { workspaceId: "ws_dec", chatbotId: "cb_dec_st", conversationId: "c1", message: "สวัสดีค่ะ", history: [], failedAnswers: 0 });
    expect(result).toMatchObject({ action: "answer", escalation: null, failed: false });
    expect(result.text).toMatch(/[\u0E00-\u0E7F]/);
  });
  it("measures the decision in well under 20 ms offline", async () => {
    await indexSourceChunks(env, { workspaceId: "ws_dec", chatbotId: "cb_dec_t", sourceType: "faq", sourceId: "f1", title: "Do you ship abroad?", chunks: [{ text: "Q: Do you ship abroad?\nA: Yes, to 20 countries.", position: 0 }] });
    const times: number[] = [];
    for (let i = 0; i < 10; i++) times.push((await botTurn(env, { workspaceId: "ws_dec", chatbotId: "cb_dec_t", conversationId: "c2", message: "do you ship to Laos?", history: [], failedAnswers: 0 }, undefined, { logQuery: false })).decisionMs);
    expect(Math.max(...times.slice(1))).toBeLessThan(20);
  });
});

describe("questions about the catalog", () => {
  const desc = (name: string, text: string) => ({ workspaceId: "ws_dec", chatbotId: "cb_dec_shop", sourceType: "product" as const, sourceId: name, title: name, summary: "home", chunks: [{ text, section: "home", position: 0 }] });
  it("answers \"do you sell X?\" from the catalog instead of handing it over as out of scope", async () => {
    expect((await classifyOffline("do you sell a desk lamp?", triggers)).reason).toBe("out_of_scope");
    await indexSourceChunks(env, desc("Desk Lamp", "Desk Lamp. A dimmable LED desk lamp with a warm-to-cool light and a USB-C port. Price: ฿1,850."));
    await indexSourceChunks(env, desc("Ceramic Mug", "Ceramic Mug. A hand-glazed 350 ml mug. Price: ฿390."));
    await indexSourceChunks(env, { workspaceId: "ws_dec", chatbotId: "cb_dec_shop", sourceType: "faq", sourceId: "f1", title: "Do you ship abroad?", chunks: [{ text: "Q: Do you ship abroad?\nA: Yes, to 20 countries.", position: 0 }] });
    const turn = (message: string) => botTurn(env, { workspaceId: "ws_dec", chatbotId: "cb_dec_shop", conversationId: "c3", message, history: [], failedAnswers: 0 }, undefined, { logQuery: false });
    const lamp = (await turn("do you sell a desk lamp?")).result;
    expect(lamp.escalation).toBeNull();
    expect(lamp.sources[0]?.title).toBe("Desk Lamp");
    // what the catalog does not list is still handed over
    for (const m of ["do you also sell web hosting?", "do you sell lamp oil?"]) expect((await turn(m)).result.escalation, m).not.toBeNull();
  });
});
