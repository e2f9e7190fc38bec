/**
 * The notification centre off the request path (see worker/lazy.ts): making
 * notifications from conversation activity and failed sends, the daily digest, preferences,
 * Web Push (VAPID keys, subscriptions, encrypted sends) and Slack.
 */
export { notify } from "../notifications/dispatch";
export { notificationsOfActivity } from "../notifications/activity";
export { notifyFailedSend } from "../notifications/failed";
export { sendDailyDigests } from "../notifications/digest";
export { getPreferences, putPreferences } from "../notifications/preferences";
export { vapidPublicKey } from "../notifications/push/vapid";
export { listPushSubscriptions, subscribePush, unsubscribePush } from "../notifications/push/subscriptions";
export { sendPush } from "../notifications/push/send";
export { deliverSlack, recordSlackError } from "../notifications/slack/post";
export { deleteSlack, getSlack, putSlack, testSlack } from "../notifications/slack/settings";
