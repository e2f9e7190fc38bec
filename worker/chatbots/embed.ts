/** The snippet a site pastes before </body>; the loader takes the API origin from its own src. */
export function embedCode(env: Pick<Env, "APP_URL">, publicKey: string): string {
  const appUrl = env.APP_URL.replace(/\/+$/, "");
  return `<script async src="${appUrl}/widget/loader.js" data-chatbot-key="${publicKey}"></script>`;
}
