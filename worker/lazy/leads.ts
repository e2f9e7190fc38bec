/**
 * Contacts and leads: identity merging, the pipeline, stage history, CSV
 * export, and the hooks checkout and order changes call. Loaded by the
 * /contacts and /leads routes and after a checkout (see worker/lazy.ts).
 */
export { getContact, listContacts, mergeContact, unmergeContact, upsertContact } from "../leads/contacts";
export { createLead, getLead, leadFollowsOrder, leadFromCheckout, leadFromForm, listLeads, updateLead } from "../leads/leads";
export { exportLeadsCsv } from "../leads/export";
