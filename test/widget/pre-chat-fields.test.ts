import { describe, expect, it } from "vitest";
import { normaliseConfig } from "../../widget/src/app/config";

// "Ask for the visitor's name / email" are fields of the pre-chat form: on with the form, nothing without it
describe("ask for name and email", () => {
  const api = "http://127.0.0.1:8787";
  it("puts name and email first in the pre-chat form, email required, when the form is on", () => {
    const c = normaliseConfig({ name: "Shop", data_collection: { pre_chat_form_enabled: true, collect_name: true, collect_email: true, custom_fields: [{ name: "order", label: "Order number" }] } }, api);
    expect(c.preChat?.map((f) => [f.name, f.type, f.required])).toEqual([
      ["name", "text", true],
      ["email", "email", true],
      ["order", "text", false],
    ]);
  });
  it("asks only for what is switched on", () => {
    const c = normaliseConfig({ name: "Shop", data_collection: { pre_chat_form_enabled: true, collect_name: false, collect_email: true } }, api);
    expect(c.preChat?.map((f) => f.name)).toEqual(["email"]);
  });
  it("shows no form when the pre-chat form is off, whatever the name/email switches say", () => {
    const c = normaliseConfig({ name: "Shop", data_collection: { pre_chat_form_enabled: false, collect_name: true, collect_email: true } }, api);
    expect(c.preChat).toBeNull();
  });
});
