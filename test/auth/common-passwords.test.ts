import { describe, expect, it } from "vitest";
import { COMMON_PASSWORDS } from "../../worker/auth/common-passwords";
import { isCommonPassword } from "../../worker/auth/password";

describe("common password check", () => {
  it("ships a list of several hundred common passwords", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThan(500);
    expect(COMMON_PASSWORDS.has("password")).toBe(true);
  });

  it("sees through capitals, look-alike digits and symbols, and added digits", () => {
    for (const p of ["Password1!", "PASSWORD", "P@ssw0rd", "p4ssword!", "Qwerty123!", "Welcome2026#", "123456Dragon!", "Letmein!!", "Tr0ub4dor"]) {
      expect(isCommonPassword(p), p).toBe(p === "Tr0ub4dor" ? false : true);
    }
  });

  it("accepts passwords that only contain a common word among other words", () => {
    for (const p of ["Sup3r$ecret!", "Blue-Kettle-42!", "Sunrise#2026", "Moonlight#2026", "Demo-Chat-2026!", "N3w$password", "An0ther$pass"]) {
      expect(isCommonPassword(p), p).toBe(false);
    }
  });
});
