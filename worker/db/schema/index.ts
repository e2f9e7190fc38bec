// One file per entity group; each exports its tables and $inferSelect types.
export * from "./identity";
export * from "./auth";
export * from "./team";
export * from "./audit";
export * from "./mail";
export * from "./knowledge-index";
export * from "./inbox";
export * from "./chatbots";
export * from "./knowledge-sources";
export * from "./conversations";
export * from "./commerce";
export * from "./slips";
export * from "./integrations";
export * from "./analytics";
export * from "./routing";
export * from "./flows";
export * from "./plan-payments";
