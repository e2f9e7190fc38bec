export * from "../lazy/analytics";
