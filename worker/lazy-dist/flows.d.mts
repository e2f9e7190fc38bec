export * from "../lazy/flows";
