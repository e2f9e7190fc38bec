export * from "../lazy/slip-libs";
