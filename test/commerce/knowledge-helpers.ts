import { api } from "../helpers";
import { ORIGIN } from "../live/helpers";

export { cid, setupWorkspace, visitorChat } from "../live/helpers";

/** Another chatbot in the owner's workspace that allows the test origin and answers at once. */
export async function createBotFor(token: string) {
  const res = await api("/api/v1/chatbots", { token, body: { name: `Late bot ${Date.now()}`, allowed_origins: [ORIGIN], behavior_settings: { response_delay: 0 } } });
  if (res.status !== 201) throw new Error(`chatbot failed ${res.status} ${res.text}`);
  return res.json as { id: string; public_key: string };
}
