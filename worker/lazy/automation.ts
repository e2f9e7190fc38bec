/** Automation rules off the request path: the store, the test, the engine and its event sources (see worker/lazy.ts). */
export { createRule, deleteRule, getRule, listRules, reorderRules, testRule, updateRule } from "../automation/store";
export { rulesOfActivity, scanIdleConversations, scanOrderEvents } from "../automation/sources";
export { runRules } from "../automation/engine";
