// One file per entity group; each exports its tables and $inferSelect types.
export * from "./identity";
