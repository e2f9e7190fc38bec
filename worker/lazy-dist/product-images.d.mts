export * from "../lazy/product-images";
