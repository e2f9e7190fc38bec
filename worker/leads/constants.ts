/** The leads pipeline's stages and where leads and contacts come from (migrations/0024_contacts_leads.sql). */
export const LEAD_STAGES = ["new", "contacted", "qualified", "won", "lost"] as const;
export type LeadStage = (typeof LEAD_STAGES)[number];
export const LEAD_SOURCES = ["chatbot", "page", "campaign", "checkout", "form", "manual", "import"] as const;
export type LeadSource = (typeof LEAD_SOURCES)[number];
export const CONTACT_SOURCES = ["checkout", "form", "identify", "manual", "import"] as const;
export type ContactSource = (typeof CONTACT_SOURCES)[number];

