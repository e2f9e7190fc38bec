export * from "../lazy/ai-libs";
