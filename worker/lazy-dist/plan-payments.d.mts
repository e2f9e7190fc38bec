export * from "../lazy/plan-payments";
