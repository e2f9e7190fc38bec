/** PromptPay plan payments (QR, slip reading, provider check, confirmation): loaded by their routes on first use (see worker/lazy.ts). */
export * from "../billing/promptpay-plans";
export { remindLapsingPrepaidPlans } from "../billing/prepaid-reminders";
