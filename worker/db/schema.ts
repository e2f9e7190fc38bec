export * from "./schema/index";
