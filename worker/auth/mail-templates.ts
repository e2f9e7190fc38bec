import { sendEmail } from "../notify/email";

type MailEnv = Parameters<typeof sendEmail>[0] & Pick<Env, "APP_URL">;

const link = (env: Pick<Env, "APP_URL">, path: string, token: string) => `${env.APP_URL.replace(/\/$/, "")}${path}?token=${encodeURIComponent(token)}`;

export async function sendVerificationEmail(env: MailEnv, to: { email: string; name: string }, token: string, workspaceId?: string) {
  const url = link(env, "/verify-email", token);
  await sendEmail(env, {
    workspaceId,
    to: to.email,
    subject: "Confirm your email for MiniChat",
    text: `Hi ${to.name},\n\nConfirm your email address by opening this link (valid for 24 hours):\n${url}\n\nIf you did not create a MiniChat account, ignore this email.`,
  });
}

export async function sendPasswordResetEmail(env: MailEnv, to: { email: string; name: string }, token: string) {
  const url = link(env, "/reset-password", token);
  await sendEmail(env, {
    to: to.email,
    subject: "Reset your MiniChat password",
    text: `Hi ${to.name},\n\nSomeone asked to reset the password of your MiniChat account. Open this link within 1 hour to choose a new one:\n${url}\n\nIf it was not you, ignore this email; your password stays the same.`,
  });
}

export async function sendInvitationEmail(
  env: MailEnv,
  invite: { email: string; role: string; workspaceName: string; inviterName: string; workspaceId: string },
  token: string,
) {
  // the 7-day token rides in the fragment: browsers never send it to a server or in a Referer
  const url = `${env.APP_URL.replace(/\/$/, "")}/accept-invite#token=${encodeURIComponent(token)}`;
  await sendEmail(env, {
    workspaceId: invite.workspaceId,
    to: invite.email,
    subject: `${invite.inviterName} invited you to ${invite.workspaceName} on MiniChat`,
    text: `${invite.inviterName} invited you to join ${invite.workspaceName} on MiniChat as ${invite.role}.\n\nAccept the invitation (valid for 7 days):\n${url}`,
  });
}
