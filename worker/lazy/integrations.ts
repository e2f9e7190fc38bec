/**
 * Channels and integrations off the request path: the OUTBOUND consumer (email
 * providers, webhook deliveries, channel sends) and the channel adapters'
 * inbound processing (see worker/lazy.ts).
 */
export { handleOutboundBatch } from "../outbound/consumer";
export { receiveInbound } from "../channels/inbound";
export { parseLineEvents, verifyLineSignature } from "../channels/line/webhook";
export { authenticEvents } from "../channels/webhook";
export { answerHandshake } from "../channels/meta/signature";
export { appSiblings } from "../channels/meta/app-routing";
export { createWebhook, deleteWebhook, getWebhook, listDeliveries, listWebhooks, redeliver, updateWebhook } from "../webhooks/store";
export { channelForWebhook, conversationDeliveries, createChannel, deleteChannel, getChannel, listChannels, verifyChannel } from "../channels/store";
export { receiveEmail } from "../notify/continuation";
export { conversationReplyWindow, listTemplates, sendTemplate, syncTemplates } from "../channels/whatsapp/templates";
