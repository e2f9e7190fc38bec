import { describe, expect, it } from "vitest";
import { factPresent, groupOf } from "./metrics";

describe("evaluation metrics", () => {
  it("counts a fact as present when two thirds of its content words occur, in any inflection", () => {
    expect(factPresent("all stats collected during the trial are kept", "Your stats are kept: everything collected in the trial stays.")).toBe(true);
    expect(factPresent("a negative amount means a credit balance", "Immediate charge is pro-rated; next renewal shows the date.")).toBe(false);
  });

  it("reports questions under answerable EN / TH or their escalation reason", () => {
    expect(groupOf({ id: "1", question: "q", expected_docs: ["a.md"], escalate: false, reason: null, lang: "th" })).toBe("answerable:th");
    expect(groupOf({ id: "2", question: "q", expected_docs: [], escalate: true, reason: "legal", lang: "en" })).toBe("escalate:legal");
  });
});
