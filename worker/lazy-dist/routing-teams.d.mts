export * from "../lazy/routing-teams";
