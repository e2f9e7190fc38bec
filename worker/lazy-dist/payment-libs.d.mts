export * from "../lazy/payment-libs";
