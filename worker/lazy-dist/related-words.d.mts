export * from "../lazy/related-words";
