/** TOTP for two-factor sign-in: only MFA setup and MFA sign-ins use it (see worker/lazy.ts). */
export { Secret, TOTP } from "otpauth";
