export * from "../lazy/csv-libs";
