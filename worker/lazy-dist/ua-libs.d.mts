export * from "../lazy/ua-libs";
