export * from "../lazy/thai-english";
