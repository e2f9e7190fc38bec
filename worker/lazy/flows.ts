/** Flow management behind the routes: drafts, publishing, versions, templates (see worker/lazy.ts). */
export * from "../flows/store";
export { FLOW_TEMPLATES } from "../flows/templates";
