export * from "../lazy/flow-runtime";
