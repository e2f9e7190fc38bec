import { expect } from "vitest";
import { api } from "../helpers";
import { eventually } from "../live/helpers";

export const RULES = "/api/v1/automation/rules";

export async function createRule(token: string, body: Record<string, unknown>) {
  const r = await api(RULES, { token, body });
  expect(r.status, r.text).toBe(201);
  return r.json as { id: string; name: string };
}

export async function conversationDetail(token: string, id: string) {
  const r = await api(`/api/v1/conversations/${id}`, { token });
  expect(r.status, r.text).toBe(200);
  return r.json as { status: string; tags: string[]; assignee: { id: string } | null; events: { type: string; actor: string; data: Record<string, unknown> }[]; messages: { role: string; text: string }[] };
}

/** The lines the conversation's timeline shows for rule actions, oldest first. */
export async function ruleLines(token: string, id: string): Promise<string[]> {
  const d = await conversationDetail(token, id);
  return d.events.filter((e) => e.type === "rule_applied").map((e) => String(e.data.summary));
}

/** Waits until the timeline holds at least `lines` (rules run on the queue after the conversation's flush). */
export async function waitForLines(token: string, id: string, lines: string[], timeoutMs = 15_000): Promise<string[]> {
  return eventually(async () => {
    const got = await ruleLines(token, id);
    for (const l of lines) if (!got.includes(l)) throw new Error(`waiting for ${l}; so far ${JSON.stringify(got)}`);
    return got;
  }, timeoutMs);
}
