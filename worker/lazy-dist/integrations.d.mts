export * from "../lazy/integrations";
