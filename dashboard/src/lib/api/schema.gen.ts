// openapi-sha256: 49dedbefa554f93c377f11b9d630180a781ce37392df695929781ed74b85d236
// Generated from /api/v1/openapi.json by `npm run api:types`. Do not edit by hand:
// change the routes' zod schemas and run the script again.
export interface paths {
    "/api/v1/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Health: D1, R2, a Durable Object round trip and the queues */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded";
                            db: boolean;
                            checks: {
                                d1: boolean;
                                r2: boolean;
                                durable_objects: boolean;
                                queues: boolean;
                            };
                        };
                    };
                };
                /** @description A dependency failed */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {string} */
                            status: "ok" | "degraded";
                            db: boolean;
                            checks: {
                                d1: boolean;
                                r2: boolean;
                                durable_objects: boolean;
                                queues: boolean;
                            };
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/register": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Create an account and its workspace
         * @description Creates the user, a workspace (unique slug) with the user as owner, and mails an email-verification link. Unverified users can sign in; `/auth/me` reports `email_verified`. Sets the refresh-token cookie. 10 sign-ups per hour per IP (429 RATE_LIMITED). Common passwords are refused (400 WEAK_PASSWORD, `failed_rules: ["common"]`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RegisterRequest"];
                };
            };
            responses: {
                /** @description Signed in as the new owner */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Rate limited; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in with email and password
         * @description Failed attempts are limited: 5 per 15 minutes for one email from one IP, 30 per 15 minutes from one IP (429 RATE_LIMITED with Retry-After); successful sign-ins do not count. An unknown email answers exactly like a wrong password (401 INVALID_CREDENTIALS). With two-factor on, a missing `mfa_code` answers 401 MFA_REQUIRED. `workspace_id` picks the workspace for users in several (default: the oldest membership).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["LoginRequest"];
                };
            };
            responses: {
                /** @description Signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Rate limited; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/refresh": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Exchange a refresh token for a new token pair
         * @description Takes `refresh_token` from the body or the httpOnly cookie. Every use rotates the token; presenting an already-rotated token ends the whole session (401 REFRESH_TOKEN_REUSED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        refresh_token?: string;
                    };
                };
            };
            responses: {
                /** @description A fresh token pair */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign out (ends the session family)
         * @description Ends the session of the refresh token (body or cookie) or, failing that, of the bearer access token. Always answers 200.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        refresh_token?: string;
                    };
                };
            };
            responses: {
                /** @description Signed out */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in user and their workspaces */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Current user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Change the signed-in user's profile
         * @description `name` and the dashboard language `locale` (`en`, `th`, or null to follow the browser). Answers the same body as `GET /auth/me`.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ProfileUpdate"];
                };
            };
            responses: {
                /** @description Current user */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Me"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/auth/switch-workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Sign in to another workspace the user belongs to
         * @description Answers a new token pair for `workspace_id` (404 if the caller is not an active member there) and sets the refresh cookie.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        workspace_id: string;
                    };
                };
            };
            responses: {
                /** @description Signed in to the workspace */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/verify-email": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm an email address with the mailed token */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description Confirmed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                            /** @enum {boolean} */
                            email_verified: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/resend-verification": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mail a new email-verification link */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Rate limited; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/forgot-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mail a password-reset link
         * @description Answers 200 with the same body and about the same time whether or not the email has an account. At most 3 mails per email per 15 minutes (further asks are dropped silently) and 10 asks per IP per hour (429 RATE_LIMITED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * Format: email
                         * @example sarah@example.com
                         */
                        email: string;
                    };
                };
            };
            responses: {
                /** @description If the account exists, a link was mailed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Rate limited; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/reset-password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Set a new password with the mailed token
         * @description The token is single-use and valid for 1 hour. Every session of the user ends.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        /** @example Sup3r$ecret! */
                        password: string;
                    };
                };
            };
            responses: {
                /** @description Password changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which sign-in methods this server offers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Available methods */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            google: boolean;
                            mfa: boolean;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/setup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start two-factor setup
         * @description Returns a new TOTP secret and its otpauth:// URI once; the secret is stored encrypted and is not active until /mfa/enable.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Scan this */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            secret: string;
                            otpauth_uri: string;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/enable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor on with a current code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example 123456 */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Enabled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            mfa_enabled: boolean;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/mfa/disable": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Turn two-factor off with a current code */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example 123456 */
                        code: string;
                    };
                };
            };
            responses: {
                /** @description Disabled */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            mfa_enabled: boolean;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/google": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Start Google sign-in (browser navigation)
         * @description Redirects to Google with state and PKCE cookies; shown on the login page when `GET /auth/providers` says `google: true`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Redirect to Google's consent screen */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not configured on this server */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/auth/google/callback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Google sign-in callback (browser navigation)
         * @description Google redirects here; the browser is sent on to `/login?oauth=google` signed in (refresh cookie set) or `/login?oauth_error=<CODE>`.
         */
        get: {
            parameters: {
                query?: {
                    state?: string;
                    code?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Redirect to the dashboard's login page */
                302: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not configured on this server */
                501: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/workspace": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller's workspace */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Workspace */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete the workspace
         * @description Owners only (workspace:delete), confirming with the workspace's exact name. Sign-ins, API keys and widgets stop at once; after 30 days the daily job purges everything the workspace owns.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description The workspace's name */
                        confirm: string;
                    };
                };
            };
            responses: {
                /** @description Deleted; purge scheduled */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["DeletedWorkspace"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Rename the workspace, change its data retention or its time zone
         * @description Owners and admins (settings:manage). `data_retention` may be partial; null days keep data forever.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        name?: string;
                        data_retention?: {
                            /** @description Delete conversations (everywhere) this many days after their last message; null keeps them */
                            conversations_days?: number | null;
                            /** @description Delete uploaded attachments this many days after upload; null keeps them */
                            attachments_days?: number | null;
                            /** @description Archive resolved conversations this many days after resolution (default 90) */
                            archive_resolved_after_days?: number;
                        };
                        timezone?: string;
                    };
                };
            };
            responses: {
                /** @description Updated workspace */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Workspace"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/members": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List the workspace's members */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Members, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Member"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/leave": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Leave the workspace
         * @description The caller's membership ends and their sessions here are revoked. 409 LAST_OWNER if this would leave the workspace without an active owner.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Left */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            ok: true;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Remove a member from the workspace
         * @description The account stays; the membership and its sessions end. 409 LAST_OWNER if this would leave the workspace without an active owner.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a member's role
         * @description Admins cannot change owners; nobody can grant a role above their own (403). 409 LAST_OWNER if this would leave the workspace without an active owner.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /**
                         * @example agent
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "agent" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Updated member */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/members/{user_id}/deactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Deactivate a member
         * @description Every session the member has in this workspace ends at once. 409 LAST_OWNER if this would leave the workspace without an active owner.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deactivated member */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/members/{user_id}/reactivate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reactivate a member */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Active member */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Member"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List pending invitations */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Pending, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Invitation"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Invite someone by email
         * @description Mails a link to `${APP_URL}/accept-invite#token=…` (valid 7 days, single use). A pending invitation to the same email is replaced. 409 ALREADY_MEMBER if they are a member already. Limited to 30 invitations per hour per IP, 100 per day per workspace and 5 per day per invited email (429 RATE_LIMITED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** Format: email */
                        email: string;
                        /**
                         * @example agent
                         * @enum {string}
                         */
                        role: "owner" | "admin" | "agent" | "viewer";
                    };
                };
            };
            responses: {
                /** @description Invitation sent */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Invitation"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Rate limited; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/lookup": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * What an invitation link is for (public)
         * @description The token travels in the body (never in a URL, where it would reach logs and Referer headers).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                    };
                };
            };
            responses: {
                /** @description The invitation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            workspace_name: string;
                            email: string;
                            /**
                             * @example agent
                             * @enum {string}
                             */
                            role: "owner" | "admin" | "agent" | "viewer";
                            account_exists: boolean;
                            expires_at: string;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/accept": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Accept an invitation (public) and sign in to the workspace
         * @description A new email needs `name` and `password` (policy applies). An existing account proves itself with its `password` (and `mfa_code` if two-factor is on). Answers the login token structure and sets the refresh cookie.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        token: string;
                        name?: string;
                        password?: string;
                        mfa_code?: string;
                    };
                };
            };
            responses: {
                /** @description Joined and signed in */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["TokenResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/invitations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a pending invitation */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List API keys (never the key itself) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Keys, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ApiKey"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an API key
         * @description Scopes are permission names the creator's own role has (403 SCOPE_NOT_ALLOWED otherwise). The `key` (`mc_live_…`) is shown only in this response; it is stored as SHA-256.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateApiKey"];
                };
            };
            responses: {
                /** @description The key, shown once */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NewApiKey"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/api-keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke an API key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Revoked */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/audit-logs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The workspace's audit log
         * @description Newest first. Needs audit:read (owners and admins). Pass `next_cursor` back as `cursor` for the next page.
         */
        get: {
            parameters: {
                query?: {
                    action?: string;
                    actor_user_id?: string;
                    resource_type?: string;
                    resource_id?: string;
                    /** @description Inclusive lower bound (ISO-8601) */
                    from?: string;
                    /** @description Inclusive upper bound (ISO-8601) */
                    to?: string;
                    limit?: number;
                    cursor?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AuditLog"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List teams */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The workspace's teams */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Team"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a team */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TeamInput"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/queue": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Live queues and members' load */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Live queues and load */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RoutingOverview"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/teams/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a team */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The team */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a team */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a team */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example Sales */
                        name?: string;
                        /** @description Workspace members in the team */
                        member_ids?: string[];
                        /**
                         * @description balanced: fewest open conversations, ties to the longest since their last assignment
                         * @enum {string}
                         */
                        assignment?: "balanced" | "round_robin" | "manual";
                        /**
                         * @description Default maximum concurrent conversations per member
                         * @example 5
                         */
                        capacity?: number;
                        /** @description Unanswered this long: back to the queue */
                        reply_limit_seconds?: number | null;
                        /** @description Offline this long: conversations back to the queue (60) */
                        offline_grace_seconds?: number;
                        /** @description Per-member capacity overrides */
                        members?: {
                            user_id: string;
                            capacity: number | null;
                        }[];
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/teams/{id}/members/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Add a member or set their capacity */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TeamMemberInput"];
                };
            };
            responses: {
                /** @description The team */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Remove a member from a team */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The team */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Team"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List chatbots */
        get: {
            parameters: {
                query?: {
                    /** @description Default: every status except archived */
                    status?: "active" | "inactive" | "archived" | "all";
                    /** @description Search in name and description */
                    q?: string;
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of chatbots, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatbotList"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a chatbot
         * @description Needs chatbots:manage. Only `name` is required; duplicate names in the workspace answer 409 DUPLICATE_NAME.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateChatbot"];
                };
            };
            responses: {
                /** @description The new chatbot */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a chatbot */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The chatbot */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"] & {
                            routing_settings: components["schemas"]["RoutingSettings"];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a chatbot
         * @description Needs chatbots:manage. The chatbot disappears from the workspace and its widget stops loading.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update a chatbot's configuration
         * @description Needs chatbots:edit. Nested settings merge; arrays replace. Every update bumps `version` and keeps the previous configuration in the version history. Setting status archived (or un-archiving) needs chatbots:manage.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateChatbot"] & {
                        routing_settings?: components["schemas"]["RoutingSettings"];
                    };
                };
            };
            responses: {
                /** @description The updated chatbot */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"] & {
                            routing_settings: components["schemas"]["RoutingSettings"];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/chatbots/{id}/clone": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Clone a chatbot
         * @description Needs chatbots:manage. The copy gets a new id, a new public key and version 1.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["CloneChatbot"];
                };
            };
            responses: {
                /** @description The copy */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Archive a chatbot (soft delete) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The archived chatbot */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore an archived chatbot */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The restored (active) chatbot */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}/rotate-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Rotate the widget's public key
         * @description Needs chatbots:manage. Pages still embedding the old key stop loading the widget; update the snippet.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The chatbot with its new public_key and embed_code */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Configuration version history
         * @description The current configuration first, then every earlier version, newest first.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Versions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatbotVersionList"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Restore an earlier configuration
         * @description Needs chatbots:edit. The old configuration becomes current as a new version; history is kept.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The chatbot with the restored configuration */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Chatbot"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/ai/providers/{provider}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a provider key is configured */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: "openai_compatible" | "anthropic";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Configuration without the key */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProviderStatus"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Store a provider API key and its endpoint (encrypted together) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: "openai_compatible" | "anthropic";
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AiProviderSecretRequest"];
                };
            };
            responses: {
                /** @description Stored; the key is never returned */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AiProviderStatus"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Remove a provider key */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    provider: "openai_compatible" | "anthropic";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List flows */
        get: {
            parameters: {
                query?: {
                    chatbot_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The workspace's flows */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Flow"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a flow (from a graph or a template) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["FlowCreate"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flow"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Flow templates */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Templates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["FlowTemplate"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a flow */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The flow */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flow"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a flow */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a flow's draft */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["FlowPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flow"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/flows/{id}/publish": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Publish the draft as the next version
         * @description 400 `INVALID_FLOW` lists dangling edges, unreachable nodes or a missing start. New conversations start this version; running ones finish on theirs.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The new version */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FlowVersion"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/{id}/versions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Published versions */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["FlowVersion"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/flows/{id}/versions/{version}/restore": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Restore a version as the draft */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    version: number;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The flow with the restored draft */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Flow"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation/rules": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List rules in the order they run */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rules */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AutomationRule"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a rule (runs after the existing ones) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AutomationRuleInput"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationRule"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation/rules/reorder": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the order rules run in */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AutomationRuleOrder"];
                };
            };
            responses: {
                /** @description The rules in their new order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AutomationRule"][];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/automation/rules/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a rule */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The rule */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationRule"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a rule */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a rule */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @example VIP */
                        name?: string;
                        enabled?: boolean;
                        trigger?: components["schemas"]["RuleTrigger"];
                        /**
                         * @description all (default): every condition; any: at least one
                         * @enum {string}
                         */
                        match?: "all" | "any";
                        conditions?: components["schemas"]["RuleCondition"][];
                        actions?: components["schemas"]["RuleAction"][];
                        /** @description When this rule matches, later rules are not looked at for the same event */
                        stop_processing?: boolean;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationRule"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/automation/rules/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test a rule against a conversation (nothing is changed)
         * @description Which conditions hold for the conversation as it is now, and which actions would run. Runs nothing, records nothing.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AutomationRuleTestInput"];
                };
            };
            responses: {
                /** @description The evaluation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AutomationRuleTest"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/faqs/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import FAQs from CSV
         * @description Multipart (`file`, `chatbot_id`, `overwrite_existing`) or JSON `{chatbot_id, csv, overwrite_existing}`. Columns: question, answer, category, tags (comma separated), priority (high|medium|low). Rows are numbered like a spreadsheet (header = row 1). Existing questions are skipped unless `overwrite_existing`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What happened to each row */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["FaqImportReport"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/faqs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List FAQs */
        get: {
            parameters: {
                query?: {
                    chatbot_id?: string;
                    category?: string;
                    status?: "active" | "inactive" | "draft";
                    q?: string;
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of FAQs, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Faq"][];
                            pagination: {
                                page: number;
                                limit: number;
                                total: number;
                                total_pages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an FAQ
         * @description Active FAQs are indexed for the bot at once. A question that already exists for the chatbot (ignoring case and punctuation) answers 409 DUPLICATE_FAQ.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateFaq"];
                };
            };
            responses: {
                /** @description The new FAQ */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Faq"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/faqs/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an FAQ */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The FAQ */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Faq"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete an FAQ */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted, and removed from the bot's knowledge */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Update an FAQ
         * @description Setting status inactive or draft removes it from the bot's knowledge; active puts it back.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateFaq"];
                };
            };
            responses: {
                /** @description The updated FAQ */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Faq"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/knowledge-base/documents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List documents */
        get: {
            parameters: {
                query?: {
                    chatbot_id?: string;
                    status?: "pending" | "processing" | "completed" | "failed";
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of documents, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["KnowledgeDocument"][];
                            pagination: {
                                page: number;
                                limit: number;
                                total: number;
                                total_pages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Upload a document
         * @description Multipart form: `file` (PDF, DOCX, TXT, MD, CSV, HTML), `chatbot_id`, optional `metadata` (JSON object, e.g. a title). Answers 202 with the document `pending`; processing progress arrives as `knowledge:status` frames on the workspace socket and on `GET /{id}`. Uploading a file name the chatbot already has replaces that document (`replaced: true`).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Stored and queued for processing */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeDocument"] & {
                            replaced: boolean;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `TOO_LARGE`: PDF over 50 MB, DOCX over 25 MB, TXT/MD/CSV/HTML over 10 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description `UNSUPPORTED_TYPE`: not PDF, DOCX, TXT, MD, CSV or HTML (checked by extension and content) */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/documents/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a document's processing status */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The document with status, progress and error */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeDocument"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a document
         * @description Removes the stored file, the document and all of its chunks and vectors.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/documents/{id}/reprocess": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Process a document again */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued for processing */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeDocument"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/urls": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List URL sources */
        get: {
            parameters: {
                query?: {
                    chatbot_id?: string;
                    page?: number;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of URL sources */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["UrlSource"][];
                            pagination: {
                                page: number;
                                limit: number;
                                total: number;
                                total_pages: number;
                            };
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Add a URL to crawl
         * @description Crawls breadth-first from `url`: up to `max_pages` (≤ 500, default 50) pages and `max_depth` (≤ 5, default 2) links deep, same site by default, honouring robots.txt, filtered by `include_patterns`/`exclude_patterns` (globs like `/docs/*`, or `/regex/`). Internal and reserved addresses are refused (`BLOCKED_HOST`), as are non-http(s) URLs (`UNSUPPORTED_SCHEME`). `schedule` daily or weekly re-crawls it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateUrlSource"];
                };
            };
            responses: {
                /** @description Crawl started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UrlSource"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/urls/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a URL source with its crawl progress and pages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The source and its pages */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UrlSource"] & {
                            pages: components["schemas"]["CrawlPage"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /**
         * Delete a URL source
         * @description Removes the source, its pages and all their chunks.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /**
         * Change a URL source's crawl settings or schedule
         * @description Takes effect on the next crawl.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateUrlSource"];
                };
            };
            responses: {
                /** @description The updated source */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UrlSource"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/knowledge-base/urls/{id}/recrawl": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Crawl a URL source again
         * @description Pages not reached again are removed with their chunks when the new crawl finishes.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Crawl started */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["UrlSource"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Test the knowledge base with a question
         * @description Ranked passages with their BM25, vector and fused scores, the suggested answer, confidence, action, intent and sentiment. The question is not logged.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["KnowledgeTestRequest"];
                };
            };
            responses: {
                /** @description Retrieval and answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeTestResult"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/gaps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Knowledge gaps report */
        get: {
            parameters: {
                query: {
                    chatbot_id: string;
                    period?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Gaps grouped by topic */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["KnowledgeGapsReport"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a bot answer helpful or not (agent) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AnswerFeedbackRequest"];
                };
            };
            responses: {
                /** @description The recorded vote */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnswerFeedback"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/knowledge-base/improve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Save a better answer as an FAQ
         * @description The same question is then answered from this FAQ. An FAQ with the same question is updated.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ImproveAnswerRequest"];
                };
            };
            responses: {
                /** @description The updated FAQ */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description The FAQ */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export the catalog as CSV
         * @description One variant per row, the columns the import reads.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description products.csv (Content-Disposition: attachment) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/import": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Import products from CSV
         * @description Multipart `file` or JSON `{csv}`. One variant per row; columns product_name, description, category, tags, status, sku, variant_name, options (size=M;color=blue), price, compare_at_price (major units, e.g. 590.00), stock, low_stock_threshold, weight_grams. An existing SKU is updated. Rows are numbered like a spreadsheet (header = row 1).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What happened to each row */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductImportReport"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List products
         * @description Newest first. `q` searches name, description, tags, SKU and variant names; `stock` is in_stock, low or out_of_stock; pass `next_cursor` back as `cursor` for the next page.
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    category?: string;
                    status?: "active" | "draft" | "archived";
                    stock?: "in_stock" | "low" | "out_of_stock";
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of products */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductPage"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a product with its variants
         * @description Prices are integer minor units of the workspace currency. A SKU already used in the workspace answers 409 DUPLICATE_SKU.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateProduct"];
                };
            };
            responses: {
                /** @description The new product, with its variant ids */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a product */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The product */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a product */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted with its variants (orders keep their own copy) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a product */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateProduct"];
                };
            };
            responses: {
                /** @description The updated product */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products/{id}/recommendations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Similar products and products often bought together
         * @description `similar`: active products of the same category or with shared tags (score = overlap), in stock first. `bought_together`: products in the same paid orders (score = orders shared).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Up to 5 of each */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductRecommendations"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/variants": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Add a variant */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ProductVariantInput"];
                };
            };
            responses: {
                /** @description The product with the new variant */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/variants/{variant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Delete a variant
         * @description The last variant of a product cannot be deleted (409 LAST_VARIANT).
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variant_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The product without the variant */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a variant (price, stock, …) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variant_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ProductVariantPatch"];
                };
            };
            responses: {
                /** @description The product */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Product"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/products/{id}/chatbots": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Which chatbots sell a product */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description `all_chatbots` when none is listed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductChatbots"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Assign a product to chatbots
         * @description Only the listed chatbots offer it; an empty list: all of them.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SetProductChatbots"];
                };
            };
            responses: {
                /** @description The assignment */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductChatbots"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/images": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a product image
         * @description Multipart `file`: PNG, JPEG or WebP, ≤ 5 MB, 10 per product. Stored in R2 with a ≤ 480 px JPEG thumbnail; the URL joins `images`; cards show the first one's thumbnail.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": components["schemas"]["ProductImageUpload"];
                };
            };
            responses: {
                /** @description The stored image */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ProductImage"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Over 5 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not PNG, JPEG or WebP */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/products/{id}/images/{image_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete an uploaded product image */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    image_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed from the product and storage */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/product-images/{workspace_id}/{file}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A product image or its thumbnail (public) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspace_id: string;
                    file: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The image */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/jpeg": string;
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/payment-settings": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get payment settings */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The workspace's store and payment settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentSettings"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /**
         * Save payment settings
         * @description Fields left out keep their value; `promptpay: null` or `stripe: null` remove them. A PromptPay phone is a Thai mobile number (0812345678), a national/tax ID 13 digits, an e-wallet ID 15 digits. Stripe keys are stored encrypted and never returned.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PutPaymentSettings"];
                };
            };
            responses: {
                /** @description The workspace's store and payment settings */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PaymentSettings"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export orders as CSV
         * @description The list's filters apply (without cursor and limit).
         */
        get: {
            parameters: {
                query?: {
                    status?: "pending_payment" | "awaiting_confirmation" | "paid" | "fulfilled" | "shipped" | "delivered" | "cancelled" | "expired" | "refunded";
                    payment_method?: "promptpay" | "bank_transfer" | "cod" | "stripe";
                    from?: string;
                    to?: string;
                    q?: string;
                    conversation_id?: string;
                    visitor_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description orders.csv (Content-Disposition: attachment) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List orders
         * @description Newest first; filters by status, payment method, date range (ISO), conversation or visitor; `q` matches the number (#1001), customer name, phone or email.
         */
        get: {
            parameters: {
                query?: {
                    status?: "pending_payment" | "awaiting_confirmation" | "paid" | "fulfilled" | "shipped" | "delivered" | "cancelled" | "expired" | "refunded";
                    payment_method?: "promptpay" | "bank_transfer" | "cod" | "stripe";
                    from?: string;
                    to?: string;
                    q?: string;
                    conversation_id?: string;
                    visitor_id?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of orders */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Order"][];
                            next_cursor: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get an order with its items and timeline */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/confirm-payment": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a payment
         * @description pending_payment or awaiting_confirmation → paid (PromptPay slip, bank transfer, cash on delivery).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["OrderActionNote"];
                };
            };
            responses: {
                /** @description The order after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/fulfil": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark fulfilled (packed)
         * @description paid → fulfilled.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["OrderActionNote"];
                };
            };
            responses: {
                /** @description The order after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/ship": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark shipped with tracking
         * @description paid or fulfilled → shipped; the conversation gets the tracking number and link.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ShipOrder"];
                };
            };
            responses: {
                /** @description The shipped order */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/deliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark delivered
         * @description shipped → delivered.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["OrderActionNote"];
                };
            };
            responses: {
                /** @description The order after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel an order
         * @description Before shipping; the held stock goes back to the catalog.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["OrderActionNote"];
                };
            };
            responses: {
                /** @description The order after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/refund": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Mark refunded
         * @description A paid order (any later stage) → refunded. Stock is not returned (the goods may be out).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["OrderActionNote"];
                };
            };
            responses: {
                /** @description The order after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Order"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/slips": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An order's payment slips */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Slips in the order they were sent */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PaymentSlip"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/orders/{id}/slips/{slip_id}/image": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A slip's photo */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    slip_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The image */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/*": string;
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List outgoing webhooks */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Webhooks */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Webhook"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create an outgoing webhook
         * @description https in production; private, loopback and metadata hosts answer 400 WEBHOOK_URL_REFUSED (checked again after DNS on every delivery). The `secret` is shown once.
         *
         *     Deliveries: JSON `POST` with `MiniChat-Event`, `MiniChat-Delivery` (same id on every retry: dedupe on it) and
         *     `MiniChat-Signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` keyed with the `secret` (the whole `whsec_…` string).
         *     Answer 2xx within 10 s; otherwise (redirects are not followed) retried with exponential backoff for ~24 h, then failed and the webhook marked `failing`.
         *
         *     Verifying in Node.js:
         *
         *     ```js
         *     import crypto from "node:crypto";
         *     function verify(rawBody, header, secret, toleranceSeconds = 300) {
         *       const parts = Object.fromEntries(header.split(",").map((p) => p.split("=", 2)));
         *       const expected = crypto.createHmac("sha256", secret).update(`${parts.t}.${rawBody}`).digest("hex");
         *       const fresh = Math.abs(Date.now() / 1000 - Number(parts.t)) <= toleranceSeconds;
         *       return fresh && parts.v1?.length === expected.length && crypto.timingSafeEqual(Buffer.from(parts.v1), Buffer.from(expected));
         *     }
         *     ```
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateWebhook"];
                };
            };
            responses: {
                /** @description The webhook and its signing secret (shown once) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NewWebhook"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One outgoing webhook */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The webhook */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a webhook and its delivery log */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a webhook's URL, events or active flag */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateWebhook"];
                };
            };
            responses: {
                /** @description The webhook */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Webhook"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The delivery log (newest 100) with request and response excerpts */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["WebhookDelivery"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/{id}/deliveries/{delivery_id}/redeliver": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a delivery again (same MiniChat-Delivery id, fresh signature) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    delivery_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Queued */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                            status: string;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/webhooks/stripe/{workspace_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe webhook (the workspace's own Stripe account)
         * @description Called by Stripe, not by clients. The raw body is verified against the `Stripe-Signature` header with the workspace's webhook secret; an event already applied answers `duplicate: true`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    workspace_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": Record<string, never>;
                };
            };
            responses: {
                /** @description Applied (or already applied) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            received: true;
                            /** @enum {boolean} */
                            duplicate?: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List contacts
         * @description Newest first; `q` matches name, email or phone; merged ones only with `include_merged=true`.
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    source?: "checkout" | "form" | "identify" | "manual" | "import";
                    include_merged?: "true" | "false";
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of contacts */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactPage"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A contact's profile with conversations and orders */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The contact */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactProfile"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/merge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Merge another contact into this one
         * @description `POST /contacts/{other}/unmerge` undoes it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["MergeContact"];
                };
            };
            responses: {
                /** @description The merged profile */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactProfile"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/contacts/{id}/unmerge": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Undo a merge */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The contact on its own again */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ContactProfile"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/export.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Export leads as CSV */
        get: {
            parameters: {
                query?: {
                    stage?: "new" | "contacted" | "qualified" | "won" | "lost";
                    source?: "chatbot" | "page" | "campaign" | "checkout" | "form" | "manual" | "import";
                    owner_user_id?: string;
                    contact_id?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description leads.csv */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List leads
         * @description Newest first, with the contact; `q` matches the title, notes or the contact.
         */
        get: {
            parameters: {
                query?: {
                    stage?: "new" | "contacted" | "qualified" | "won" | "lost";
                    source?: "chatbot" | "page" | "campaign" | "checkout" | "form" | "manual" | "import";
                    owner_user_id?: string;
                    contact_id?: string;
                    q?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of leads */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LeadPage"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Create a lead
         * @description `value` in minor units; `contact_id`, or `contact` (matched by email/phone, else created). Checkouts make leads themselves.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateLead"];
                };
            };
            responses: {
                /** @description The new lead */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LeadDetail"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/leads/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a lead with its stage history and tasks */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The lead */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LeadDetail"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /**
         * Update a lead or move it to another stage
         * @description Stage changes are recorded with who made them; `won`/`lost` close the lead.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["UpdateLead"];
                };
            };
            responses: {
                /** @description The lead */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["LeadDetail"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/channels": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List channel connections */
        get: {
            parameters: {
                query?: {
                    chatbot_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Channels */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Channel"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Connect a messaging channel to a chatbot
         * @description `webhook_url` goes into the provider's console (Telegram: set by MiniChat). Types without an adapter answer 400 CHANNEL_NOT_AVAILABLE; email answers 400 EMAIL_RECEIVING_NOT_CONFIGURED when no domain routes mail to this deployment (EMAIL_REPLY_DOMAIN) and 400 EMAIL_SENDING_NOT_CONFIGURED when replies could not be sent; credentials the provider refuses answer 400 CHANNEL_CREDENTIALS_REJECTED, a provider that cannot be reached 502 CHANNEL_PROVIDER_UNAVAILABLE. A provider account (WhatsApp number, Telegram bot, LINE channel, Facebook Page, Instagram account) already connected answers 409 CHANNEL_ALREADY_CONNECTED (in the same workspace with the chatbot that has it).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CreateChannel"];
                };
            };
            responses: {
                /** @description The channel (secrets are never returned) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                402: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One channel connection */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The channel */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Channel"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Disconnect a channel (its conversations stay) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Disconnected */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}/verify": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Check a connection with its provider: credentials, webhook URL, first event received */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description One line per check */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChannelVerification"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/deliveries/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Delivery state of a conversation's (id) outbound channel messages */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deliveries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ChannelDelivery"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Meta's subscription handshake (Messenger, Instagram, WhatsApp): answers hub.challenge when hub.verify_token is this connection's */
        get: {
            parameters: {
                query?: {
                    "hub.mode"?: string;
                    "hub.verify_token"?: string;
                    "hub.challenge"?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The challenge, as plain text */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Provider webhook (LINE: signed with x-line-signature; Telegram: X-Telegram-Bot-Api-Secret-Token; WhatsApp: X-Hub-Signature-256)
         * @description Meta (Messenger, Instagram, WhatsApp): one app serving several connected accounts may use any one connection's URL as the app's callback URL; entries of the app's other accounts go to their connections when those are in the same workspace and were connected with the same app secret.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            events: number;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}/templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** A WhatsApp channel's approved templates (as last synced) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Approved templates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ChannelTemplate"][];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/channels/{id}/templates/sync": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sync the approved templates from the WhatsApp Business Account */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Approved templates */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["ChannelTemplate"][];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                502: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/config": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Widget configuration for visitors
         * @description Called by the widget from the host page. Answers only when the request's Origin is in the chatbot's allowed_origins (else 403 ORIGIN_NOT_ALLOWED); unknown, inactive or archived keys answer 404.
         */
        get: {
            parameters: {
                query: {
                    /** @description The chatbot's public key (pk_…) */
                    key: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The visitor-safe configuration */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WidgetConfig"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        /**
         * CORS preflight for the widget configuration
         * @description Answers 204 with CORS headers only for an Origin the chatbot allows; other origins are refused like the GET.
         */
        options: {
            parameters: {
                query?: {
                    key?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Allowed (Access-Control-Allow-* headers) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file into the visitor's conversation
         * @description Multipart field `file`, at most 10 MB. Images, PDF and common office/text types; the message that carries it names it by `id`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /** Format: binary */
                        file: string;
                    };
                };
            };
            responses: {
                /** @description Stored; `url` is a short-lived signed link */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredAttachment"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body or file is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported media type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/feedback": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a bot answer helpful or not (visitor) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AnswerFeedbackRequest"];
                };
            };
            responses: {
                /** @description The recorded vote */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnswerFeedback"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/session": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start or resume a visitor session
         * @description Public. The request Origin must be one of the chatbot's allowed origins. At most 120 sessions and 30 new visitors per IP per 10 minutes (429 RATE_LIMITED).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["WidgetSessionRequest"];
                };
            };
            responses: {
                /** @description A visitor token */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["WidgetSession"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a conversation
         * @description `pre_chat` carries the pre-chat form; `offline_message` leaves a message outside business hours (the conversation starts waiting).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["WidgetConversationInput"];
                };
            };
            responses: {
                /** @description The new conversation */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Rate limited; see Retry-After */
                429: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conversation's messages after `after_seq` (the visitor's projection) */
        get: {
            parameters: {
                query?: {
                    after_seq?: number | null;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of messages, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            conversation: components["schemas"]["ConversationView"];
                            data: {
                                id: string;
                                conversation_id: string;
                                seq: number;
                                /** @enum {string} */
                                role: "visitor" | "bot" | "agent" | "system";
                                author: {
                                    id?: string;
                                    name?: string;
                                };
                                text: string;
                                rich?: {
                                    buttons?: {
                                        label: string;
                                        /** @enum {string} */
                                        action: "open_url" | "postback" | "add_to_cart" | "talk_to_human";
                                        value: string;
                                    }[];
                                    quick_replies?: string[];
                                    cards?: {
                                        title: string;
                                        subtitle?: string;
                                        /** Format: uri */
                                        image_url?: string;
                                        price?: {
                                            amount: number;
                                            currency: string;
                                        };
                                        buttons?: {
                                            label: string;
                                            /** @enum {string} */
                                            action: "open_url" | "postback" | "add_to_cart" | "talk_to_human";
                                            value: string;
                                        }[];
                                        product?: {
                                            product_id: string;
                                            variant_id: string;
                                            /** @enum {string} */
                                            stock_state: "in_stock" | "low" | "out_of_stock";
                                            stock: number;
                                        };
                                    }[];
                                };
                                attachments?: {
                                    id?: string;
                                    url?: string;
                                    name: string;
                                    content_type: string;
                                    size: number;
                                }[];
                                created_at: string;
                                ai?: {
                                    model: string;
                                    confidence: number;
                                    sources: {
                                        id: string;
                                        type: string;
                                        title: string;
                                        url?: string | null;
                                        page?: number | null;
                                        score: number;
                                    }[];
                                    intent: string;
                                    sentiment: string;
                                    latency_ms: number;
                                    tokens: {
                                        prompt: number;
                                        completion: number;
                                    };
                                };
                                sources?: {
                                    title: string;
                                    url?: string;
                                }[];
                                feedback?: boolean;
                            }[];
                            has_more: boolean;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/ws-ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use ticket for the conversation socket */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ticket */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SocketTicket"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/rating": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Rate the conversation (1–5, optional comment) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RatingInput"];
                };
            };
            responses: {
                /** @description The rating */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            conversation_id: string;
                            rating: number | null;
                            comment: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/me/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The visitor's own data as a JSON download
         * @description Only when the chatbot offers "Download / delete my data" (`data_collection.visitor_data_requests`); otherwise 403 DATA_REQUESTS_DISABLED.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The visitor's data (Content-Disposition: attachment) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VisitorDataExport"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Erase the visitor's own data
         * @description Asks for `{"confirm": true}`; afterwards the token stops working. Only when the chatbot offers it.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["EraseOwnDataInput"];
                };
            };
            responses: {
                /** @description What was erased */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VisitorErasure"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The visitor's WebSocket on a conversation
         * @description Upgrade with `Sec-WebSocket-Protocol: minichat.v1, bearer.<visitor token>` or `?ticket=`. Frames are the protocol's `ServerFrame`/`ClientFrame` unions (visitor projection).
         */
        get: {
            parameters: {
                query?: {
                    /** @description Resume after this seq */
                    last_seq?: string;
                    /** @description A single-use ticket from POST /conversations/{id}/ws-ticket */
                    ticket?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description WebSocket upgrade (subprotocol `minichat.v1`). Then `hello`, the replay after `last_seq`, and live frames. */
                101: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not a WebSocket upgrade request (`UPGRADE_REQUIRED`) */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/cart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conversation's cart */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/cart/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add to the cart
         * @description Adds `quantity` of an active product's variant (prices come from the catalog). More than the stock answers 409 OUT_OF_STOCK.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AddCartItem"];
                };
            };
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/cart/items/{variant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an item */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variant_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Set an item's quantity (0 removes it) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variant_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SetCartItem"];
                };
            };
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Check out the cart
         * @description Creates an order from the cart (prices re-read: a change answers 409 PRICE_CHANGED with the new totals unless `accept_price_changes`), reserves the stock atomically (409 OUT_OF_STOCK with the item) and answers `{order, payment}`; PromptPay answers the QR payload and SVG for the total and when it expires.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["Checkout"];
                };
            };
            responses: {
                /** @description The order and how to pay it */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            order?: unknown;
                            payment?: unknown;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/orders": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The visitor's orders in this conversation */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Orders, newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: ({
                                id: string;
                            } & {
                                [key: string]: unknown;
                            })[];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/widget/conversations/{id}/orders/{order_id}/slip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the bank slip for an order
         * @description Multipart field `file` (PNG, JPEG or WebP, ≤ 5 MB). The slip's mini-QR is read; its transaction reference pays one order per workspace (a reused slip answers 409 SLIP_ALREADY_USED and the conversation is told). With a slip-verification provider a transfer matching the amount and the shop's account marks the order `paid`; otherwise it becomes `awaiting_confirmation` for an agent.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    order_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": components["schemas"]["SlipUpload"];
                };
            };
            responses: {
                /** @description The slip as read and the order's status */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            slip: components["schemas"]["PaymentSlip"];
                            order: {
                                id: string;
                                number: string;
                                status: string;
                            };
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The photo is larger than 5 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not a PNG, JPEG or WebP image, or not multipart */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * List conversations (inbox filters, cursor pages)
         * @description Filters as in saved filters (`status` a list, `tags` any of, `assigned_agent_id` an id, `me` or `unassigned`, dates ISO); `filter_id` applies a saved filter, explicit parameters win.
         */
        get: {
            parameters: {
                query?: {
                    status?: string[] | null;
                    chatbot_id?: string;
                    channel?: string;
                    assigned_agent_id?: string;
                    tags?: string[] | null;
                    from?: string;
                    to?: string;
                    date_field?: "created_at" | "last_message_at";
                    rating_min?: number;
                    rating_max?: number;
                    has_notes?: boolean;
                    visitor_id?: string;
                    sort?: "last_message_at" | "created_at";
                    order?: "asc" | "desc";
                    filter_id?: string;
                    cursor?: string;
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page of conversations */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationPage"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/search": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Full-text search over the workspace's messages
         * @description Best match first, with highlights; `visitor_matches` lists the conversations of the newest customers (up to 20) with a word of their name or email starting with each word of the query.
         */
        get: {
            parameters: {
                query: {
                    q: string;
                    limit?: number;
                    offset?: number | null;
                    status?: ("active" | "waiting" | "escalated" | "agent_handling" | "resolved" | "abandoned" | "archived")[];
                    chatbot_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Matching messages */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["MessageSearchResults"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One conversation with its thread, notes, events and customer panel
         * @description The latest `limit` messages (50) by default; older ones with `before_seq`, newer with `after_seq`.
         */
        get: {
            parameters: {
                query?: {
                    before_seq?: number | null;
                    after_seq?: number | null;
                    limit?: number;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The conversation */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationDetail"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download the transcript (JSON or CSV) */
        get: {
            parameters: {
                query?: {
                    format?: "json" | "csv";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The transcript as a file (Content-Disposition: attachment) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                        "text/csv": string;
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Replace a conversation's tags */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ConversationTagsInput"];
                };
            };
            responses: {
                /** @description The tags after the change */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            conversation_id: string;
                            tags: string[];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/notes": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List a conversation's internal notes */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Notes, oldest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["InternalNote"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Add an internal note (mentions notify members) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NoteInput"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InternalNote"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/notes/{note_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Delete a note (its author or an admin) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    note_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Edit a note (its author or an admin) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    note_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NoteInput"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["InternalNote"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/conversations/{id}/attachments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Upload a file into a conversation (agent)
         * @description Multipart field `file`, at most 10 MB. Images, PDF and common office/text types; the message that carries it names it by `id`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": {
                        /** Format: binary */
                        file: string;
                    };
                };
            };
            responses: {
                /** @description Stored; `url` is a short-lived signed link */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["StoredAttachment"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The body or file is too large */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Unsupported media type */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reply as the agent
         * @description `client_id` makes the send idempotent. The agent must hold the conversation (take it over first). On WhatsApp outside the 24-hour window, and on Messenger/Instagram more than 7 days after the customer last wrote, 409 `REPLY_WINDOW_CLOSED` (details: channel, state, closes_at, last_inbound_at, templates_required, reason) and nothing is stored; on WhatsApp send an approved template instead.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AgentMessageInput"];
                };
            };
            responses: {
                /** @description Appended to the conversation's log */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SentMessage"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/takeover": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Take the conversation over from the bot
         * @description The caller becomes its holder; another agent's hold answers 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The conversation after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/return-to-ai": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Hand the conversation back to the bot
         * @description `bot_mode` passive (suggests) or active (answers).
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ReturnToAiInput"];
                };
            };
            responses: {
                /** @description The conversation after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/resolve": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Resolve
         * @description Optional closing note and tags.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": components["schemas"]["ResolveInput"];
                };
            };
            responses: {
                /** @description The conversation after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/reopen": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Reopen a resolved conversation
         * @description resolved → active.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The conversation after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/archive": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Archive
         * @description Hides it from the open inbox; the log stays.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The conversation after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/transfer": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Transfer to another agent
         * @description `agent_id` must be an active agent, admin or owner of the workspace.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["TransferInput"];
                };
            };
            responses: {
                /** @description The conversation after the action */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ConversationView"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/ws-ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A single-use ticket for the conversation socket
         * @description For clients that cannot put the access token in Sec-WebSocket-Protocol: open `GET /{id}/ws?ticket=…` within its lifetime.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ticket */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SocketTicket"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The agent's WebSocket on a conversation
         * @description Upgrade with `Sec-WebSocket-Protocol: minichat.v1, bearer.<access token>` or `?ticket=`. Frames are the `ServerFrame`/`ClientFrame` unions of the protocol (durable-objects/protocol.ts). Viewers may watch; replies need conversations:respond.
         */
        get: {
            parameters: {
                query?: {
                    /** @description Resume after this seq: only newer messages are replayed */
                    last_seq?: string;
                    /** @description A single-use ticket from POST /ws-ticket (instead of the access token in Sec-WebSocket-Protocol) */
                    ticket?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description WebSocket upgrade (subprotocol `minichat.v1`). Then `hello`, the replay after `last_seq`, and live frames. */
                101: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not a WebSocket upgrade request (`UPGRADE_REQUIRED`) */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/cart": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The conversation's cart */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/cart/items": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add to the visitor's cart
         * @description The conversation shows a line such as "Olivia added 1 × Canvas Tote (Blue) to the cart".
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AddCartItem"];
                };
            };
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/cart/items/{variant_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove an item from the visitor's cart */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variant_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Set an item's quantity in the visitor's cart */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                    variant_id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SetCartItem"];
                };
            };
            responses: {
                /** @description The cart after the change (also pushed as `cart:updated` to every socket) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            items: {
                                variant_id: string;
                                product_id: string;
                                product_name: string;
                                variant_name: string;
                                sku: string;
                                unit_price: number;
                                quantity: number;
                                line_total: number;
                                image_url: string | null;
                            }[];
                            item_count: number;
                            subtotal: number;
                            currency: string | null;
                            updated_at: string | null;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/conversations/{id}/route": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Send a conversation to a team's queue (assigned by the team's mode) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["RouteInput"];
                };
            };
            responses: {
                /** @description Where it went */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["RoutingPlacement"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/reply-window": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the business may write on the conversation's channel now
         * @description WhatsApp: open for 24 h after the customer's last message, then `closed` with `templates_required`. Messenger/Instagram: then `human_agent` up to 7 days. Other channels: always open.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The window */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ReplyWindow"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversations/{id}/channel-template": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send an approved WhatsApp template as the agent
         * @description Works inside and outside the 24-hour window. `parameters` fill the body's {{1}}…{{n}} in order; `client_id` makes the send idempotent. 400 TEMPLATE_PARAMETERS when the count differs, TEMPLATES_NOT_SUPPORTED on other channels.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["ChannelTemplateInput"];
                };
            };
            responses: {
                /** @description Appended and queued for WhatsApp */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            message_id: string;
                            seq: number;
                            text: string;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/attachments/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Download an attachment through its signed link
         * @description No credentials: the link's `exp` and `sig` (HMAC) are the authorisation; an expired or altered link answers 403 INVALID_SIGNATURE.
         */
        get: {
            parameters: {
                query?: {
                    exp?: string;
                    sig?: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The file, with its stored content type (served with a sandboxing CSP) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List canned responses */
        get: {
            parameters: {
                query?: {
                    chatbot_id?: string;
                    q?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The workspace's canned responses */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["CannedResponse"][];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Create a canned response */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CannedResponseInput"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses/expand": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Expand /shortcuts and {{visitor.name}}, {{visitor.email}}, {{agent.name}} placeholders */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["CannedExpandInput"];
                };
            };
            responses: {
                /** @description The text ready to send */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedExpandResult"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/canned-responses/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a canned response */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The canned response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedResponse"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a canned response */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Update a canned response */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        title?: string;
                        /**
                         * @description Normalised to lowercase `/words-with-dashes`; unique per workspace
                         * @example /refund
                         */
                        shortcut?: string;
                        /** @example Hi {{visitor.name}}, refunds take 5 business days. */
                        text?: string;
                        chatbot_id?: string | null;
                    };
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["CannedResponse"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/conversation-filters": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List saved inbox filters (own and shared) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Saved filters */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["SavedFilter"][];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Save an inbox filter
         * @description `shared` makes it visible to the workspace; `is_default` opens the inbox with it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SavedFilterInput"];
                };
            };
            responses: {
                /** @description Created */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SavedFilter"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/conversation-filters/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Get a saved filter */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The filter */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SavedFilter"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        /** Delete a saved filter */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Deleted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        /** Change a saved filter (its owner, or an admin for shared ones) */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SavedFilterPatch"];
                };
            };
            responses: {
                /** @description Updated */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SavedFilter"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/notifications": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The signed-in member's notifications (mentions, assignments, escalations, new conversations, offline messages, failed deliveries) */
        get: {
            parameters: {
                query?: {
                    unread?: "0" | "1" | "true" | "false";
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["Notification"][];
                            unread_count: number;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/read-all": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark every notification read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description How many changed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            updated: number;
                            unread_count: number;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/{id}/read": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Mark a notification read */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The notification */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Notification"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/preferences": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The member's choices per event × medium (in_app, email, push) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Every event and medium */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationPreferences"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Change some of the member's choices (cells not given stay) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["NotificationPreferencesChange"];
                };
            };
            responses: {
                /** @description Every event and medium */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["NotificationPreferences"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/push/public-key": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The VAPID public key for PushManager.subscribe (made on first use) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Base64url, uncompressed P-256 */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            public_key: string;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/push/subscriptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The member's browsers with push on */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Devices */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PushSubscription"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Save this browser's push subscription (PushSubscription.toJSON()) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["PushSubscriptionIn"];
                };
            };
            responses: {
                /** @description Saved (the same endpoint again replaces its keys) */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PushSubscription"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Remove this browser by its endpoint */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        endpoint: string;
                    };
                };
            };
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/push/subscriptions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one of the member's browsers */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Removed */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/slack": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's Slack connection (the webhook URL is never returned) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Connection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SlackSettings"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        /** Connect Slack (an incoming-webhook URL, https://hooks.slack.com/services/…) or change the events posted */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["SlackSettingsChange"];
                };
            };
            responses: {
                /** @description Connection */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SlackSettings"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        post?: never;
        /** Disconnect Slack */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Disconnected */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/notifications/slack/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Post a test message to the connected Slack channel now */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Slack accepted it */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            delivered: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/unsubscribe": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The unsubscribe link of a notification email: asks to confirm */
        get: {
            parameters: {
                query: {
                    /** @description Workspace id */
                    w: string;
                    /** @description Member's user id */
                    u: string;
                    /** @description Notification kind (mention, assignment, escalation, …) */
                    k: string;
                    /** @description The link's signature */
                    s: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A page with the confirm button */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /** Unsubscribe: turn this kind of notification email off for the member (one-click, RFC 8058) */
        post: {
            parameters: {
                query: {
                    /** @description Workspace id */
                    w: string;
                    /** @description Member's user id */
                    u: string;
                    /** @description Notification kind (mention, assignment, escalation, …) */
                    k: string;
                    /** @description The link's signature */
                    s: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/html": string;
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/tags": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Tags in use, with counts (autocomplete) */
        get: {
            parameters: {
                query?: {
                    prefix?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Most used first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                tag: string;
                                count: number;
                            }[];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/realtime/ws-ticket": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A single-use ticket for the workspace socket */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The ticket */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["SocketTicket"] & {
                            workspace_id: string;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/realtime/ws": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The dashboard's workspace WebSocket (live inbox, presence, knowledge progress)
         * @description Upgrade with `Sec-WebSocket-Protocol: minichat.v1, bearer.<access token>` or `?ticket=&workspace_id=`. Frames are the protocol's `HubFrame` union (durable-objects/protocol.ts).
         */
        get: {
            parameters: {
                query?: {
                    /** @description A single-use ticket from POST /ws-ticket (instead of the access token in Sec-WebSocket-Protocol) */
                    ticket?: string;
                    /** @description Required with `ticket` */
                    workspace_id?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description WebSocket upgrade (subprotocol `minichat.v1`). Then `hello` and the workspace's live frames. */
                101: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not a WebSocket upgrade request (`UPGRADE_REQUIRED`) */
                426: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visitors/ip-bans": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Banned networks (hashed addresses) still in force */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Network bans */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["IpBan"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visitors/ip-bans/{ban_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Lift a network ban */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    ban_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Lifted */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visitors/{id}/ban": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Ban a visitor
         * @description Their sockets close (4003) and every visitor route refuses them; `ban_ip` also bans their network for `ip_ban_hours`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["BanVisitorInput"];
                };
            };
            responses: {
                /** @description The visitor's ban */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            visitor_id: string;
                            banned: boolean;
                            ban_reason: string | null;
                            conversations_affected: number;
                            ip_ban: components["schemas"]["IpBan"] & (Record<string, never> | null);
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visitors/{id}/unban": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Lift a visitor's ban (and their network bans) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The visitor's ban */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            visitor_id: string;
                            banned: boolean;
                            ban_reason: string | null;
                            conversations_affected: number;
                            ip_bans_lifted: number;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visitors/{id}/export": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Export everything held about a visitor (one JSON file)
         * @description Profile, conversations, messages, attachments as signed links. Audited.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The visitor's data (Content-Disposition: attachment) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VisitorDataExport"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/visitors/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /**
         * Erase a visitor's data
         * @description Their messages become tombstones everywhere (live log, D1, search); files, notes and profile are deleted; conversations stay as tombstone rows. Audited.
         */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description What was erased */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["VisitorErasure"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Plan, limits and usage
         * @description Any member may read it (the home page shows usage). Limits of `null` are unlimited. Creating a chatbot or inviting a member over a limit answers `402 PLAN_LIMIT` with `{resource, limit, used, plan, suggested_plan, upgrade_url}` in `error.details`.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Billing summary */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Billing"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/checkout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start a subscription checkout
         * @description Owners only (billing:manage). A workspace's first paid plan starts with a 14-day trial. Answers the Stripe Checkout URL to send the owner to.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        plan: "starter" | "pro" | "business";
                        /**
                         * @default monthly
                         * @enum {string}
                         */
                        interval?: "monthly" | "yearly";
                    };
                };
            };
            responses: {
                /** @description Checkout session */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uri */
                            checkout_url: string;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/portal": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Open the billing portal
         * @description Owners only. Plan change, card, cancellation and invoices on Stripe's customer portal.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Portal session */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** Format: uri */
                            portal_url: string;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/webhook": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stripe subscription events (platform account)
         * @description Called by Stripe, not by tenants. The raw body is verified against `Stripe-Signature` with the platform's signing secret (300 s tolerance; bad signature → 400 INVALID_SIGNATURE); each event id is applied once; subscription events re-read the subscription, so order does not matter.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    "stripe-signature"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            received: true;
                            /** @enum {boolean} */
                            duplicate?: true;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/promptpay": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * PromptPay plan payments
         * @description Owners only. Newest first.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Payments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["PlanPayment"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Pay a plan by PromptPay
         * @description Owners only. A PromptPay QR for the exact amount (12 months at the yearly price); paying by card → 409 CARD_SUBSCRIPTION_ACTIVE.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        plan: "starter" | "pro" | "business";
                        /**
                         * @description Prepaid months (12 at the yearly price)
                         * @default 1
                         */
                        months?: 1 | 3 | 6 | 12;
                    };
                };
            };
            responses: {
                /** @description The payment waiting for its transfer */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            payment: components["schemas"]["PlanPayment"];
                            qr: {
                                payload: string;
                                svg: string;
                                receiver_name: string | null;
                            };
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/billing/promptpay/{id}/slip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Send the transfer slip
         * @description Multipart `file` (PNG, JPEG, WebP ≤ 5 MB). One period per transfer (409 SLIP_ALREADY_USED); the slip provider or an operator confirms.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "multipart/form-data": components["schemas"]["PlanSlipUpload"];
                };
            };
            responses: {
                /** @description The payment after the slip */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlanPayment"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Larger than 5 MB */
                413: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Not an image, or not multipart */
                415: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Whether the caller is a platform operator
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log. The dashboard shows the console only when this answers 200 (or 403 MFA_REQUIRED).
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An operator */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            /** @enum {boolean} */
                            operator: true;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform figures
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Figures */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/workspaces": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Workspaces
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log.
         */
        get: {
            parameters: {
                query?: {
                    q?: string;
                    plan?: "free" | "starter" | "pro" | "business";
                    suspended?: "true" | "false";
                    limit?: number;
                    offset?: number | null;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Workspaces */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/workspaces/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A workspace (read-only support view)
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Workspace */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/workspaces/{id}/suspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Suspend a workspace
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log. Its API answers 403 WORKSPACE_SUSPENDED and its widgets go dark; nothing is deleted.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Suspended */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/workspaces/{id}/unsuspend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Lift a suspension
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Active again */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/workspaces/{id}/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Comp a plan or extend a trial
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log. With `expires_at` the plan lapses to free at that time unless the workspace pays.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        plan: "free" | "starter" | "pro" | "business";
                        /**
                         * Format: date-time
                         * @default null
                         */
                        expires_at?: string | null;
                        /** @default null */
                        note?: string | null;
                    };
                };
            };
            responses: {
                /** @description Plan set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Platform audit log
         * @description Platform operators only (granted by an operator command, two-factor sign-in required); anyone else gets 404. Every action is written to the platform audit log.
         */
        get: {
            parameters: {
                query?: {
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Entries */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/plan-payments": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * PromptPay plan payments to decide
         * @description Platform operators only; anyone else gets 404. Decisions are written to the platform audit log.
         */
        get: {
            parameters: {
                query?: {
                    status?: "awaiting_slip" | "awaiting_confirmation" | "confirmed" | "rejected" | "cancelled";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Payments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: (components["schemas"]["PlanPayment"] & {
                                workspace_id: string;
                                workspace_name: string;
                            })[];
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/plan-payments/{id}/slip": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A payment's slip photo
         * @description Platform operators only; anyone else gets 404. Decisions are written to the platform audit log.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The image */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/plan-payments/{id}/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm a PromptPay payment
         * @description Platform operators only; anyone else gets 404. Decisions are written to the platform audit log. Active from now, or from the end of a period already paid for the same plan.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Confirmed */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlanPayment"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/admin/plan-payments/{id}/reject": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Turn a PromptPay payment down
         * @description Platform operators only; anyone else gets 404. Decisions are written to the platform audit log. The plan does not change; the owner sees the reason.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        reason: string;
                    };
                };
            };
            responses: {
                /** @description Turned down */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["PlanPayment"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Conflict with the current state (e.g. `DUPLICATE_NAME`) */
                409: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/exports": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace's exports, newest first (50) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Jobs */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: components["schemas"]["AnalyticsExport"][];
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        /**
         * Start a CSV export (a background job)
         * @description Queued on the OUTBOUND queue; each step writes up to 10,000 rows to R2. Poll the job for its progress (`rows`) and, once done, its signed `download_url`.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": components["schemas"]["AnalyticsExportRequest"];
                };
            };
            responses: {
                /** @description The queued job */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsExport"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/exports/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One export job (progress, and the download link once done) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The job */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsExport"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/exports/{id}/download": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Download a finished export (signed link, no sign-in) */
        get: {
            parameters: {
                query: {
                    exp: string;
                    sig: string;
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The CSV file */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/csv": string;
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/overview": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Headline figures of the range, with the previous period
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Headline figures of the range, with the previous period */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsOverview"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/conversations": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Conversations and messages over time (interval hour|day|week)
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                    interval?: "hour" | "day" | "week";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Conversations and messages over time (interval hour|day|week) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsSeries"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Per agent: conversations, replies, response and handle times, resolutions, CSAT
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Per agent: conversations, replies, response and handle times, resolutions, CSAT */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsAgents"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/bot": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * The bot: resolution confirmed vs assumed, hand-offs by reason, feedback, unanswered questions
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The bot: resolution confirmed vs assumed, hand-offs by reason, feedback, unanswered questions */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsBot"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/satisfaction": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * CSAT, the rating distribution and recent comments
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description CSAT, the rating distribution and recent comments */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsSatisfaction"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/heatmap": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Conversations started per weekday × hour of day (workspace time zone)
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Conversations started per weekday × hour of day (workspace time zone) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["AnalyticsHeatmap"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/analytics/rebuild": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Recompute the workspace's hourly rollups from its events
         * @description Owners and admins (settings:manage). Gives the same figures as the incremental rollups; also `npm run analytics:rebuild` for every workspace.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Rows rebuilt */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            rows: number;
                        };
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/chatbots/{id}/analytics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * One chatbot's analytics (overview and bot report)
         * @description Figures of the range for the filters given; every measure is defined in the README (Analytics) and worker/analytics/metrics.ts: bot resolution confirmed vs assumed (24 h rule, greeting-only excluded, deducted when the visitor returns), FRT/reply/resolution/handle time median and p90, CSAT = share of 4-5 ratings, deflection = bot-only conversations / conversations, online time = overlap of each agent's online intervals with the range, abandoned checkouts = orders whose payment window passed unpaid.
         */
        get: {
            parameters: {
                query?: {
                    /** @description ISO date or date-time (inclusive); default: 7 days before `to` */
                    from?: string;
                    /** @description ISO date (inclusive day) or date-time (exclusive); default: now */
                    to?: string;
                    chatbot_id?: string;
                    agent_id?: string;
                    channel?: string;
                    /** @description durations inside business hours only */
                    business_hours?: "0" | "1" | "true" | "false";
                };
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The chatbot's figures */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["ChatbotAnalytics"];
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Not found (ids of other workspaces answer the same) */
                404: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/mail": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** List captured development mail (development and test only) */
        get: {
            parameters: {
                query?: {
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Newest first */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: string;
                                workspace_id: string | null;
                                to: string;
                                subject: string;
                                text: string;
                                html: string | null;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/line/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What local LINE channels sent (development only), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Requests */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: number;
                                path: string;
                                body?: unknown;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/line/v2/bot/message/{kind}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** LINE fake: reply or push (development only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    kind: "reply" | "push";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/line/v2/bot/profile/{user_id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LINE fake: a user's profile (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    user_id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Profile */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            displayName: string;
                            userId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/line/v2/bot/message/{id}/content": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LINE fake: the bytes of a user's image (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A PNG */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/png": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/line/v2/bot/info": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LINE fake: the bot behind a channel access token (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Bot info */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            displayName: string;
                            basicId: string;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/line/v2/bot/channel/webhook/endpoint": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** LINE fake: the webhook URL last set (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Endpoint */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            endpoint: string;
                            active: boolean;
                        };
                    };
                };
            };
        };
        /** LINE fake: set the webhook URL, as pasting it in the LINE console does (development only) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: {
                content: {
                    "application/json": {
                        endpoint: string;
                    };
                };
            };
            responses: {
                /** @description Set */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": Record<string, never>;
                    };
                };
            };
        };
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/telegram/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What local Telegram channels called (development only), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Calls */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: {
                                id: number;
                                path: string;
                                body?: unknown;
                                created_at: string;
                            }[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/telegram/file/{bot_token}/photos/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Telegram fake: the bytes of a user's photo (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    bot_token: string;
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A PNG (served as octet-stream, like Telegram) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/octet-stream": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/telegram/{bot_token}/{method}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Telegram fake: a Bot API method (development only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    bot_token: string;
                    method: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Telegram's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            result?: unknown;
                            description?: string;
                        };
                    };
                };
                /** @description The user blocked the bot (chat ids starting with 403) */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            ok: boolean;
                            result?: unknown;
                            description?: string;
                            error_code: number;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/messenger/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What local Messenger/Instagram channels sent (development only), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Requests */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: unknown[];
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/messenger/{node}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Graph API fake: the Page (me) or a person's profile (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    node: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The node */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            id: string;
                        } & {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/messenger/{node}/{edge}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Graph API fake: the Page's subscribed apps (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    node: string;
                    edge: "messages" | "subscribed_apps";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Apps */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            data: unknown[];
                        };
                    };
                };
            };
        };
        put?: never;
        /** Graph API fake: Send API or subscribing the app (development only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    node: string;
                    edge: "messages" | "subscribed_apps";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Accepted */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Recipient ids starting with 551: not reachable */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            error?: unknown;
                        };
                    };
                };
            };
        };
        /** Graph API fake: unsubscribing the app (development only) */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    node: string;
                    edge: "messages" | "subscribed_apps";
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description Done */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            success: boolean;
                        };
                    };
                };
            };
        };
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/whatsapp/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What local WhatsApp channels sent (development only), newest first */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Graph API's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/whatsapp/media-bytes/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** WhatsApp fake: a media file's bytes (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description A PNG */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "image/png": string;
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/whatsapp/{id}/message_templates": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** WhatsApp fake: a WABA's templates (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Graph API's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/whatsapp/{id}/subscribed_apps": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** WhatsApp fake: apps subscribed to a WABA (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Graph API's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/whatsapp/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** WhatsApp fake: a phone number, or a media id's URL (development only) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Graph API's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/whatsapp/{id}/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** WhatsApp fake: send a message (development only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description The Graph API's answer */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description A refused recipient (numbers starting with 403) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/v1/dev/plan": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch plan without payment (development only) */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @enum {string} */
                        plan: "free" | "starter" | "pro" | "business";
                    };
                };
            };
            responses: {
                /** @description The billing summary on the new plan */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            [key: string]: unknown;
                        };
                    };
                };
                /** @description Invalid input (`VALIDATION_ERROR` lists each field in details.issues) */
                400: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description Missing or invalid credentials */
                401: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
                /** @description The caller's role or API key scopes do not allow this */
                403: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": components["schemas"]["Error"];
                    };
                };
            };
        };
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: {
        TokenResponse: {
            access_token: string;
            refresh_token: string;
            /** @example 900 */
            expires_in: number;
            /** @enum {string} */
            token_type: "Bearer";
            user: {
                id: string;
                email: string;
                name: string;
                workspace_id: string;
                /** @enum {string} */
                role: "owner" | "admin" | "agent" | "viewer";
            };
        };
        Error: {
            error: {
                /** @example VALIDATION_ERROR */
                code: string;
                message: string;
                details?: unknown;
                request_id: string;
            };
        };
        RegisterRequest: {
            /**
             * Format: email
             * @example sarah@example.com
             */
            email: string;
            /** @example Sup3r$ecret! */
            password: string;
            name: string;
            workspace_name: string;
        };
        LoginRequest: {
            /**
             * Format: email
             * @example sarah@example.com
             */
            email: string;
            /** @example Sup3r$ecret! */
            password: string;
            /** @example 123456 */
            mfa_code?: string;
            workspace_id?: string;
        };
        Me: {
            user: {
                id: string;
                email: string;
                name: string;
                workspace_id: string;
                /** @enum {string} */
                role: "owner" | "admin" | "agent" | "viewer";
                email_verified: boolean;
                mfa_enabled: boolean;
                google_linked: boolean;
                has_password: boolean;
                last_login_at: string | null;
                /**
                 * @description The dashboard language the user chose; null follows the browser
                 * @enum {string|null}
                 */
                locale: "en" | "th" | null;
                created_at: string;
            };
            workspace: {
                id: string;
                name: string;
                slug: string;
                plan: string;
            } | null;
            workspaces: {
                id: string;
                name: string;
                slug: string;
                role: string;
            }[];
        };
        ProfileUpdate: {
            name?: string;
            /** @enum {string|null} */
            locale?: "en" | "th" | null;
        };
        Workspace: {
            id: string;
            name: string;
            slug: string;
            plan: string;
            member_count: number;
            /**
             * @description The caller's role here
             * @example agent
             * @enum {string}
             */
            role: "owner" | "admin" | "agent" | "viewer";
            data_retention: components["schemas"]["DataRetention"];
            /**
             * @description IANA time zone of the workspace's reports and dates (Asia/Bangkok by default)
             * @example Asia/Bangkok
             */
            timezone: string;
            created_at: string;
            updated_at: string;
        };
        DataRetention: {
            /** @description Delete conversations (everywhere) this many days after their last message; null keeps them */
            conversations_days: number | null;
            /** @description Delete uploaded attachments this many days after upload; null keeps them */
            attachments_days: number | null;
            /** @description Archive resolved conversations this many days after resolution (default 90) */
            archive_resolved_after_days: number;
        };
        DeletedWorkspace: {
            id: string;
            deleted_at: string;
            /** @description When the daily job purges everything the workspace owns */
            purge_after: string;
        };
        Member: {
            user_id: string;
            email: string;
            name: string;
            /**
             * @example agent
             * @enum {string}
             */
            role: "owner" | "admin" | "agent" | "viewer";
            /** @enum {string} */
            status: "active" | "deactivated";
            email_verified: boolean;
            mfa_enabled: boolean;
            last_login_at: string | null;
            joined_at: string;
        };
        Invitation: {
            id: string;
            email: string;
            /**
             * @example agent
             * @enum {string}
             */
            role: "owner" | "admin" | "agent" | "viewer";
            /** @enum {string} */
            status: "pending" | "accepted" | "revoked" | "expired";
            invited_by: string | null;
            expires_at: string;
            created_at: string;
        };
        NewApiKey: components["schemas"]["ApiKey"] & {
            key: string;
        };
        ApiKey: {
            id: string;
            name: string;
            /** @example mc_live_4f9Q */
            prefix: string;
            scopes: string[];
            created_by: string | null;
            last_used_at: string | null;
            revoked_at: string | null;
            created_at: string;
            /** @description The member who created the key no longer has access (removed or deactivated): the key is refused until they do again. */
            suspended: boolean;
        };
        CreateApiKey: {
            name: string;
            scopes: ("billing:manage" | "workspace:delete" | "chatbots:manage" | "chatbots:edit" | "chatbots:read" | "team:manage" | "team:read" | "conversations:read" | "conversations:respond" | "knowledge:write" | "knowledge:read" | "analytics:read" | "data:export" | "data:erase" | "api:manage" | "audit:read" | "settings:manage" | "commerce:manage" | "commerce:read" | "orders:manage")[];
        };
        AuditLog: {
            id: string;
            /** @example member.role_changed */
            action: string;
            actor_user_id: string | null;
            actor_api_key_id: string | null;
            actor_email: string | null;
            resource_type: string | null;
            resource_id: string | null;
            /** @description Usually { before, after } */
            changes?: unknown;
            ip: string | null;
            user_agent: string | null;
            created_at: string;
        };
        Team: {
            id: string;
            name: string;
            /** @enum {string} */
            assignment: "balanced" | "round_robin" | "manual";
            capacity: number;
            reply_limit_seconds: number | null;
            offline_grace_seconds: number;
            member_ids: string[];
            members: {
                user_id: string;
                name: string | null;
                capacity: number | null;
            }[];
            created_at: string;
            updated_at: string;
        };
        TeamInput: {
            /** @example Sales */
            name: string;
            /** @description Workspace members in the team */
            member_ids: string[];
            /**
             * @description balanced: fewest open conversations, ties to the longest since their last assignment
             * @enum {string}
             */
            assignment: "balanced" | "round_robin" | "manual";
            /**
             * @description Default maximum concurrent conversations per member
             * @example 5
             */
            capacity: number;
            /** @description Unanswered this long: back to the queue */
            reply_limit_seconds?: number | null;
            /** @description Offline this long: conversations back to the queue (60) */
            offline_grace_seconds?: number;
            /** @description Per-member capacity overrides */
            members?: {
                user_id: string;
                capacity: number | null;
            }[];
        };
        RoutingOverview: {
            data: {
                team_id: string;
                name: string;
                assignment: string;
                queue: {
                    conversation_id: string;
                    position: number;
                    priority: number;
                    estimated_wait_seconds: number;
                }[];
                members: {
                    user_id: string;
                    name: string | null;
                    status: string;
                    open_conversations: number;
                    capacity: number;
                }[];
            }[];
        };
        TeamMemberInput: {
            capacity: number | null;
        };
        Chatbot: {
            /**
             * @description 3–50 characters. Name may contain only letters (English or Thai), digits, spaces, hyphens and underscores.
             * @example Support Bot
             */
            name: string;
            description: string | null;
            /** @enum {string} */
            personality: "professional" | "friendly" | "casual";
            greeting_message: string;
            business_hours: components["schemas"]["BusinessHours"];
            ai_settings: components["schemas"]["AiSettings"];
            widget_settings: components["schemas"]["WidgetSettings"];
            data_collection: components["schemas"]["DataCollection"];
            behavior_settings: components["schemas"]["BehaviorSettings"];
            /**
             * @description Sites allowed to embed the widget. Exact origins or a wildcard subdomain (https://*.example.com).
             * @example [
             *       "https://shop.example.com",
             *       "https://*.example.com"
             *     ]
             */
            allowed_origins: string[];
            /** @example cb_4f9QaB1c2D3e4F5g6H7i */
            id: string;
            workspace_id: string;
            /** @enum {string} */
            status: "active" | "inactive" | "archived";
            /**
             * @description The widget's public key (safe to publish)
             * @example pk_9aB8cD7eF6gH5iJ4kL3mN2oP
             */
            public_key: string;
            /** @description Configuration version; every update bumps it */
            version: number;
            created_by: string | null;
            updated_by: string | null;
            created_at: string;
            updated_at: string;
            archived_at: string | null;
            /**
             * @description Paste before </body> on an allowed origin
             * @example <script async src="https://app.example.com/widget/loader.js" data-chatbot-key="pk_…"></script>
             */
            embed_code: string;
        };
        /** @description When disabled the chatbot is online around the clock. */
        BusinessHours: {
            enabled: boolean;
            /** @example Asia/Bangkok */
            timezone: string;
            schedule: components["schemas"]["WeeklySchedule"];
            offline_message: string;
        };
        /** @description Opening hours per day in the chatbot's time zone; null means closed all day. */
        WeeklySchedule: {
            monday: components["schemas"]["DayHours"];
            tuesday: components["schemas"]["DayHours"];
            wednesday: components["schemas"]["DayHours"];
            thursday: components["schemas"]["DayHours"];
            friday: components["schemas"]["DayHours"];
            saturday: components["schemas"]["DayHours"];
            sunday: components["schemas"]["DayHours"];
        };
        DayHours: {
            /** @example 09:00 */
            start: string;
            /** @example 17:00 */
            end: string;
        } | null;
        AiSettings: {
            /**
             * @description offline uses the built-in extractive answerer (no external calls).
             * @enum {string}
             */
            provider: "offline" | "workers_ai" | "openai_compatible" | "anthropic";
            /** @example gpt-4o-mini */
            model: string;
            /** @description Deprecated, always null: the endpoint is part of the workspace's provider settings (PUT /api/v1/ai/providers/:provider). */
            base_url: null;
            temperature: number;
            max_tokens: number;
            enable_escalation: boolean;
            escalation_triggers: components["schemas"]["EscalationTriggers"];
            enable_fallback_responses: boolean;
            fallback_responses: string[];
            custom_instructions: string;
        };
        EscalationTriggers: {
            low_confidence_threshold: number;
            frustration_detection: boolean;
            explicit_request: boolean;
            max_failed_responses: number;
        };
        WidgetSettings: {
            /** @enum {string} */
            position: "bottom-right" | "bottom-left";
            theme: components["schemas"]["WidgetTheme"];
            avatar_url: string | null;
            button_text: string;
            /** @enum {string} */
            size: "small" | "medium" | "large";
            /** @enum {string} */
            locale: "auto" | "en" | "th";
        };
        WidgetTheme: {
            /** @example #3B82F6 */
            primary_color: string;
            /** @example #3B82F6 */
            secondary_color: string;
            /** @example #3B82F6 */
            text_color: string;
            /** @example #3B82F6 */
            background_color: string;
        };
        DataCollection: {
            collect_email: boolean;
            collect_name: boolean;
            collect_phone: boolean;
            pre_chat_form_enabled: boolean;
            custom_fields: components["schemas"]["CustomField"][];
            /**
             * @description Offer visitors "Download / delete my data" in the widget (export and erasure of their own data).
             * @default false
             */
            visitor_data_requests: boolean;
        };
        CustomField: {
            name: string;
            /** @enum {string} */
            type: "text" | "email" | "phone" | "select" | "textarea";
            /** @default false */
            required: boolean;
            label: string;
            options?: string[];
        };
        BehaviorSettings: {
            response_delay: number;
            show_typing_indicator: boolean;
            enable_rich_responses: boolean;
            /** @description Messages before the bot suggests a human. */
            max_conversation_length: number;
            inactivity_timeout: number;
            /**
             * @description active: the bot answers everything; passive: only questions; off: humans only.
             * @enum {string}
             */
            bot_mode: "active" | "passive" | "off";
            /** @description How long an escalated visitor waits for an agent before being offered to leave a message. */
            agent_reply_timeout_ms: number;
            /** @description Minutes an escalation may wait unanswered before the visitor is told honestly (and offered email on the web) and the team is alerted again. Default 5. Applies to conversations started after the change. */
            escalation_wait_minutes?: number;
            /** @description Email the visitor a transcript of the conversation when it is resolved (when they gave an address; web and messaging channels, not email conversations). Default false. */
            transcript_email?: boolean;
            /** @description Archive this chatbot's resolved conversations this many days after resolution (null: the workspace's `archive_resolved_after_days`, 90 by default). */
            auto_archive_days?: number | null;
        };
        /**
         * @description Only name is required; every other setting has a working default.
         * @example {
         *       "name": "Support Bot",
         *       "personality": "friendly",
         *       "allowed_origins": [
         *         "https://shop.example.com"
         *       ]
         *     }
         */
        CreateChatbot: {
            /**
             * @description 3–50 characters. Name may contain only letters (English or Thai), digits, spaces, hyphens and underscores.
             * @example Support Bot
             */
            name: string;
            description?: string | null;
            /** @enum {string} */
            personality?: "professional" | "friendly" | "casual";
            greeting_message?: string;
            business_hours?: {
                enabled?: boolean;
                /** @example Asia/Bangkok */
                timezone?: string;
                schedule?: {
                    monday?: components["schemas"]["DayHours"];
                    tuesday?: components["schemas"]["DayHours"];
                    wednesday?: components["schemas"]["DayHours"];
                    thursday?: components["schemas"]["DayHours"];
                    friday?: components["schemas"]["DayHours"];
                    saturday?: components["schemas"]["DayHours"];
                    sunday?: components["schemas"]["DayHours"];
                };
                offline_message?: string;
            };
            ai_settings?: {
                /**
                 * @description offline uses the built-in extractive answerer (no external calls).
                 * @enum {string}
                 */
                provider?: "offline" | "workers_ai" | "openai_compatible" | "anthropic";
                /** @example gpt-4o-mini */
                model?: string;
                /** @description Deprecated, always null: the endpoint is part of the workspace's provider settings (PUT /api/v1/ai/providers/:provider). */
                base_url?: null;
                temperature?: number;
                max_tokens?: number;
                enable_escalation?: boolean;
                escalation_triggers?: {
                    low_confidence_threshold?: number;
                    frustration_detection?: boolean;
                    explicit_request?: boolean;
                    max_failed_responses?: number;
                };
                enable_fallback_responses?: boolean;
                fallback_responses?: string[];
                custom_instructions?: string;
            };
            widget_settings?: {
                /** @enum {string} */
                position?: "bottom-right" | "bottom-left";
                theme?: {
                    /** @example #3B82F6 */
                    primary_color?: string;
                    /** @example #3B82F6 */
                    secondary_color?: string;
                    /** @example #3B82F6 */
                    text_color?: string;
                    /** @example #3B82F6 */
                    background_color?: string;
                };
                avatar_url?: string | null;
                button_text?: string;
                /** @enum {string} */
                size?: "small" | "medium" | "large";
                /** @enum {string} */
                locale?: "auto" | "en" | "th";
            };
            data_collection?: {
                collect_email?: boolean;
                collect_name?: boolean;
                collect_phone?: boolean;
                pre_chat_form_enabled?: boolean;
                custom_fields?: components["schemas"]["CustomField"][];
                /**
                 * @description Offer visitors "Download / delete my data" in the widget (export and erasure of their own data).
                 * @default false
                 */
                visitor_data_requests: boolean;
            };
            behavior_settings?: {
                response_delay?: number;
                show_typing_indicator?: boolean;
                enable_rich_responses?: boolean;
                /** @description Messages before the bot suggests a human. */
                max_conversation_length?: number;
                inactivity_timeout?: number;
                /**
                 * @description active: the bot answers everything; passive: only questions; off: humans only.
                 * @enum {string}
                 */
                bot_mode?: "active" | "passive" | "off";
                /** @description How long an escalated visitor waits for an agent before being offered to leave a message. */
                agent_reply_timeout_ms?: number;
                /** @description Minutes an escalation may wait unanswered before the visitor is told honestly (and offered email on the web) and the team is alerted again. Default 5. Applies to conversations started after the change. */
                escalation_wait_minutes?: number;
                /** @description Email the visitor a transcript of the conversation when it is resolved (when they gave an address; web and messaging channels, not email conversations). Default false. */
                transcript_email?: boolean;
                /** @description Archive this chatbot's resolved conversations this many days after resolution (null: the workspace's `archive_resolved_after_days`, 90 by default). */
                auto_archive_days?: number | null;
            };
            /**
             * @description Sites allowed to embed the widget. Exact origins or a wildcard subdomain (https://*.example.com).
             * @example [
             *       "https://shop.example.com",
             *       "https://*.example.com"
             *     ]
             */
            allowed_origins?: string[];
            /** @enum {string} */
            status?: "active" | "inactive";
        };
        ChatbotList: {
            data: components["schemas"]["Chatbot"][];
            pagination: {
                page: number;
                limit: number;
                total: number;
                total_pages: number;
            };
        };
        RoutingSettings: {
            /** @description The team this chatbot's escalations go to (null: none) */
            team_id: string | null;
        };
        /**
         * @description Any subset of the configuration. Nested settings are merged; arrays are replaced. Each update bumps version.
         * @example {
         *       "ai_settings": {
         *         "temperature": 0.8
         *       },
         *       "behavior_settings": {
         *         "response_delay": 500
         *       }
         *     }
         */
        UpdateChatbot: {
            /**
             * @description 3–50 characters. Name may contain only letters (English or Thai), digits, spaces, hyphens and underscores.
             * @example Support Bot
             */
            name?: string;
            description?: string | null;
            /** @enum {string} */
            personality?: "professional" | "friendly" | "casual";
            greeting_message?: string;
            business_hours?: {
                enabled?: boolean;
                /** @example Asia/Bangkok */
                timezone?: string;
                schedule?: {
                    monday?: components["schemas"]["DayHours"];
                    tuesday?: components["schemas"]["DayHours"];
                    wednesday?: components["schemas"]["DayHours"];
                    thursday?: components["schemas"]["DayHours"];
                    friday?: components["schemas"]["DayHours"];
                    saturday?: components["schemas"]["DayHours"];
                    sunday?: components["schemas"]["DayHours"];
                };
                offline_message?: string;
            };
            ai_settings?: {
                /**
                 * @description offline uses the built-in extractive answerer (no external calls).
                 * @enum {string}
                 */
                provider?: "offline" | "workers_ai" | "openai_compatible" | "anthropic";
                /** @example gpt-4o-mini */
                model?: string;
                /** @description Deprecated, always null: the endpoint is part of the workspace's provider settings (PUT /api/v1/ai/providers/:provider). */
                base_url?: null;
                temperature?: number;
                max_tokens?: number;
                enable_escalation?: boolean;
                escalation_triggers?: {
                    low_confidence_threshold?: number;
                    frustration_detection?: boolean;
                    explicit_request?: boolean;
                    max_failed_responses?: number;
                };
                enable_fallback_responses?: boolean;
                fallback_responses?: string[];
                custom_instructions?: string;
            };
            widget_settings?: {
                /** @enum {string} */
                position?: "bottom-right" | "bottom-left";
                theme?: {
                    /** @example #3B82F6 */
                    primary_color?: string;
                    /** @example #3B82F6 */
                    secondary_color?: string;
                    /** @example #3B82F6 */
                    text_color?: string;
                    /** @example #3B82F6 */
                    background_color?: string;
                };
                avatar_url?: string | null;
                button_text?: string;
                /** @enum {string} */
                size?: "small" | "medium" | "large";
                /** @enum {string} */
                locale?: "auto" | "en" | "th";
            };
            data_collection?: {
                collect_email?: boolean;
                collect_name?: boolean;
                collect_phone?: boolean;
                pre_chat_form_enabled?: boolean;
                custom_fields?: components["schemas"]["CustomField"][];
                /**
                 * @description Offer visitors "Download / delete my data" in the widget (export and erasure of their own data).
                 * @default false
                 */
                visitor_data_requests: boolean;
            };
            behavior_settings?: {
                response_delay?: number;
                show_typing_indicator?: boolean;
                enable_rich_responses?: boolean;
                /** @description Messages before the bot suggests a human. */
                max_conversation_length?: number;
                inactivity_timeout?: number;
                /**
                 * @description active: the bot answers everything; passive: only questions; off: humans only.
                 * @enum {string}
                 */
                bot_mode?: "active" | "passive" | "off";
                /** @description How long an escalated visitor waits for an agent before being offered to leave a message. */
                agent_reply_timeout_ms?: number;
                /** @description Minutes an escalation may wait unanswered before the visitor is told honestly (and offered email on the web) and the team is alerted again. Default 5. Applies to conversations started after the change. */
                escalation_wait_minutes?: number;
                /** @description Email the visitor a transcript of the conversation when it is resolved (when they gave an address; web and messaging channels, not email conversations). Default false. */
                transcript_email?: boolean;
                /** @description Archive this chatbot's resolved conversations this many days after resolution (null: the workspace's `archive_resolved_after_days`, 90 by default). */
                auto_archive_days?: number | null;
            };
            /**
             * @description Sites allowed to embed the widget. Exact origins or a wildcard subdomain (https://*.example.com).
             * @example [
             *       "https://shop.example.com",
             *       "https://*.example.com"
             *     ]
             */
            allowed_origins?: string[];
            /** @enum {string} */
            status?: "active" | "inactive" | "archived";
        };
        /** @description Name of the copy; default "<name> copy". */
        CloneChatbot: {
            /**
             * @description 3–50 characters. Name may contain only letters (English or Thai), digits, spaces, hyphens and underscores.
             * @example Support Bot
             */
            name?: string;
        };
        ChatbotVersionList: {
            current_version: number;
            data: {
                version: number;
                current: boolean;
                config: {
                    /**
                     * @description 3–50 characters. Name may contain only letters (English or Thai), digits, spaces, hyphens and underscores.
                     * @example Support Bot
                     */
                    name: string;
                    description: string | null;
                    /** @enum {string} */
                    personality: "professional" | "friendly" | "casual";
                    greeting_message: string;
                    business_hours: components["schemas"]["BusinessHours"];
                    ai_settings: components["schemas"]["AiSettings"];
                    widget_settings: components["schemas"]["WidgetSettings"];
                    data_collection: components["schemas"]["DataCollection"];
                    behavior_settings: components["schemas"]["BehaviorSettings"];
                    /**
                     * @description Sites allowed to embed the widget. Exact origins or a wildcard subdomain (https://*.example.com).
                     * @example [
                     *       "https://shop.example.com",
                     *       "https://*.example.com"
                     *     ]
                     */
                    allowed_origins: string[];
                };
                /** @description Settings that differ from the version before */
                changed_fields: string[];
                created_by: string | null;
                created_by_name: string | null;
                created_at: string;
                superseded_at: string | null;
            }[];
        };
        AiProviderStatus: {
            provider: string;
            configured: boolean;
            base_url: string | null;
            allow_private_network: boolean;
            updated_at: string | null;
        };
        AiProviderSecretRequest: {
            api_key?: string;
            /**
             * Format: uri
             * @description The endpoint the key may be sent to (null: the provider's default). Changing it for a stored key needs `api_key` again.
             */
            base_url?: string | null;
            /** @description Owner only: allow an endpoint on a private network (e.g. a self-hosted Ollama). Audited. */
            allow_private_network?: boolean;
        };
        Flow: {
            id: string;
            chatbot_id: string;
            name: string;
            trigger: components["schemas"]["FlowTrigger"];
            graph: components["schemas"]["FlowGraph"];
            enabled: boolean;
            published_version: number | null;
            published_version_id: string | null;
            created_at: string;
            updated_at: string;
        };
        FlowTrigger: {
            /** @enum {string} */
            type: "conversation_start" | "keyword" | "button";
            /** @description keyword: comma-separated words; button: the postback value */
            value?: string;
        };
        FlowGraph: {
            /** @enum {number} */
            schema_version?: 1;
            start: string;
            nodes: components["schemas"]["FlowNode"][];
        };
        /** @description message {text, choices?, style?, save_as?, next} · collect {prompt, input: text|email|phone|number, save_as, retry_text?, max_attempts?, fail_next?, next} · condition {rules[{var, op, value?, next}], else_next} · set {var, value, next} · tag {tags, next} · handoff {team_id, text?} · http {method, url (https), headers?, body?, map{var: path}, next, error_next} · wait {seconds, next} · end {text?} */
        FlowNode: {
            /** @enum {string} */
            type: "message" | "collect" | "condition" | "set" | "tag" | "handoff" | "http" | "wait" | "end";
            id: string;
        } & {
            [key: string]: unknown;
        };
        FlowTemplate: {
            id: string;
            name: string;
            description: string;
            trigger: components["schemas"]["FlowTrigger"];
            graph: components["schemas"]["FlowGraph"];
        };
        FlowCreate: {
            chatbot_id: string;
            name?: string;
            trigger?: components["schemas"]["FlowTrigger"];
            graph?: components["schemas"]["FlowGraph"];
            /** @description Start from a template (`GET /api/v1/flows/templates`) instead of a graph */
            template?: string;
        };
        FlowPatch: {
            name?: string;
            trigger?: components["schemas"]["FlowTrigger"];
            graph?: components["schemas"]["FlowGraph"];
            enabled?: boolean;
        };
        FlowVersion: {
            id: string;
            flow_id: string;
            version: number;
            trigger: components["schemas"]["FlowTrigger"];
            graph: components["schemas"]["FlowGraph"];
            published_by: string | null;
            created_at: string;
        };
        AutomationRule: {
            id: string;
            name: string;
            enabled: boolean;
            position: number;
            trigger: components["schemas"]["RuleTrigger"];
            /** @enum {string} */
            match: "all" | "any";
            conditions: components["schemas"]["RuleCondition"][];
            actions: components["schemas"]["RuleAction"][];
            stop_processing: boolean;
            created_at: string;
            updated_at: string;
        };
        RuleTrigger: {
            /** @enum {string} */
            type: "conversation_created" | "message_received" | "escalated" | "resolved" | "rated" | "order_paid" | "order_abandoned";
        } | {
            /** @enum {string} */
            type: "idle";
            /** @description No message for this long (checked every 15 minutes) */
            minutes: number;
        };
        RuleCondition: {
            /** @enum {string} */
            type: "page_url" | "referrer";
            /** @enum {string} */
            op: "contains" | "not_contains" | "equals" | "starts_with";
            value: string;
        } | {
            /** @enum {string} */
            type: "utm";
            /** @enum {string} */
            param: "source" | "medium" | "campaign" | "term" | "content";
            /** @enum {string} */
            op: "contains" | "not_contains" | "equals" | "starts_with";
            value: string;
        } | {
            /** @enum {string} */
            type: "country" | "language" | "device" | "chatbot" | "channel" | "intent";
            in: string[];
        } | {
            /** @enum {string} */
            type: "visit_count";
            /** @enum {string} */
            op: "gte" | "lte" | "eq";
            value: number;
        } | {
            /** @enum {string} */
            type: "returning" | "identified" | "business_hours";
            value: boolean;
        } | {
            /** @enum {string} */
            type: "tags";
            /** @enum {string} */
            op: "has_any" | "has_all" | "has_none";
            tags: string[];
        } | {
            /** @enum {string} */
            type: "text_contains";
            /** @description Any of these (case-insensitive) in the visitor's message */
            words: string[];
        };
        RuleAction: {
            /** @enum {string} */
            type: "assign_team";
            team_id: string;
        } | {
            /** @enum {string} */
            type: "assign_agent";
            agent_id: string;
        } | {
            /** @enum {string} */
            type: "set_priority";
            /** @enum {string} */
            priority: "low" | "normal" | "high" | "urgent";
        } | {
            /** @enum {string} */
            type: "add_tag" | "remove_tag";
            tags: string[];
        } | {
            /** @enum {string} */
            type: "send_message";
            text: string;
        } | {
            /** @enum {string} */
            type: "send_canned";
            canned_response_id: string;
        } | {
            /** @enum {string} */
            type: "start_flow";
            flow_id: string;
        } | {
            /** @enum {string} */
            type: "notify_email";
            to: string[];
            message?: string;
        } | {
            /** @enum {string} */
            type: "call_webhook";
            webhook_id: string;
        } | {
            /** @enum {string} */
            type: "resolve" | "close";
        };
        AutomationRuleInput: {
            /** @example VIP */
            name: string;
            enabled?: boolean;
            trigger: components["schemas"]["RuleTrigger"];
            /**
             * @description all (default): every condition; any: at least one
             * @enum {string}
             */
            match?: "all" | "any";
            conditions?: components["schemas"]["RuleCondition"][];
            actions: components["schemas"]["RuleAction"][];
            /** @description When this rule matches, later rules are not looked at for the same event */
            stop_processing?: boolean;
        };
        AutomationRuleOrder: {
            /** @description Every rule id of the workspace, first runs first */
            ids: string[];
        };
        AutomationRuleTest: {
            rule_id: string;
            conversation_id: string;
            matched: boolean;
            conditions: {
                index: number;
                type: string;
                matched: boolean;
                actual: string | null;
            }[];
            actions: {
                index: number;
                type: string;
                would: string;
            }[];
        };
        AutomationRuleTestInput: {
            conversation_id: string;
        };
        FaqImportReport: {
            imported: number;
            updated: number;
            skipped: number;
            errors: {
                row: number;
                message: string;
            }[];
        };
        Faq: {
            id: string;
            chatbot_id: string;
            question: string;
            answer: string;
            category: string | null;
            tags: string[];
            /** @enum {string} */
            priority: "high" | "medium" | "low";
            /** @enum {string} */
            status: "active" | "inactive" | "draft";
            usage_count: number;
            embedding_generated: boolean;
            created_by: string | null;
            created_at: string;
            updated_at: string;
        };
        CreateFaq: {
            chatbot_id: string;
            question: string;
            answer: string;
            category?: string | null;
            tags?: string[];
            /** @enum {string} */
            priority?: "high" | "medium" | "low";
            /** @enum {string} */
            status?: "active" | "inactive" | "draft";
        };
        UpdateFaq: {
            question?: string;
            answer?: string;
            category?: string | null;
            tags?: string[];
            /** @enum {string} */
            priority?: "high" | "medium" | "low";
            /** @enum {string} */
            status?: "active" | "inactive" | "draft";
        };
        KnowledgeDocument: {
            id: string;
            chatbot_id: string;
            filename: string;
            file_type: string;
            mime_type: string;
            size_bytes: number;
            content_hash: string;
            /** @enum {string} */
            status: "pending" | "processing" | "completed" | "failed";
            progress: number;
            error_code: string | null;
            error_message: string | null;
            error: {
                code: string;
                message: string;
            } | null;
            page_count: number | null;
            chunk_count: number;
            metadata: {
                [key: string]: unknown;
            };
            created_by: string | null;
            created_at: string;
            updated_at: string;
            processing_started_at: string | null;
            processed_at: string | null;
        };
        UrlSource: {
            id: string;
            chatbot_id: string;
            url: string;
            max_pages: number;
            max_depth: number;
            include_patterns: string[];
            exclude_patterns: string[];
            same_site: boolean;
            /** @enum {string} */
            schedule: "none" | "daily" | "weekly";
            /** @enum {string} */
            status: "pending" | "crawling" | "completed" | "failed";
            progress: number;
            pages_found: number;
            pages_crawled: number;
            pages_failed: number;
            chunk_count: number;
            error_code: string | null;
            crawl_started_at: string | null;
            last_crawled_at: string | null;
            next_crawl_at: string | null;
            created_at: string;
            updated_at: string;
        };
        CreateUrlSource: {
            chatbot_id: string;
            url: string;
            max_pages?: number;
            max_depth?: number;
            include_patterns?: string[];
            exclude_patterns?: string[];
            same_site?: boolean;
            crawl_settings?: {
                max_pages?: number;
                max_depth?: number;
                include_patterns?: string[];
                exclude_patterns?: string[];
                same_site?: boolean;
                follow_external_links?: boolean;
                respect_robots_txt?: boolean;
            };
            schedule?: ("none" | "daily" | "weekly") | {
                enabled: boolean;
                /** @enum {string} */
                frequency?: "daily" | "weekly";
            };
        };
        CrawlPage: {
            id: string;
            url: string;
            depth: number;
            status: string;
            http_status: number | null;
            title: string | null;
            chunk_count: number;
            error_code: string | null;
            crawled_at: string | null;
        };
        UpdateUrlSource: {
            max_pages?: number;
            max_depth?: number;
            include_patterns?: string[];
            exclude_patterns?: string[];
            same_site?: boolean;
            /** @enum {string} */
            schedule?: "none" | "daily" | "weekly";
        };
        KnowledgeTestResult: {
            [key: string]: unknown;
        };
        KnowledgeTestRequest: {
            chatbot_id: string;
            question?: string;
            /** @description Alias of question */
            query?: string;
            top_k?: number;
        };
        KnowledgeGapsReport: {
            [key: string]: unknown;
        };
        AnswerFeedback: {
            id: string;
            conversation_id: string;
            message_id: string;
            helpful: boolean;
            by: string;
            comment: string | null;
            created_at: string;
            updated_at: string;
        };
        AnswerFeedbackRequest: {
            conversation_id: string;
            message_id: string;
            helpful: boolean;
            comment?: string;
        };
        ImproveAnswerRequest: {
            chatbot_id: string;
            question: string;
            answer: string;
            conversation_id?: string;
            message_id?: string;
        };
        ProductImportReport: {
            products_created: number;
            variants_created: number;
            variants_updated: number;
            skipped: number;
            errors: {
                row: number;
                message: string;
            }[];
        };
        Product: {
            id: string;
            name: string;
            description: string;
            category: string | null;
            tags: string[];
            /** @enum {string} */
            status: "active" | "draft" | "archived";
            images: string[];
            currency: string;
            tax_inclusive: boolean;
            variants: components["schemas"]["ProductVariant"][];
            created_at: string;
            updated_at: string;
        };
        ProductVariant: {
            id: string;
            product_id: string;
            sku: string;
            name: string;
            options: {
                [key: string]: string;
            };
            price: number;
            compare_at_price: number | null;
            stock: number;
            low_stock_threshold: number;
            /** @enum {string} */
            stock_state: "in_stock" | "low" | "out_of_stock";
            weight_grams: number | null;
            position: number;
        };
        CreateProduct: {
            name: string;
            description?: string;
            category?: string | null;
            tags?: string[];
            /** @enum {string} */
            status?: "active" | "draft" | "archived";
            images?: string[];
            variants: components["schemas"]["ProductVariantInput"][];
        };
        ProductVariantInput: {
            sku: string;
            name: string;
            options?: {
                [key: string]: string;
            };
            price: number;
            compare_at_price?: number | null;
            stock?: number;
            low_stock_threshold?: number;
            weight_grams?: number | null;
        };
        ProductPage: {
            data: components["schemas"]["Product"][];
            next_cursor: string | null;
        };
        ProductRecommendations: {
            similar: {
                product_id: string;
                name: string;
                score: number;
                in_stock: boolean;
            }[];
            bought_together: {
                product_id: string;
                name: string;
                score: number;
                in_stock: boolean;
            }[];
        };
        UpdateProduct: {
            name?: string;
            description?: string;
            category?: string | null;
            tags?: string[];
            /** @enum {string} */
            status?: "active" | "draft" | "archived";
            images?: string[];
        };
        ProductVariantPatch: {
            sku?: string;
            name?: string;
            options?: {
                [key: string]: string;
            };
            price?: number;
            compare_at_price?: number | null;
            stock?: number;
            low_stock_threshold?: number;
            weight_grams?: number | null;
        };
        ProductChatbots: {
            product_id: string;
            all_chatbots: boolean;
            chatbot_ids: string[];
        };
        SetProductChatbots: {
            chatbot_ids: string[];
        };
        ProductImage: {
            id: string;
            url: string;
            thumbnail_url: string;
        } & {
            [key: string]: unknown;
        };
        ProductImageUpload: {
            /** Format: binary */
            file: string;
        };
        PaymentSettings: {
            currency: string;
            tax_inclusive: boolean;
            payment_window_minutes: number;
            promptpay: {
                /** @enum {string} */
                id_type: "phone" | "national_id" | "ewallet";
                id: string;
                name: string | null;
            } | null;
            bank_transfer: {
                enabled: boolean;
                instructions: string | null;
            };
            cod: {
                enabled: boolean;
            };
            stripe: {
                configured: boolean;
                secret_key_hint: string | null;
            };
            methods: string[];
            slip_verification: {
                /** @enum {string} */
                provider: "slipok" | "easyslip";
                base_url: string;
                branch_id: string | null;
                api_key_hint: string;
            } | null;
        };
        PutPaymentSettings: {
            promptpay?: {
                /** @enum {string} */
                id_type: "phone" | "national_id" | "ewallet";
                id: string;
                name?: string;
            } | null;
            payment_window_minutes?: number;
            currency?: string;
            tax_inclusive?: boolean;
            bank_transfer?: {
                enabled: boolean;
                instructions?: string | null;
            };
            cod?: {
                enabled: boolean;
            };
            stripe?: {
                secret_key: string;
                webhook_secret: string;
            } | null;
            slip_verification?: {
                /** @enum {string} */
                provider: "slipok" | "easyslip";
                api_key: string;
                /** Format: uri */
                base_url?: string;
                branch_id?: string;
            } | null;
        };
        Order: {
            id: string;
            number: string;
            /** @enum {string} */
            status: "pending_payment" | "awaiting_confirmation" | "paid" | "fulfilled" | "shipped" | "delivered" | "cancelled" | "expired" | "refunded";
            total: number;
            currency: string;
        } & {
            [key: string]: unknown;
        };
        OrderActionNote: {
            note?: string;
        };
        ShipOrder: {
            tracking_number: string;
            /** Format: uri */
            tracking_url?: string;
            note?: string;
        };
        PaymentSlip: {
            id: string;
            order_id: string;
            /** @enum {string} */
            status: "pending" | "verified" | "mismatch" | "unreadable" | "duplicate" | "confirmed" | "rejected";
            trans_ref: string | null;
            sending_bank: string | null;
            content_type: string;
            size: number;
            duplicate_of_order_id: string | null;
            provider: string | null;
            provider_amount: number | null;
            provider_note: string | null;
            created_at: string;
        };
        NewWebhook: components["schemas"]["Webhook"] & {
            secret: string;
        };
        Webhook: {
            id: string;
            url: string;
            events: string[];
            active: boolean;
            failing: boolean;
            last_failure: string | null;
            created_at: string;
            updated_at: string;
        };
        CreateWebhook: {
            /** Format: uri */
            url: string;
            events: ("conversation.created" | "message.created" | "conversation.escalated" | "conversation.resolved" | "rating.created" | "lead.updated")[];
            active?: boolean;
        };
        UpdateWebhook: {
            /** Format: uri */
            url?: string;
            events?: ("conversation.created" | "message.created" | "conversation.escalated" | "conversation.resolved" | "rating.created" | "lead.updated")[];
            active?: boolean;
        };
        WebhookDelivery: {
            id: string;
            event: string;
            /** @enum {string} */
            status: "pending" | "retrying" | "delivered" | "failed" | "skipped";
            attempts: number;
            response_status: number | null;
            response_excerpt: string | null;
            request_excerpt: string;
            error: string | null;
            created_at: string;
            updated_at: string;
        };
        ContactPage: {
            data: components["schemas"]["Contact"][];
            next_cursor: string | null;
        };
        Contact: {
            id: string;
            name: string | null;
            email: string | null;
            phone: string | null;
            merged_into_id: string | null;
            visitor_ids: string[];
        } & {
            [key: string]: unknown;
        };
        ContactProfile: {
            id: string;
            name: string | null;
            email: string | null;
            phone: string | null;
            merged_into_id: string | null;
            visitor_ids: string[];
            conversations: ({
                id: string;
            } & {
                [key: string]: unknown;
            })[];
            orders: ({
                id: string;
                number: string;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        MergeContact: {
            contact_id: string;
        };
        LeadPage: {
            data: components["schemas"]["Lead"][];
            next_cursor: string | null;
        };
        Lead: {
            id: string;
            title: string;
            /** @enum {string} */
            stage: "new" | "contacted" | "qualified" | "won" | "lost";
            value: number | null;
            currency: string;
            /** @enum {string} */
            source: "chatbot" | "page" | "campaign" | "checkout" | "form" | "manual" | "import";
            contact: components["schemas"]["Contact"] & (Record<string, never> | null);
        } & {
            [key: string]: unknown;
        };
        LeadDetail: {
            id: string;
            title: string;
            /** @enum {string} */
            stage: "new" | "contacted" | "qualified" | "won" | "lost";
            value: number | null;
            currency: string;
            /** @enum {string} */
            source: "chatbot" | "page" | "campaign" | "checkout" | "form" | "manual" | "import";
            contact: components["schemas"]["Contact"] & (Record<string, never> | null);
            timeline: ({
                from: string | null;
                to: string;
                actor: string;
                at: string;
            } & {
                [key: string]: unknown;
            })[];
            tasks: ({
                id: string;
                title: string;
                done: boolean;
            } & {
                [key: string]: unknown;
            })[];
        } & {
            [key: string]: unknown;
        };
        CreateLead: {
            title: string;
            /** @enum {string} */
            stage?: "new" | "contacted" | "qualified" | "won" | "lost";
            contact_id?: string;
            contact?: {
                name?: string;
                /** Format: email */
                email?: string;
                phone?: string;
            };
            owner_user_id?: string | null;
            value?: number | null;
            currency?: string;
            /** @enum {string} */
            source?: "chatbot" | "page" | "campaign" | "checkout" | "form" | "manual" | "import";
            chatbot_id?: string;
            conversation_id?: string;
            /** Format: uri */
            source_page?: string;
            utm?: {
                source?: string;
                medium?: string;
                campaign?: string;
            };
            notes?: string;
        };
        UpdateLead: {
            title?: string;
            /** @enum {string} */
            stage?: "new" | "contacted" | "qualified" | "won" | "lost";
            stage_note?: string;
            owner_user_id?: string | null;
            value?: number | null;
            notes?: string;
            contact_id?: string | null;
            tasks?: {
                add?: {
                    title: string;
                    /** Format: date-time */
                    due_at?: string;
                }[];
                done?: string[];
            };
        };
        Channel: {
            id: string;
            /** @enum {string} */
            type: "line" | "telegram" | "messenger" | "instagram" | "whatsapp" | "email";
            chatbot_id: string;
            name: string | null;
            active: boolean;
            webhook_url: string;
            /** @description When the provider last reached the webhook with a verified event */
            last_event_at: string | null;
            /** @description Messenger, Instagram, WhatsApp: the webhook's verify token for the Meta app dashboard, only in the answer to the connect call */
            verify_token?: string;
            /** @description Email: forward the support mailbox to `inbound_address`; replies are sent as `from` (no 24-hour window) */
            email?: {
                inbound_address: string | null;
                support_address: string;
                from_name: string | null;
                from: string;
                /** @enum {string} */
                reply_window: "none";
            };
            created_at: string;
            updated_at: string;
        };
        CreateChannel: {
            /** @enum {string} */
            type: "line" | "telegram" | "messenger" | "instagram" | "whatsapp" | "email";
            chatbot_id: string;
            name?: string;
            /** @description Provider secrets, stored encrypted and never returned. LINE: `{channel_secret, channel_access_token}`; Telegram: `{bot_token}` (the bot's webhook is set with a generated secret token); Messenger, Instagram: `{page_access_token, app_secret}`; WhatsApp: `{phone_number_id, waba_id, access_token, app_secret}`; email: `{support_address, from_name?, resend_api_key?}` */
            config: {
                [key: string]: unknown;
            };
        };
        ChannelVerification: {
            ok: boolean;
            checks: {
                /** @enum {string} */
                key: "credentials" | "webhook" | "events";
                ok: boolean;
                detail: string | null;
            }[];
            last_event_at: string | null;
        };
        ChannelDelivery: {
            message_id: string;
            channel_id: string;
            /** @enum {string} */
            status: "pending" | "sending" | "retrying" | "sent" | "delivered" | "read" | "failed";
            method: string | null;
            attempts: number;
            error: string | null;
            updated_at: string;
        };
        ChannelTemplate: {
            name: string;
            language: string;
            category: string | null;
            body: string;
            param_count: number;
            synced_at: string;
        };
        WidgetConfig: {
            name: string;
            greeting_message: string;
            widget_settings: components["schemas"]["WidgetSettings"];
            data_collection: components["schemas"]["DataCollection"];
            business_hours: {
                enabled: boolean;
                /** @example Asia/Bangkok */
                timezone: string;
                schedule: components["schemas"]["WeeklySchedule"];
            };
            /** @description Whether the team is within business hours right now */
            online: boolean;
            offline_message: string;
            /** @enum {string} */
            locale: "auto" | "en" | "th";
            show_typing_indicator: boolean;
        };
        StoredAttachment: {
            id: string;
            name: string;
            content_type: string;
            size: number;
            url: string;
            created_at: string;
        };
        WidgetSession: {
            visitor_token: string;
            expires_in: number;
            visitor_id: string;
            /** @description Only for a new visitor; keep it to resume history later */
            visitor_secret?: string;
            conversations: {
                id: string;
                status: string;
                last_message_preview: string | null;
                last_message_at: string | null;
                created_at: string;
            }[];
        };
        WidgetSessionRequest: {
            chatbot_key: string;
            visitor_id?: string;
            visitor_secret?: string;
            page: {
                /** Format: uri */
                url: string;
                title?: string;
                referrer?: string;
            };
            locale?: string;
        };
        ConversationView: {
            id: string;
            workspace_id: string;
            chatbot_id: string;
            visitor_id: string;
            /** @enum {string} */
            status: "active" | "waiting" | "escalated" | "agent_handling" | "resolved" | "abandoned" | "archived";
            /** @enum {string} */
            mode: "bot" | "human";
            /** @enum {string} */
            bot_mode: "active" | "passive" | "off";
            assigned_agent: {
                id: string;
                name: string;
            } | null;
            assigned_agent_id: string | null;
            subject: string | null;
            last_message_preview: string | null;
            last_message_at: string | null;
            message_count: number;
            last_seq: number;
            escalation_reason: string | null;
            rating: number | null;
            rating_comment: string | null;
            channel: string;
            created_at: string;
            updated_at: string;
            resolved_at: string | null;
        };
        WidgetConversationInput: {
            pre_chat?: {
                name?: string;
                /** Format: email */
                email?: string;
                phone?: string;
                custom?: {
                    [key: string]: string | number | boolean;
                };
            };
            offline_message?: string;
        };
        SocketTicket: {
            ticket: string;
            /** @description Seconds; the ticket is single use */
            expires_in: number;
        };
        RatingInput: {
            rating: number;
            comment?: string;
        };
        VisitorDataExport: {
            [key: string]: unknown;
        };
        VisitorErasure: {
            visitor_id: string;
            conversations: number;
            messages: number;
            attachments: number;
        };
        EraseOwnDataInput: {
            /** @enum {boolean} */
            confirm: true;
        };
        AddCartItem: {
            variant_id: string;
            /** @default 1 */
            quantity: number;
        };
        SetCartItem: {
            quantity: number;
        };
        Checkout: {
            /** @enum {string} */
            payment_method: "promptpay" | "bank_transfer" | "cod" | "stripe";
            customer: {
                name: string;
                phone: string;
                /** Format: email */
                email?: string;
            };
            shipping?: {
                address_line1: string;
                address_line2?: string;
                subdistrict?: string;
                district?: string;
                province?: string;
                postcode?: string;
                country?: string;
            };
            note?: string;
            accept_price_changes?: boolean;
        };
        SlipUpload: {
            /** Format: binary */
            file: string;
        };
        ConversationPage: {
            data: components["schemas"]["ConversationListItem"][];
            next_cursor: string | null;
            has_more: boolean;
            applied_filters: {
                status?: string[] | null;
                chatbot_id?: string;
                channel?: string;
                assigned_agent_id?: string;
                tags?: string[] | null;
                from?: string;
                to?: string;
                /** @enum {string} */
                date_field?: "created_at" | "last_message_at";
                rating_min?: number;
                rating_max?: number;
                has_notes?: boolean;
                visitor_id?: string;
                /** @enum {string} */
                sort?: "last_message_at" | "created_at";
                /** @enum {string} */
                order?: "asc" | "desc";
            };
        };
        ConversationListItem: {
            id: string;
            chatbot_id: string;
            /** @enum {string} */
            status: "active" | "waiting" | "escalated" | "agent_handling" | "resolved" | "abandoned" | "archived";
            /** @enum {string} */
            mode: "bot" | "human";
            /** @enum {string} */
            bot_mode: "active" | "passive" | "off";
            channel: string;
            visitor: {
                id: string;
                name: string | null;
                email: string | null;
            };
            assigned_agent_id: string | null;
            assigned_agent: {
                id: string;
                name: string;
                email: string;
            } | null;
            subject: string | null;
            last_message_preview: string | null;
            last_message_at: string | null;
            message_count: number;
            unread_count: number;
            tags: string[];
            satisfaction_rating: number | null;
            has_notes: boolean;
            escalation_reason: string | null;
            created_at: string;
            updated_at: string;
            resolved_at: string | null;
        };
        MessageSearchResults: {
            data: {
                conversation_id: string;
                message_id: string;
                seq: number;
                role: string;
                created_at: string;
                snippet: string;
                snippet_html: string;
                highlights: {
                    text: string;
                    match: boolean;
                }[];
                conversation: {
                    status: string;
                    chatbot_id: string;
                    visitor_name: string | null;
                    visitor_email: string | null;
                };
            }[];
            visitor_matches: {
                conversation_id: string;
                status: string;
                visitor_name: string | null;
                visitor_email: string | null;
                last_message_preview: string | null;
                last_message_at: string | null;
            }[];
            next_offset: number | null;
            query_terms: string[];
        };
        ConversationDetail: components["schemas"]["ConversationListItem"] & {
            visitor?: components["schemas"]["VisitorPanel"];
            rating_comment: string | null;
            messages: components["schemas"]["ThreadMessage"][];
            messages_page: {
                has_more_before: boolean;
                has_more_after: boolean;
            };
            internal_notes: components["schemas"]["InternalNote"][];
            events: {
                id: string;
                type: string;
                from_status: string | null;
                to_status: string | null;
                actor: string | null;
                data: {
                    [key: string]: unknown;
                };
                created_at: string;
            }[];
            attachments: components["schemas"]["StoredAttachment"][];
        };
        VisitorPanel: {
            id: string;
            name: string | null;
            email: string | null;
            phone: string | null;
            current_page: string | null;
            page_history: unknown[];
            landing_page: string | null;
            referrer: string | null;
            device: {
                type: string | null;
                browser: string | null;
                os: string | null;
            };
            location: {
                country: string | null;
                city: string | null;
            };
            locale: string | null;
            visit_count: number;
            custom_attributes: {
                [key: string]: unknown;
            };
            banned: boolean;
            first_seen_at: string | null;
            last_seen_at: string | null;
            previous_conversations: {
                id: string;
                status: string;
                subject: string | null;
                last_message_preview: string | null;
                last_message_at: string | null;
                created_at: string;
            }[];
        };
        ThreadMessage: {
            id: string;
            conversation_id: string;
            seq: number;
            /** @enum {string} */
            role: "visitor" | "bot" | "agent" | "system";
            author: {
                id?: string;
                name?: string;
            };
            text: string;
            rich?: {
                buttons?: {
                    label: string;
                    /** @enum {string} */
                    action: "open_url" | "postback" | "add_to_cart" | "talk_to_human";
                    value: string;
                }[];
                quick_replies?: string[];
                cards?: {
                    title: string;
                    subtitle?: string;
                    /** Format: uri */
                    image_url?: string;
                    price?: {
                        amount: number;
                        currency: string;
                    };
                    buttons?: {
                        label: string;
                        /** @enum {string} */
                        action: "open_url" | "postback" | "add_to_cart" | "talk_to_human";
                        value: string;
                    }[];
                    product?: {
                        product_id: string;
                        variant_id: string;
                        /** @enum {string} */
                        stock_state: "in_stock" | "low" | "out_of_stock";
                        stock: number;
                    };
                }[];
            };
            attachments?: {
                id?: string;
                url?: string;
                name: string;
                content_type: string;
                size: number;
            }[];
            created_at: string;
            ai?: {
                model: string;
                confidence: number;
                sources: {
                    id: string;
                    type: string;
                    title: string;
                    url?: string | null;
                    page?: number | null;
                    score: number;
                }[];
                intent: string;
                sentiment: string;
                latency_ms: number;
                tokens: {
                    prompt: number;
                    completion: number;
                };
            };
            sources?: {
                title: string;
                url?: string;
            }[];
            feedback?: boolean;
        };
        InternalNote: {
            id: string;
            conversation_id: string;
            content: string;
            author: {
                id: string | null;
                name: string | null;
            };
            mentions: {
                id: string;
                name: string;
            }[];
            created_at: string;
            updated_at: string;
        };
        ConversationTagsInput: {
            tags: string[];
        };
        NoteInput: {
            /** @example Refund approved. @sarah@example.com please follow up. */
            content: string;
        };
        SentMessage: {
            message_id: string;
            seq: number;
        };
        AgentMessageInput: {
            text: string;
            client_id: string;
        };
        ReturnToAiInput: {
            /** @enum {string} */
            bot_mode?: "passive" | "active";
        };
        ResolveInput: {
            note?: string;
            tags?: string[];
        };
        TransferInput: {
            agent_id: string;
        };
        RoutingPlacement: {
            /** @enum {string} */
            kind: "assigned" | "queued" | "unrouted";
            agent?: {
                id: string;
                name: string;
            };
            team_id?: string;
            position?: number;
            estimated_wait_seconds?: number;
        };
        RouteInput: {
            team_id: string;
        };
        ReplyWindow: {
            channel: string;
            /** @enum {string} */
            state: "open" | "human_agent" | "closed";
            closes_at: string | null;
            /** @description Only an approved template can reach the person now (WhatsApp after 24 h) */
            templates_required: boolean;
            last_inbound_at: string | null;
            templates: components["schemas"]["ChannelTemplate"][];
        };
        ChannelTemplateInput: {
            name: string;
            language: string;
            /** @default [] */
            parameters: string[];
            client_id: string;
        };
        CannedResponse: {
            id: string;
            title: string;
            shortcut: string;
            text: string;
            chatbot_id: string | null;
            created_by: string | null;
            created_at: string;
            updated_at: string;
        };
        CannedExpandResult: {
            text: string;
            used: string[];
        };
        CannedExpandInput: {
            text: string;
            conversation_id?: string;
        };
        CannedResponseInput: {
            title: string;
            /**
             * @description Normalised to lowercase `/words-with-dashes`; unique per workspace
             * @example /refund
             */
            shortcut: string;
            /** @example Hi {{visitor.name}}, refunds take 5 business days. */
            text: string;
            chatbot_id?: string | null;
        };
        SavedFilter: {
            id: string;
            name: string;
            filters: {
                status?: string[] | null;
                chatbot_id?: string;
                channel?: string;
                assigned_agent_id?: string;
                tags?: string[] | null;
                from?: string;
                to?: string;
                /** @enum {string} */
                date_field?: "created_at" | "last_message_at";
                rating_min?: number;
                rating_max?: number;
                has_notes?: boolean;
                visitor_id?: string;
                /** @enum {string} */
                sort?: "last_message_at" | "created_at";
                /** @enum {string} */
                order?: "asc" | "desc";
            };
            shared: boolean;
            is_default: boolean;
            user_id: string | null;
            created_at: string;
            updated_at: string;
        };
        SavedFilterInput: {
            name: string;
            filters: {
                status?: string[] | null;
                chatbot_id?: string;
                channel?: string;
                assigned_agent_id?: string;
                tags?: string[] | null;
                from?: string;
                to?: string;
                /** @enum {string} */
                date_field?: "created_at" | "last_message_at";
                rating_min?: number;
                rating_max?: number;
                has_notes?: boolean;
                visitor_id?: string;
                /** @enum {string} */
                sort?: "last_message_at" | "created_at";
                /** @enum {string} */
                order?: "asc" | "desc";
            };
            shared?: boolean;
            is_default?: boolean;
        };
        SavedFilterPatch: {
            name?: string;
            filters?: {
                status?: string[] | null;
                chatbot_id?: string;
                channel?: string;
                assigned_agent_id?: string;
                tags?: string[] | null;
                from?: string;
                to?: string;
                /** @enum {string} */
                date_field?: "created_at" | "last_message_at";
                rating_min?: number;
                rating_max?: number;
                has_notes?: boolean;
                visitor_id?: string;
                /** @enum {string} */
                sort?: "last_message_at" | "created_at";
                /** @enum {string} */
                order?: "asc" | "desc";
            };
            shared?: boolean;
            is_default?: boolean;
        };
        Notification: {
            id: string;
            type: string;
            data: {
                [key: string]: unknown;
            };
            read_at: string | null;
            created_at: string;
        };
        NotificationPreferences: {
            mention: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
            assignment: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
            escalation: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
            new_conversation: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
            offline_message: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
            failed_delivery: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
            daily_digest: {
                in_app: boolean;
                email: boolean;
                push: boolean;
            };
        };
        NotificationPreferencesChange: {
            mention?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
            assignment?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
            escalation?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
            new_conversation?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
            offline_message?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
            failed_delivery?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
            daily_digest?: {
                in_app?: boolean;
                email?: boolean;
                push?: boolean;
            };
        };
        PushSubscription: {
            id: string;
            endpoint_host: string;
            user_agent: string | null;
            created_at: string;
            last_sent_at: string | null;
        };
        PushSubscriptionIn: {
            /** Format: uri */
            endpoint: string;
            keys: {
                p256dh: string;
                auth: string;
            };
            expirationTime?: number | null;
        };
        SlackSettings: {
            connected: boolean;
            events: ("escalation" | "new_conversation")[];
            last_error: string | null;
            updated_at: string | null;
        };
        SlackSettingsChange: {
            webhook_url?: string;
            events?: ("escalation" | "new_conversation")[];
        };
        IpBan: {
            id: string;
            visitor_id: string | null;
            reason: string | null;
            created_by: string | null;
            created_at: string;
            expires_at: string;
        };
        BanVisitorInput: {
            reason: string;
            ban_ip?: boolean;
            ip_ban_hours?: number;
        };
        Billing: {
            plan: components["schemas"]["Plan"];
            /** @description none, trialing, active, past_due or canceled */
            status: string;
            interval: string | null;
            trial_ends_at: string | null;
            current_period_end: string | null;
            past_due_since: string | null;
            plan_expires_at: string | null;
            /** @description The usage period (calendar month, UTC) */
            period: {
                start: string;
                end: string;
            };
            /** @description null = unlimited; conversations and ai_replies are per month */
            limits: {
                [key: string]: number | null;
            };
            usage: {
                chatbots: number;
                seats: number;
                channels: number;
                conversations: number;
                ai_replies: number;
            };
            warnings: {
                metric: string;
                used: number;
                limit: number;
                level: 80 | 100;
            }[];
            plans: components["schemas"]["Plan"][];
        };
        Plan: {
            /** @enum {string} */
            id: "free" | "starter" | "pro" | "business";
            name: string;
            /** @description Minor units per currency (thb, usd) */
            prices: {
                [key: string]: {
                    monthly: number;
                    yearly: number;
                };
            };
            limits: {
                [key: string]: number | null;
            };
            features: {
                [key: string]: boolean | number;
            };
        };
        PlanPayment: {
            id: string;
            plan: string;
            months: number;
            /** @description Satang */
            amount: number;
            currency: string;
            /** @enum {string} */
            status: "awaiting_slip" | "awaiting_confirmation" | "confirmed" | "rejected" | "cancelled";
            slip: {
                trans_ref: string | null;
                sending_bank: string | null;
            } | null;
            note: string | null;
            period_start: string | null;
            period_end: string | null;
            /** @description `operator` or `slip:<provider>` */
            confirmed_by: string | null;
            confirmed_at: string | null;
            created_at: string;
        };
        PlanSlipUpload: {
            /** Format: binary */
            file: string;
        };
        AnalyticsExport: {
            id: string;
            kind: string;
            format: string;
            /** @enum {string} */
            status: "queued" | "running" | "done" | "failed";
            /** @description rows written so far (the progress) */
            rows: number;
            bytes: number;
            error: string | null;
            filters: {
                [key: string]: unknown;
            };
            created_at: string;
            finished_at: string | null;
            /** @description signed link, valid 15 minutes; fetch the job again for a fresh one */
            download_url: string | null;
            expires_at: string | null;
        };
        AnalyticsExportRequest: {
            /**
             * @description conversations: one row per conversation (facts); events: every reporting event; metrics: one row per day; messages: every message sent in the range; ratings: every rating with its comment; agents: one row per agent (the agents report)
             * @enum {string}
             */
            kind: "conversations" | "events" | "metrics" | "messages" | "ratings" | "agents";
            /**
             * @default csv
             * @enum {string}
             */
            format: "csv";
            /** @description ISO date or date-time; default: 7 days before `to` */
            from?: string;
            to?: string;
            chatbot_id?: string;
            agent_id?: string;
            channel?: string;
        };
        AnalyticsOverview: {
            conversations: number;
            resolved: number;
            bot_resolution: {
                confirmed: number;
                assumed: number;
                pending: number;
                bot_handled: number;
            };
            handoffs: number;
            handoff_rate: number | null;
            first_response_time: {
                median_s: number | null;
                p90_s: number | null;
            } & {
                [key: string]: unknown;
            };
            reply_time: {
                median_s: number | null;
                p90_s: number | null;
            } & {
                [key: string]: unknown;
            };
            resolution_time: {
                median_s: number | null;
                p90_s: number | null;
            } & {
                [key: string]: unknown;
            };
            /** @description agent assignment to resolution */
            handle_time: {
                median_s: number | null;
                p90_s: number | null;
            } & {
                [key: string]: unknown;
            };
            unique_visitors: number;
            /** @description share of ratings 4-5, 0-1; null without ratings */
            csat: number | null;
            /** @description how many conversations were rated */
            ratings: number;
            messages: number;
            abandoned: number;
            /** @description order placed / paid / refunded events from the order status moves */
            sales: {
                orders: number;
                paid_orders: number;
                refunded_orders: number;
                /** @description paid − refunded, in the shop currency's minor units */
                revenue_minor: number;
                refunded_minor: number;
                average_order_value_minor: number | null;
                /** @description paid orders per conversation of the range */
                conversion_rate: number | null;
                /** @description bot: conversations no person took part in; agent: the others */
                revenue_by: {
                    bot: number;
                    agent: number;
                };
                /** @description orders whose payment window passed unpaid */
                abandoned_checkouts: number;
                abandoned_minor: number;
                /** @description leads entering each stage in the range */
                lead_stage_changes: {
                    [key: string]: number;
                };
            };
            range: {
                [key: string]: unknown;
            };
            /** @description the same figures for the period of equal length just before */
            previous: {
                [key: string]: unknown;
            };
        };
        AnalyticsSeries: {
            [key: string]: unknown;
        };
        AnalyticsAgents: {
            [key: string]: unknown;
        };
        AnalyticsBot: {
            [key: string]: unknown;
        };
        AnalyticsSatisfaction: {
            [key: string]: unknown;
        };
        AnalyticsHeatmap: {
            [key: string]: unknown;
        };
        ChatbotAnalytics: {
            [key: string]: unknown;
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
