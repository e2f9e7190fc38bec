export * from "../lazy/automation";
