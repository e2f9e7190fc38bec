export * from "../lazy/routing-hub";
