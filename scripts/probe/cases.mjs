// The attack chains of the security review, replayed black-box against a
// running MiniChat. Each case throws with the reason when the hole is open.
import {
  Client,
  ORIGIN,
  PASSWORD,
  addFaq,
  createBot,
  expectStatus,
  freshIp,
  inviteMember,
  openSocket,
  registerOwner,
  startConversation,
  uniqueEmail,
  visitor,
} from "./client.mjs";

const DEV_ROUTES = [
  ["GET", "/api/v1/dev/mail"],
  ["DELETE", "/api/v1/dev/mail"],
  ["POST", "/api/v1/dev/seed"],
  ["POST", "/api/v1/dev/plan"],
];

/** A visitor conversation with one bot answer (the FAQ's), over the visitor's socket. */
async function conversationWithBotAnswer(baseUrl, bot) {
  const v = await visitor(baseUrl, bot);
  const conversationId = await startConversation(v);
  const { socket } = await openSocket(baseUrl, `/api/v1/widget/conversations/${conversationId}/ws`, { token: v.token });
  if (!socket) throw new Error("visitor socket refused");
  await socket.next("hello");
  socket.send({ type: "message:send", client_id: "probe-q1", text: "What are your opening hours?" });
  const answer = await socket.next((f) => f.type === "message:receive" && f.message?.role === "bot", 15_000);
  if (!answer) throw new Error("no bot answer arrived");
  return { v, conversationId, socket, botMessage: answer.message };
}

export const cases = [
  {
    name: "1 dev routes are not mounted in a production configuration",
    async run({ prodUrl }) {
      const c = new Client(prodUrl);
      for (const [method, path] of DEV_ROUTES) {
        const res = await c.call(method, path);
        if (res.status !== 404) throw new Error(`${method} ${path} answered ${res.status}`);
      }
      const health = await c.get("/api/v1/health");
      if (/development|production|"env"/i.test(health.text)) throw new Error(`health reveals the environment: ${health.text}`);
    },
  },
  {
    name: "1 forgot-password in production leaves no readable reset link anywhere reachable",
    async run({ prodUrl }) {
      const c = new Client(prodUrl);
      const email = uniqueEmail("victim");
      expectStatus(await c.post("/api/v1/auth/register", { email, password: PASSWORD, name: "Victim", workspace_name: "Victim Co" }), [200, 201], "register");
      expectStatus(await c.post("/api/v1/auth/forgot-password", { email }), [200, 202], "forgot-password");
      const mail = await c.get(`/api/v1/dev/mail?to=${encodeURIComponent(email)}`);
      if (mail.status !== 404) throw new Error(`dev mail answered ${mail.status}`);
    },
  },
  {
    name: "2 an agent cannot point the provider at another host or read the key",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      const agent = await inviteMember(baseUrl, owner, "agent");
      const put = await agent.client.put("/api/v1/ai/providers/openai_compatible", { api_key: "sk-probe", base_url: "https://attacker.example/v1" }, { token: agent.token });
      if (put.status !== 403) throw new Error(`agent stored a provider endpoint (${put.status})`);
      const patch = await agent.client.patch(`/api/v1/chatbots/${bot.id}`, { ai_settings: { provider: "openai_compatible", base_url: "http://127.0.0.1:9/v1" } }, { token: agent.token });
      if (patch.status < 400) {
        const got = await owner.client.get(`/api/v1/chatbots/${bot.id}`, { token: owner.token });
        if (JSON.stringify(got.json).includes("127.0.0.1:9")) throw new Error("agent changed the chatbot's provider base URL");
      }
    },
  },
  {
    name: "2 provider endpoints on loopback, private and metadata hosts are refused",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      for (const url of ["http://127.0.0.1:11434/v1", "http://169.254.169.254/latest", "http://10.0.0.5/v1", "http://[2002:7f00:1::]/v1"]) {
        const res = await owner.client.put("/api/v1/ai/providers/openai_compatible", { api_key: "sk-probe", base_url: url }, { token: owner.token });
        if (res.status < 400 || res.status >= 500) throw new Error(`${url} accepted (${res.status})`);
      }
    },
  },
  {
    name: "3 a deactivated member's open inbox socket is closed",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const agent = await inviteMember(baseUrl, owner, "agent");
      const { socket } = await openSocket(baseUrl, "/api/v1/realtime/ws", { token: agent.token });
      if (!socket) throw new Error("agent hub socket refused");
      await socket.next("hello");
      expectStatus(await owner.client.post(`/api/v1/members/${agent.userId}/deactivate`, {}, { token: owner.token }), 200, "deactivate");
      if (!(await socket.waitClosed(5000))) throw new Error("hub socket still open 5 s after deactivation");
      // and nothing of the live inbox reaches it any more
      const seen = socket.frames.length;
      const bot = await createBot(owner);
      const v = await visitor(baseUrl, bot);
      await startConversation(v);
      await new Promise((r) => setTimeout(r, 800));
      const leaked = socket.frames.slice(seen).filter((f) => f.type !== "error");
      if (leaked.length) throw new Error(`inbox frames still arrive after deactivation: ${leaked.map((f) => f.type).join(", ")}`);
    },
  },
  {
    name: "3 a member demoted to viewer can no longer act on an open conversation socket",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      const agent = await inviteMember(baseUrl, owner, "agent");
      const v = await visitor(baseUrl, bot);
      const conversationId = await startConversation(v);
      const { socket } = await openSocket(baseUrl, `/api/v1/conversations/${conversationId}/ws`, { token: agent.token });
      if (!socket) throw new Error("agent conversation socket refused");
      await socket.next("hello");
      expectStatus(await owner.client.patch(`/api/v1/members/${agent.userId}`, { role: "viewer" }, { token: owner.token }), 200, "demote");
      await new Promise((r) => setTimeout(r, 300));
      if (!socket.closed) socket.send({ type: "message:send", client_id: "probe-after-demotion", text: "still here" });
      const delivered = await socket.next((f) => f.type === "message:ack" && f.client_id === "probe-after-demotion", 2000);
      if (delivered) throw new Error("a viewer's socket still sent a message");
    },
  },
  {
    name: "4 a visitor cannot attach an arbitrary URL to a message",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      const v = await visitor(baseUrl, bot);
      const conversationId = await startConversation(v);
      const { socket } = await openSocket(baseUrl, `/api/v1/widget/conversations/${conversationId}/ws`, { token: v.token });
      await socket.next("hello");
      socket.send({
        type: "message:send",
        client_id: "probe-pixel",
        text: "look",
        attachments: [{ url: "https://tracker.probe.example/pixel.png", name: "p.png", content_type: "image/png", size: 10 }],
      });
      await socket.next((f) => (f.type === "message:ack" && f.client_id === "probe-pixel") || f.type === "error", 5000);
      await new Promise((r) => setTimeout(r, 500));
      const detail = await owner.client.get(`/api/v1/conversations/${conversationId}`, { token: owner.token });
      if (detail.text.includes("tracker.probe.example")) throw new Error("the inbox serves the visitor-supplied URL");
    },
  },
  {
    name: "5 feedback cannot touch another workspace's message",
    async run({ baseUrl }) {
      const ownerA = await registerOwner(baseUrl);
      const ownerB = await registerOwner(baseUrl);
      const botA = await createBot(ownerA);
      const botB = await createBot(ownerB);
      await addFaq(ownerB, botB.id, "What are your opening hours?", "We are open 9am to 6pm, Monday to Friday.");
      await addFaq(ownerA, botA.id, "What are your opening hours?", "We open at 10am every day.");
      const b = await conversationWithBotAnswer(baseUrl, botB);
      const a = await conversationWithBotAnswer(baseUrl, botA);
      const res = await a.v.client.post(
        "/api/v1/widget/feedback",
        { conversation_id: a.conversationId, message_id: b.botMessage.id, helpful: false, comment: "overwritten" },
        { token: a.v.token, headers: { origin: ORIGIN } },
      );
      a.socket.close();
      b.socket.close();
      if (res.status !== 404) throw new Error(`cross-workspace feedback answered ${res.status}`);
    },
  },
  {
    name: "5 a canned response cannot name another workspace's chatbot",
    async run({ baseUrl }) {
      const ownerA = await registerOwner(baseUrl);
      const ownerB = await registerOwner(baseUrl);
      const botB = await createBot(ownerB);
      const res = await ownerA.client.post("/api/v1/canned-responses", { shortcut: "probe", title: "Probe", text: "hi", chatbot_id: botB.id }, { token: ownerA.token });
      if (res.status !== 404) throw new Error(`answered ${res.status}`);
    },
  },
  {
    name: "6 registration from one address is rate limited",
    async run({ baseUrl }) {
      const c = new Client(baseUrl);
      let limited = false;
      for (let i = 0; i < 25 && !limited; i++) {
        const res = await c.post("/api/v1/auth/register", { email: uniqueEmail("flood"), password: PASSWORD, name: "Flood", workspace_name: "Flood" });
        if (res.status === 429) limited = true;
      }
      if (!limited) throw new Error("25 registrations from one address all went through");
    },
  },
  {
    name: "6 login and forgot-password do not reveal whether an account exists",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const strip = (r) => JSON.stringify({ status: r.status, error: { ...(r.json?.error ?? r.json ?? {}), request_id: undefined } });
      const known = await new Client(baseUrl).post("/api/v1/auth/login", { email: owner.email, password: "Wrong-Password-123!" });
      const unknown = await new Client(baseUrl).post("/api/v1/auth/login", { email: uniqueEmail("nobody"), password: "Wrong-Password-123!" });
      if (strip(known) !== strip(unknown)) throw new Error(`login differs: ${strip(known)} vs ${strip(unknown)}`);
      const fk = await new Client(baseUrl).post("/api/v1/auth/forgot-password", { email: owner.email });
      const fu = await new Client(baseUrl).post("/api/v1/auth/forgot-password", { email: uniqueEmail("nobody") });
      if (strip(fk) !== strip(fu)) throw new Error(`forgot-password differs: ${strip(fk)} vs ${strip(fu)}`);
      const ratio = Math.max(known.ms, unknown.ms) / Math.max(1, Math.min(known.ms, unknown.ms));
      if (ratio > 5) throw new Error(`login timing differs ${known.ms.toFixed(0)} ms vs ${unknown.ms.toFixed(0)} ms`);
    },
  },
  {
    name: "6 a common password is refused",
    async run({ baseUrl }) {
      const res = await new Client(baseUrl).post("/api/v1/auth/register", { email: uniqueEmail("weak"), password: "Password1!", name: "Weak", workspace_name: "Weak" });
      if (res.status !== 400) throw new Error(`Password1! answered ${res.status}`);
    },
  },
  {
    name: "6 failed logins by someone else do not lock the owner out",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const attacker = new Client(baseUrl);
      for (let i = 0; i < 8; i++) await attacker.post("/api/v1/auth/login", { email: owner.email, password: `Wrong-${i}-Password!` });
      const res = await new Client(baseUrl).post("/api/v1/auth/login", { email: owner.email, password: PASSWORD });
      if (res.status !== 200) throw new Error(`the owner's own login answered ${res.status}`);
    },
  },
  {
    name: "7 a banned visitor can neither upload, give feedback nor come back as someone new",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      await addFaq(owner, bot.id, "What are your opening hours?", "We are open 9am to 6pm.");
      const chat = await conversationWithBotAnswer(baseUrl, bot);
      const ban = await owner.client.post(`/api/v1/visitors/${chat.v.visitorId}/ban`, { reason: "abuse", ban_ip: true }, { token: owner.token });
      expectStatus(ban, 200, "ban");
      const form = new FormData();
      form.append("file", new Blob([Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 0, 0, 0, 0])], { type: "image/png" }), "x.png");
      const upload = await chat.v.client.post(`/api/v1/widget/conversations/${chat.conversationId}/attachments`, form, { token: chat.v.token, headers: { origin: ORIGIN } });
      if (upload.status < 400) throw new Error(`upload after the ban answered ${upload.status}`);
      const feedback = await chat.v.client.post(
        "/api/v1/widget/feedback",
        { conversation_id: chat.conversationId, message_id: chat.botMessage.id, helpful: false },
        { token: chat.v.token, headers: { origin: ORIGIN } },
      );
      if (feedback.status < 400) throw new Error(`feedback after the ban answered ${feedback.status}`);
      const again = await visitor(baseUrl, bot, { ip: chat.v.client.ip });
      if (again.session.status === 200) throw new Error("a new session from the banned address was accepted");
      chat.socket.close();
    },
  },
  {
    name: "8 unauthenticated socket upgrades create no Durable Object",
    async run({ baseUrl }) {
      const conv = await openSocket(baseUrl, `/api/v1/widget/conversations/conv_probe${Date.now()}/ws?ticket=x`);
      if (conv.socket) throw new Error("a conversation socket opened without a valid ticket");
      if (![401, 403, 404].includes(conv.status)) throw new Error(`conversation upgrade answered ${conv.status}`);
      const hub = await openSocket(baseUrl, `/api/v1/realtime/ws?ticket=x&workspace_id=ws_probe${Date.now()}`);
      if (hub.socket) throw new Error("a hub socket opened without a valid ticket");
      if (![401, 403, 404].includes(hub.status)) throw new Error(`hub upgrade answered ${hub.status}`);
    },
  },
  {
    name: "9 an API key cannot do more than its scopes and dies with its creator's membership",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      const admin = await inviteMember(baseUrl, owner, "admin");
      const agent = await inviteMember(baseUrl, owner, "agent");
      const v = await visitor(baseUrl, bot);
      const conversationId = await startConversation(v);
      const note = expectStatus(await agent.client.post(`/api/v1/conversations/${conversationId}/notes`, { content: "agent's own note" }, { token: agent.token }), 201, "note");
      const key = expectStatus(await admin.client.post("/api/v1/api-keys", { name: "probe", scopes: ["conversations:read", "conversations:respond"] }, { token: admin.token }), 201, "api key");
      const secret = key.json.key ?? key.json.secret ?? key.json.api_key;
      const keyClient = new Client(baseUrl);
      const edit = await keyClient.del(`/api/v1/conversations/${conversationId}/notes/${note.json.id}`, { token: secret });
      if (edit.status < 400) throw new Error(`the key deleted another member's note (${edit.status})`);
      expectStatus(await owner.client.del(`/api/v1/members/${admin.userId}`, { token: owner.token }), [200, 204], "remove admin");
      const after = await keyClient.get("/api/v1/conversations", { token: secret });
      if (after.status < 400) throw new Error(`the key still works after its creator left (${after.status})`);
    },
  },
  {
    name: "10 wildcard allowed origins on public suffixes are refused",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      for (const origin of ["https://*.github.io", "https://*.co.uk"]) {
        const res = await owner.client.post("/api/v1/chatbots", { name: "Suffix", allowed_origins: [origin] }, { token: owner.token });
        if (res.status !== 400) throw new Error(`${origin} answered ${res.status}`);
      }
    },
  },
  {
    name: "10 the invitation token does not travel in a GET query",
    async run({ baseUrl }) {
      const res = await new Client(baseUrl).get("/api/v1/invitations/lookup?token=probe-token-0123456789");
      if (res.status === 200 || res.status === 400) throw new Error(`GET lookup with a token still answers ${res.status}`);
    },
  },
  {
    name: "10 visitors do not receive the bot's internal metadata",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      await addFaq(owner, bot.id, "What are your opening hours?", "We are open 9am to 6pm.");
      const chat = await conversationWithBotAnswer(baseUrl, bot);
      chat.socket.close();
      const m = chat.botMessage;
      if (m.ai && (m.ai.model !== undefined || m.ai.confidence !== undefined || m.ai.tokens !== undefined)) throw new Error(`visitor frame carries ai metadata: ${JSON.stringify(m.ai)}`);
    },
  },
  {
    name: "11 three tabs refreshing at once stay signed in",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const tabs = [new Client(baseUrl, owner.client.ip), new Client(baseUrl, owner.client.ip), new Client(baseUrl, owner.client.ip)];
      const results = await Promise.all(tabs.map((t) => t.post("/api/v1/auth/refresh", { refresh_token: owner.refreshToken })));
      const statuses = results.map((r) => r.status);
      if (statuses.some((s) => s !== 200)) throw new Error(`concurrent refreshes answered ${statuses.join(", ")}`);
      const me = await tabs[2].get("/api/v1/auth/me", { token: results[2].json.access_token });
      if (me.status !== 200) throw new Error(`after the refreshes /me answered ${me.status}`);
    },
  },
  {
    name: "11 six successful sign-ins from one office address are not locked out",
    async run({ baseUrl }) {
      const office = freshIp();
      const owners = [];
      for (let i = 0; i < 6; i++) owners.push(await registerOwner(baseUrl));
      for (const o of owners) {
        const res = await new Client(baseUrl, office).post("/api/v1/auth/login", { email: o.email, password: PASSWORD });
        if (res.status !== 200) throw new Error(`sign-in ${owners.indexOf(o) + 1} answered ${res.status}`);
      }
    },
  },
  {
    name: "12 transcript export and visitor bans are in the audit log",
    async run({ baseUrl }) {
      const owner = await registerOwner(baseUrl);
      const bot = await createBot(owner);
      const v = await visitor(baseUrl, bot);
      const conversationId = await startConversation(v);
      expectStatus(await owner.client.get(`/api/v1/conversations/${conversationId}/export?format=json`, { token: owner.token }), 200, "export");
      expectStatus(await owner.client.post(`/api/v1/visitors/${v.visitorId}/ban`, { reason: "probe" }, { token: owner.token }), 200, "ban");
      expectStatus(await owner.client.post(`/api/v1/visitors/${v.visitorId}/unban`, {}, { token: owner.token }), 200, "unban");
      const log = await owner.client.get("/api/v1/audit-logs?limit=50", { token: owner.token });
      const actions = (log.json?.data ?? []).map((e) => e.action).join(" ");
      for (const want of [/export/, /ban/, /unban/]) if (!want.test(actions)) throw new Error(`no ${want} entry in the audit log (have: ${actions})`);
    },
  },
];
