export * from "../lazy/ingest-libs";
