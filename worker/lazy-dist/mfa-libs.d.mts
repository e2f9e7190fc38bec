export * from "../lazy/mfa-libs";
