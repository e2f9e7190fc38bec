// The chatbots domain: configuration schemas, verbs, and the lookups the live
// chat uses (public key, allowed origins, business hours).
export * from "./service";
export * from "./schemas";
export { isOriginAllowed, isValidOriginPattern, normalizeOriginPattern } from "./origins";
export { isWithinBusinessHours } from "./business-hours";
export { embedCode } from "./embed";
export { DEFAULT_MODELS, defaultConfig } from "./defaults";
export { resolveWidgetChatbot, visitorConfig, type VisitorConfig } from "./widget-config";
