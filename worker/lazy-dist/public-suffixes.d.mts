export * from "../lazy/public-suffixes";
