import { describe, expect, it } from "vitest";
import { normaliseConfig } from "../../widget/src/app/config";
import { en } from "../../widget/src/i18n/en";
import { th } from "../../widget/src/i18n/th";

describe("widget data requests", () => {
  it("offers Download / delete my data only when the chatbot turns it on", () => {
    expect(normaliseConfig({ name: "Shop" }, "http://127.0.0.1:8787").dataRequests).toBe(false);
    expect(normaliseConfig({ data_collection: { visitor_data_requests: false } }, "http://127.0.0.1:8787").dataRequests).toBe(false);
    expect(normaliseConfig({ data_collection: { visitor_data_requests: true } }, "http://127.0.0.1:8787").dataRequests).toBe(true);
  });

  it("asks for confirmation before erasing, in English and Thai", () => {
    expect(en.deleteConfirm).toMatch(/permanently/);
    expect(th.deleteConfirm.length).toBeGreaterThan(10);
    expect(en.myData).toBe("Download / delete my data");
  });
});
