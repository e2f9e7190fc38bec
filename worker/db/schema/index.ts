// One file per entity group; each exports its tables and $inferSelect/$inferInsert types.
export {};
