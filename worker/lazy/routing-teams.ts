/** Team management and a chatbot's team: loaded by the routes on first use (see worker/lazy.ts). */
export * from "../routing/teams";
export * from "../routing/chatbot-routing";
