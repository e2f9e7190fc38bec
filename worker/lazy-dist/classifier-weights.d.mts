export * from "../lazy/classifier-weights";
