export * from "../lazy/notify";
