export * from "../lazy/leads";
