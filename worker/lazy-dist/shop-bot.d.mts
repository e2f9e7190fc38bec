export * from "../lazy/shop-bot";
