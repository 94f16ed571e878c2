// Generated from the API description (/api/openapi.json) by `npm run gen:api-types`.
// Do not edit: change the route schemas in src/ and run it again; a test fails while this file
// differs from what the routes describe.

export interface paths {
    "/healthz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: 200 while the process is up and serving, whatever the state of the database (see /readyz) */
        get: operations["checkLiveness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: 200 when the database answers a read and accepts a write, 503 with the reason otherwise, and from the moment the node starts shutting down */
        get: operations["checkReadiness"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign in to one account of a login and receive the session cookie, or a challenge for the second factor */
        post: operations["signIn"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/login/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Finish a sign-in with an authenticator code, a passkey or a recovery code, and receive the session cookie */
        post: operations["signInSecondFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/logout": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sign out: end the current session and clear the cookie */
        post: operations["signOut"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/switch": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Switch to the linked account of the same login */
        post: operations["switchAccount"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/password": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Change the login's password, ending its other sessions */
        post: operations["changePassword"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/reauthenticate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Confirm it is you again, so this session may do dangerous acts for the next 10 minutes
         * @description Answers a 403 `reauthentication_required` (whose `methods` say what this login can use). A wrong answer counts toward the sign-in limits and is audited as a failed sign-in.
         */
        post: operations["reauthenticate"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/auth/reauthenticate/passkey-options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start confirming it is you with a passkey: WebAuthn request options for the login's passkeys, with a new challenge (5 minutes, once)
         * @description Pass them to `startAuthentication({ optionsJSON })` and send the answer as `passkey` to POST /api/auth/reauthenticate. 409 `no_passkey` for a login without one.
         */
        post: operations["startPasskeyReauthentication"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether two-factor sign-in is set up for this login, and whether the workspace requires it */
        get: operations["getMySecondFactor"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor/totp": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start setting up an authenticator app: a new secret, its otpauth:// URI and QR code */
        post: operations["startTotpEnrolment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor/totp/confirm": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Confirm the authenticator app with a current code; answers the ten recovery codes, once */
        post: operations["confirmTotpEnrolment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor/remove": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Remove the login's authenticator app and recovery codes, proven with the password or a current code */
        post: operations["removeMySecondFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/accounts/{id}/reset-second-factor": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Reset an account's two-factor sign-in: its login's sessions end and its next sign-in enrols again */
        post: operations["resetSecondFactor"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor/passkeys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The login's passkeys and security keys */
        get: operations["listMyPasskeys"];
        put?: never;
        /** Add a passkey with the browser's answer to the creation options; the login's first factor also answers ten recovery codes, once */
        post: operations["addPasskey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor/passkeys/options": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Start adding a passkey: WebAuthn creation options with a new challenge (5 minutes, once) */
        post: operations["startPasskeyEnrolment"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/second-factor/passkeys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one of your passkeys; it no longer signs in */
        delete: operations["removePasskey"];
        options?: never;
        head?: never;
        /** Rename one of your passkeys */
        patch: operations["renamePasskey"];
        trace?: never;
    };
    "/api/me": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The current account, its workspace, session and linked account */
        get: operations["getMe"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The login's sessions of the last 7 days, the current one marked: the current one first, then active, then ended, newest first */
        get: operations["listMySessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** End one of the login's own sessions */
        delete: operations["endMySession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/sessions/end-others": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every session of the login except the current one */
        post: operations["endMyOtherSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/sessions/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One session: everything known about it, its history in the audit log, and whether the caller may end it */
        get: operations["getSession"];
        put?: never;
        post?: never;
        /** End one session of the workspace by id */
        delete: operations["endSession"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/agents": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The agent accounts with presence, session status and active sessions */
        get: operations["listAgents"];
        put?: never;
        /** Create an agent account (an existing email joins its login) */
        post: operations["createAgent"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/admins": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The administrator accounts with presence, session status and active sessions */
        get: operations["listAdmins"];
        put?: never;
        /** Create an administrator account (an existing email joins its login) */
        post: operations["createAdmin"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/accounts/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An account profile with its sessions and its linked account */
        get: operations["getAccount"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Rename, disable or enable an account, or change its grants */
        patch: operations["updateAccount"];
        trace?: never;
    };
    "/api/team/accounts/{id}/end-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every active session of one account */
        post: operations["endAccountSessions"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/end-sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** End every active session of many accounts, reported per account */
        post: operations["endSessionsOfAccounts"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/security": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Settings › Security: idle timeout, lifetime, session limit, IP allow list, two-factor requirement */
        get: operations["getSecuritySettings"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Change Settings › Security, or preview with dryRun what the change would end */
        patch: operations["updateSecuritySettings"];
        trace?: never;
    };
    "/api/security/sessions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every active session of the workspace, searched and filtered by place, device and how it was authenticated */
        get: operations["listActiveSessions"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/security/sessions/facets": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** What the Active sessions filters can choose from: countries and their cities, devices, browsers, systems, methods, flags, with counts */
        get: operations["activeSessionFacets"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The caller’s working hours now: inside or not, when the shift ends, when the next starts */
        get: operations["getMyWorkingHours"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/settings/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s time zone and default weekly schedule of agents */
        get: operations["getWorkspaceHours"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set the time zone and the default weekly schedule (null: none, agents without their own are never restricted) */
        patch: operations["updateWorkspaceHours"];
        trace?: never;
    };
    "/api/team/accounts/{id}/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An agent’s schedule, exceptions, today’s extension and where it stands now */
        get: operations["getAgentHours"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        /** Set an agent’s own weekly schedule (null: the workspace’s default applies) */
        patch: operations["updateAgentSchedule"];
        trace?: never;
    };
    "/api/team/working-hours": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set the weekly schedule of several agents at once; reports per account what it did */
        post: operations["bulkUpdateAgentSchedules"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/accounts/{id}/working-hours/exceptions": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Set one date’s hours of an agent instead of its weekday’s (an empty list: a day off) */
        post: operations["setShiftException"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/accounts/{id}/working-hours/exceptions/{date}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Remove one date’s exception of an agent */
        delete: operations["deleteShiftException"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/team/accounts/{id}/working-hours/extend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Extend an agent’s shift for today until a time (its next "HH:MM" in the workspace’s zone, within 24 hours) */
        post: operations["extendShift"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The audit log, newest first, filtered and paged */
        get: operations["listAuditEvents"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/audit.csv": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The filtered audit log as streamed CSV */
        get: operations["exportAuditCsv"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/introspect": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Is this session cookie valid? (RFC 7662 token introspection, with a service key) */
        post: operations["introspectToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/keys": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The service keys of the workspace */
        get: operations["listServiceKeys"];
        put?: never;
        /** Create a service key; its secret is shown once */
        post: operations["createServiceKey"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/keys/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke a service key */
        delete: operations["revokeServiceKey"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/stream": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Revocation stream: every session of the key’s workspace that ends, as Server-Sent Events
         * @description Server-Sent Events for apps that keep a short cache of introspection answers (the `@gatehouse/client` package does). Authenticated by a service key as a Bearer token, like `POST /api/introspect`; cookies are refused. First `event: ready`; then `event: session.ended` with `data: {"sid", "sub", "reason"}` for every session of the key's workspace that ends, on any node; `event: resync` when ends may have been missed (drop every cached answer); a comment line every 15 s. At most 10 open streams per key per node (429 `too_many_streams`). Revoking the key closes its streams.
         */
        get: operations["streamRevocations"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The login's personal access tokens */
        get: operations["listMyTokens"];
        put?: never;
        /** Create a personal access token; its secret is shown once */
        post: operations["createMyToken"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/me/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke one of my personal access tokens */
        delete: operations["revokeMyToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/tokens": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Every personal access token of the workspace */
        get: operations["listAccessTokens"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/tokens/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        post?: never;
        /** Revoke any personal access token of the workspace */
        delete: operations["revokeAccessToken"];
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/webhooks": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The workspace’s webhook endpoints, each with how its latest delivery went */
        get: operations["listWebhooks"];
        put?: never;
        /** Registers an endpoint for some events; its signing secret is in this answer only */
        post: operations["createWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/webhooks/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One webhook endpoint */
        get: operations["getWebhook"];
        put?: never;
        post?: never;
        /** Deletes an endpoint and its deliveries; nothing still pending is sent */
        delete: operations["deleteWebhook"];
        options?: never;
        head?: never;
        /** Changes an endpoint’s URL, events, description, or turns it off and on */
        patch: operations["updateWebhook"];
        trace?: never;
    };
    "/api/integrations/webhooks/{id}/rotate-secret": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** A new signing secret, shown once; the old one still signs beside it for 24 hours */
        post: operations["rotateWebhookSecret"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/webhooks/{id}/deliveries": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** An endpoint’s deliveries, newest first, with status, response code and attempts */
        get: operations["listWebhookDeliveries"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/webhooks/{id}/deliveries/{deliveryId}/resend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sends a delivery’s message again now, as a new delivery with the same webhook-id */
        post: operations["resendWebhookDelivery"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/integrations/webhooks/{id}/test": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /** Sends a webhook.test message to this endpoint, whatever events it takes */
        post: operations["testWebhook"];
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/api/presence": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Who is online now (for routing cases), by name, paged */
        get: operations["listOnline"];
        put?: never;
        post?: never;
        delete?: never;
        options?: never;
        head?: never;
        patch?: never;
        trace?: never;
    };
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Prometheus metrics (text format 0.0.4); with METRICS_TOKEN set, send it as a Bearer token */
        get: operations["getMetrics"];
        put?: never;
        post?: never;
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
        /** AccessToken */
        AccessToken: {
            id: string;
            name: string;
            /** @description The first characters of the secret, to tell tokens apart. */
            prefix: string;
            /** @enum {string} */
            scope: "read" | "full";
            /** @enum {string} */
            status: "active" | "expired" | "revoked";
            /** @description The account the token acts as. */
            account: {
                id: string;
                name: string;
                email: string;
                /** @enum {string} */
                role: "agent" | "admin";
            };
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            expiresAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
            lastUsedIp: string | null;
            /** Format: date-time */
            revokedAt: string | null;
            revokedBy: {
                id: string;
                name: string | null;
            } | null;
            /** @enum {string|null} */
            revokeReason: "revoked" | "account_disabled" | "password_changed" | null;
        };
        /** Account */
        Account: {
            id: string;
            name: string;
            email: string;
            /** @enum {string} */
            role: "agent" | "admin";
            isPrimary: boolean;
            /** @description The primary administrator’s own account: its administrator account, or the agent account linked to it. Rule 1 protects both: a sub-administrator never ends, disables or edits them, nor ends their sessions. */
            ofPrimaryAdministrator: boolean;
            disabled: boolean;
            grants: ("team.agents" | "team.admins" | "settings.security" | "audit" | "integrations")[];
            /** Format: date-time */
            createdAt: string;
            /** @enum {string} */
            presence: "online" | "offline";
            idle: boolean;
            /**
             * Format: date-time
             * @description Offline accounts: when it was last seen, the latest contact of any of its console tabs or else the last activity of any of its sessions. Null while online, or if it never signed in.
             */
            lastSeenAt: string | null;
            /** @enum {string} */
            sessionStatus: "active" | "none";
            activeSessions: components["schemas"]["Session"][];
            linkedAccount: components["schemas"]["AccountRef"] | null;
        };
        /** AccountRef */
        AccountRef: {
            id: string;
            /** @enum {string} */
            role: "agent" | "admin";
            name: string;
            disabled: boolean;
        };
        /** ActiveSessionFacets */
        ActiveSessionFacets: {
            /** @description Countries with active sessions, most first; local-network and unknown addresses have none. */
            countries: {
                code: string;
                name: string;
                count: number;
                cities: {
                    value: string;
                    count: number;
                }[];
            }[];
            deviceTypes: {
                value: string;
                count: number;
            }[];
            /** @description Browser families, without their versions. */
            browsers: {
                value: string;
                count: number;
            }[];
            /** @description Operating-system families, without their versions. */
            oses: {
                value: string;
                count: number;
            }[];
            /** @description Every way a session can be authenticated, found or not, in words. */
            authMethods: {
                /** @enum {string} */
                value: "password" | "password+totp" | "password+passkey" | "recovery_code";
                label: string;
                count: number;
            }[];
            flags: {
                /** @enum {string} */
                value: "new_device" | "new_location";
                count: number;
            }[];
        };
        /** AgentHours */
        AgentHours: {
            accountId: string;
            timeZone: string;
            /** @description The agent’s own schedule; null: the workspace’s default applies */
            schedule: components["schemas"]["WeekSchedule"] | null;
            /** @description Shifts per weekday; a day left out or empty is a day off. */
            workspaceSchedule: components["schemas"]["WeekSchedule"] | null;
            /** @description From today on */
            exceptions: components["schemas"]["ShiftException"][];
            /**
             * Format: date-time
             * @description Today’s extension, while it runs
             */
            extendedUntil: string | null;
            now: components["schemas"]["HoursNow"];
        };
        /** AuditEvent */
        AuditEvent: {
            id: number;
            /** Format: date-time */
            at: string;
            type: string;
            actor: {
                id: string | null;
                label: string | null;
            } | null;
            target: {
                id: string | null;
                label: string | null;
            } | null;
            sessionId: string | null;
            ip: string | null;
            detail: {
                [key: string]: unknown;
            };
            /** @description The detail in words (no JSON, no internal ids), as the console and the CSV show it. */
            summary?: string;
        };
        /** BulkEndResult */
        BulkEndResult: {
            accountId: string;
            /** @enum {string} */
            status: "ended" | "refused";
            ended?: number;
            error?: {
                code: string;
                message: string;
            };
        };
        /** BulkHoursResult */
        BulkHoursResult: {
            accountId: string;
            /** @enum {string} */
            status: "updated" | "refused";
            error?: {
                code: string;
                message: string;
            };
        };
        /** Error */
        Error: {
            error: {
                /** @description A snake_case code from docs/errors.md. */
                code: string;
                /** @description A sentence for a person. */
                message: string;
                /** @description On invalid_request: the body field to fix, when the refusal is about one ("password", "grants[0]"). */
                field?: string;
                /** @description On invalid_request from the schema: the rule broken (required, minLength, maxLength, format, type, enum, pattern, …). */
                rule?: string;
                /** @description With a length or count rule: its bound. */
                limit?: number;
            } & {
                [key: string]: unknown;
            };
        };
        /** HoursNow */
        HoursNow: {
            timeZone: string;
            /** @description false: no schedule applies (administrators; agents while none is set): never signed out by shifts */
            restricted: boolean;
            inside: boolean;
            /**
             * Format: date-time
             * @description While inside: when the current shift ends (null: not within a week)
             */
            endsAt: string | null;
            /**
             * Format: date-time
             * @description When the next shift starts (null: none within a year)
             */
            nextStartsAt: string | null;
        };
        /** Introspection */
        Introspection: {
            active: boolean;
            /** @description The account id. */
            sub?: string;
            /** @description The session id. */
            sid?: string;
            /** @enum {string} */
            role?: "agent" | "admin";
            /** @description The workspace's slug. */
            workspace?: string;
            /** @description When the session started, in seconds since the epoch. */
            iat?: number;
            /** @description When the session expires unless it is used again (idle timeout) or at the latest (lifetime), in seconds since the epoch. */
            exp?: number;
            name?: string;
            email?: string;
        };
        /** Me */
        Me: {
            account: {
                id: string;
                name: string;
                email: string;
                /** @enum {string} */
                role: "agent" | "admin";
                isPrimary: boolean;
                grants: ("team.agents" | "team.admins" | "settings.security" | "audit" | "integrations")[];
            };
            workspace: {
                id: string;
                slug: string;
                name: string;
            };
            session: {
                id: string;
                startedAt: string;
                lastActiveAt: string;
                ip: string;
                /** @enum {string} */
                authMethod: "password" | "password+totp" | "password+passkey" | "recovery_code";
                /**
                 * @description `second_factor_enrolment`: this session reaches nothing but two-factor enrolment until the login enrols (every other call answers 403 `second_factor_required`).
                 * @enum {string|null}
                 */
                restriction: "second_factor_enrolment" | null;
            };
            linkedAccount: components["schemas"]["AccountRef"] | null;
        };
        /** OnlineAccount */
        OnlineAccount: {
            accountId: string;
            name: string;
            /** @enum {string} */
            role: "agent" | "admin";
            /** Format: date-time */
            since: string;
        };
        /** Passkey */
        Passkey: {
            /** @description The credential id (base64url). */
            id: string;
            name: string;
            /** @description How the browser reached it: internal, usb, nfc, ble, hybrid… */
            transports: string[];
            /** Format: date-time */
            createdAt: string;
            /** Format: date-time */
            lastUsedAt: string | null;
        };
        /** PasskeyAdded */
        PasskeyAdded: {
            passkey: components["schemas"]["Passkey"];
            /** @description Ten single-use codes when this is the login’s first factor (shown this once), otherwise empty. */
            recoveryCodes: string[];
        };
        /** PasskeyAuthenticationResponse */
        PasskeyAuthenticationResponse: {
            id: string;
            rawId: string;
            /** @enum {string} */
            type: "public-key";
            authenticatorAttachment?: string;
            clientExtensionResults?: Record<string, never>;
            response: {
                clientDataJSON: string;
                authenticatorData: string;
                signature: string;
                userHandle?: string;
            };
        };
        /** PasskeyCreationOptions */
        PasskeyCreationOptions: {
            challenge: string;
            rpId?: string;
            timeout?: number;
        } & {
            [key: string]: unknown;
        };
        /** PasskeyRegistrationResponse */
        PasskeyRegistrationResponse: {
            id: string;
            rawId: string;
            /** @enum {string} */
            type: "public-key";
            authenticatorAttachment?: string;
            clientExtensionResults?: Record<string, never>;
            response: {
                clientDataJSON: string;
                attestationObject: string;
                authenticatorData?: string;
                transports?: string[];
                publicKeyAlgorithm?: number;
                publicKey?: string;
            };
        };
        /** PasskeyRequestOptions */
        PasskeyRequestOptions: {
            challenge: string;
            rpId?: string;
            timeout?: number;
        } & {
            [key: string]: unknown;
        };
        /** Profile */
        Profile: {
            account: components["schemas"]["Account"];
            sessions: components["schemas"]["Session"][];
            linkedAccount: components["schemas"]["Account"] | null;
            linkedSessions: components["schemas"]["Session"][];
        };
        /** Reauthenticated */
        Reauthenticated: {
            /** @enum {string} */
            method: "password" | "totp" | "passkey" | "recovery_code";
            /** Format: date-time */
            reauthenticatedAt: string;
            /**
             * Format: date-time
             * @description Dangerous acts are allowed to this session without asking again until then (10 minutes).
             */
            validUntil: string;
        };
        /** RecoveryCodes */
        RecoveryCodes: {
            /** @description Ten single-use codes; shown this once, only their hashes are kept. */
            recoveryCodes: string[];
        };
        /** SecondFactorChallenge */
        SecondFactorChallenge: {
            /** @enum {string} */
            next: "second_factor";
            /** @description Send it to POST /api/auth/login/second-factor with a code or a passkey within 5 minutes; it works once. */
            challenge: string;
            /** Format: date-time */
            expiresAt: string;
            /** @description How this login can finish: `totp` when it has an authenticator app, `passkey` when it has a passkey. */
            methods: ("totp" | "passkey" | "recovery_code")[];
            /** @description With `passkey` among the methods: WebAuthn request options bound to this challenge, for `startAuthentication({ optionsJSON })`. */
            passkey?: components["schemas"]["PasskeyRequestOptions"];
        };
        /** SecondFactorEnrolment */
        SecondFactorEnrolment: {
            /** @description The key in base32, for typing into the app by hand. Shown until enrolment is confirmed, never after. */
            secret: string;
            /** @description The otpauth:// URI (SHA-1, 6 digits, 30 s). */
            uri: string;
            /** @description The URI as a QR code, an SVG document made by the server. */
            qrSvg: string;
            /**
             * Format: date-time
             * @description Confirm before this, or start again.
             */
            expiresAt: string;
        };
        /** SecondFactorStatus */
        SecondFactorStatus: {
            /** @description An authenticator app is set up for this login. */
            enrolled: boolean;
            /** Format: date-time */
            enrolledAt: string | null;
            /** @description At least one passkey or security key is set up for this login (GET /api/me/second-factor/passkeys lists them). */
            hasPasskey: boolean;
            recoveryCodesLeft: number;
            /** @description The workspace requires a second factor of this account’s role. */
            required: boolean;
            /**
             * Format: date-time
             * @description When the grace period ends: sign-ins without a factor are then limited to enrolment.
             */
            requiredFrom: string | null;
            /** @description This session is limited to enrolment until the login enrols. */
            mustEnrol: boolean;
        };
        /** SecuritySettings */
        SecuritySettings: {
            agentIdleMinutes: number;
            absoluteLifetimeMinutes: number;
            sessionLimit: number | null;
            ipAllowlist: string[];
            /**
             * @description Who must sign in with a second factor: nobody, administrators, agents, or everyone.
             * @enum {string}
             */
            requireSecondFactor: "none" | "admins" | "agents" | "everyone";
            /** @description Days from when the requirement reaches a role until its members without a factor are held to enrolment. */
            secondFactorGraceDays: number;
        };
        /** SecuritySettingsChange */
        SecuritySettingsChange: {
            settings: components["schemas"]["SecuritySettings"];
            endedSessions: number;
            wouldEnd?: number;
            wouldEndOwnSession?: boolean;
            callerIpAllowed?: boolean;
        };
        /** SecuritySettingsView */
        SecuritySettingsView: {
            agentIdleMinutes: number;
            absoluteLifetimeMinutes: number;
            sessionLimit: number | null;
            ipAllowlist: string[];
            /**
             * @description Who must sign in with a second factor: nobody, administrators, agents, or everyone.
             * @enum {string}
             */
            requireSecondFactor: "none" | "admins" | "agents" | "everyone";
            /** @description Days from when the requirement reaches a role until its members without a factor are held to enrolment. */
            secondFactorGraceDays: number;
            /** @description The address this request came from, as the server sees it. */
            callerIp: string;
            /** @description From when administrators and agents without a second factor are held to enrolment at sign-in (the grace period ends); null where none is required. */
            secondFactorEnforcedFrom: {
                /** Format: date-time */
                admins: string | null;
                /** Format: date-time */
                agents: string | null;
            };
        };
        /** ServiceKey */
        ServiceKey: {
            id: string;
            name: string;
            /** @description The first characters of the secret, to tell keys apart. */
            prefix: string;
            /** @enum {string} */
            status: "active" | "revoked";
            /** Format: date-time */
            createdAt: string;
            createdBy: {
                id: string;
                name: string | null;
            } | null;
            /** Format: date-time */
            lastUsedAt: string | null;
            /** @description The address the key was last used from (the calling service). */
            lastUsedIp: string | null;
            /** Format: date-time */
            revokedAt: string | null;
            revokedBy: {
                id: string;
                name: string | null;
            } | null;
        };
        /** Session */
        Session: {
            id: string;
            accountId: string;
            /** @enum {string} */
            role: "agent" | "admin";
            /** @enum {string} */
            status: "active" | "ended";
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            lastActiveAt: string;
            ip: string;
            userAgent: string;
            browser: string;
            os: string;
            deviceType: string;
            location: {
                country: string | null;
                countryName: string | null;
                city: string | null;
                label: string;
            };
            flags: string[];
            /**
             * @description How the session was authenticated: the password alone, the password and an authenticator-app code, the password and a passkey, or the password and a recovery code.
             * @enum {string}
             */
            authMethod: "password" | "password+totp" | "password+passkey" | "recovery_code";
            endedAt: string | null;
            endReason: string | null;
            endedBy: {
                id: string;
                name: string | null;
            } | null;
            current?: boolean;
        };
        /** SessionDetail */
        SessionDetail: {
            session: components["schemas"]["SessionDetailSession"];
            /** @description Whether the caller may end it now (`DELETE /api/sessions/{id}` would). */
            mayEnd: boolean;
            /** @description Why the caller may not end this active session (rule 1: the primary administrator’s), or null. */
            refusal: {
                code: string;
                message: string;
            } | null;
            /** @description The audit events that name this session, newest first (at most 200). Without the audit grant only its own life: sign-in, switch, sign-out, end. */
            history: components["schemas"]["AuditEvent"][];
        };
        /** SessionDetailSession */
        SessionDetailSession: {
            id: string;
            accountId: string;
            /** @enum {string} */
            role: "agent" | "admin";
            /** @enum {string} */
            status: "active" | "ended";
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            lastActiveAt: string;
            ip: string;
            userAgent: string;
            browser: string;
            os: string;
            deviceType: string;
            location: {
                country: string | null;
                countryName: string | null;
                city: string | null;
                label: string;
            };
            flags: string[];
            /**
             * @description How the session was authenticated: the password alone, the password and an authenticator-app code, the password and a passkey, or the password and a recovery code.
             * @enum {string}
             */
            authMethod: "password" | "password+totp" | "password+passkey" | "recovery_code";
            endedAt: string | null;
            endReason: string | null;
            endedBy: {
                id: string;
                name: string | null;
            } | null;
            current: boolean;
            account: {
                id: string;
                name: string;
                email: string;
                /** @enum {string} */
                role: "agent" | "admin";
                isPrimary: boolean;
            };
            /**
             * Format: date-time
             * @description When it ends unless used again (its idle timeout); null once ended.
             */
            idleExpiresAt: string | null;
            /**
             * Format: date-time
             * @description When it ends however much it is used (the absolute lifetime); null once ended.
             */
            expiresAt: string | null;
        };
        /** ShiftException */
        ShiftException: {
            date: string;
            hours: components["schemas"]["ShiftInterval"][];
        };
        /** ShiftInterval */
        ShiftInterval: {
            /** @description "HH:MM" in the workspace’s time zone (an end may be "24:00") */
            from: string;
            /** @description "HH:MM" in the workspace’s time zone (an end may be "24:00") */
            to: string;
        };
        /** SignedIn */
        SignedIn: {
            account: {
                id: string;
                name: string;
                email: string;
                /** @enum {string} */
                role: "agent" | "admin";
                isPrimary: boolean;
            };
            session: {
                id: string;
                flags: string[];
                /** @enum {string} */
                authMethod: "password" | "password+totp" | "password+passkey" | "recovery_code";
                /**
                 * @description `second_factor_enrolment`: the session reaches only two-factor enrolment until the login enrols.
                 * @enum {string|null}
                 */
                restriction: "second_factor_enrolment" | null;
            };
        };
        /** TeamList */
        TeamList: {
            accounts: components["schemas"]["Account"][];
            nextCursor: string | null;
            counts: {
                all: number;
                active: number;
                none: number;
            };
        };
        /** WeekSchedule */
        WeekSchedule: {
            monday?: components["schemas"]["ShiftInterval"][];
            tuesday?: components["schemas"]["ShiftInterval"][];
            wednesday?: components["schemas"]["ShiftInterval"][];
            thursday?: components["schemas"]["ShiftInterval"][];
            friday?: components["schemas"]["ShiftInterval"][];
            saturday?: components["schemas"]["ShiftInterval"][];
            sunday?: components["schemas"]["ShiftInterval"][];
        };
        /** WorkspaceHours */
        WorkspaceHours: {
            timeZone: string;
            /** @description Shifts per weekday; a day left out or empty is a day off. */
            schedule: components["schemas"]["WeekSchedule"] | null;
        };
        /** WorkspaceSession */
        WorkspaceSession: {
            id: string;
            accountId: string;
            /** @enum {string} */
            role: "agent" | "admin";
            /** @enum {string} */
            status: "active" | "ended";
            /** Format: date-time */
            startedAt: string;
            /** Format: date-time */
            lastActiveAt: string;
            ip: string;
            userAgent: string;
            browser: string;
            os: string;
            deviceType: string;
            location: {
                country: string | null;
                countryName: string | null;
                city: string | null;
                label: string;
            };
            flags: string[];
            /**
             * @description How the session was authenticated: the password alone, the password and an authenticator-app code, the password and a passkey, or the password and a recovery code.
             * @enum {string}
             */
            authMethod: "password" | "password+totp" | "password+passkey" | "recovery_code";
            endedAt: string | null;
            endReason: string | null;
            endedBy: {
                id: string;
                name: string | null;
            } | null;
            current?: boolean;
            /** @description Whether the caller may force-close it: false only on the primary administrator’s sessions (either of its accounts) for a sub-administrator (rule 1). */
            mayEnd: boolean;
            account: {
                id: string;
                name: string;
                email: string;
                /** @enum {string} */
                role: "agent" | "admin";
            };
        };
    };
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export interface operations {
    checkLiveness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status?: "ok";
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
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
    checkReadiness: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status?: "ready";
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Default Response */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @enum {string} */
                        status?: "unavailable";
                        reason?: string;
                    };
                };
            };
        };
    };
    signIn: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    workspace: string;
                    email: string;
                    password: string;
                    /** @enum {string} */
                    account?: "agent" | "admin";
                };
            };
        };
        responses: {
            /** @description Signed in (the cookie is set), or, for a login with a second factor, a challenge for the second step (no cookie) */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"] | components["schemas"]["SecondFactorChallenge"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signInSecondFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    challenge: string;
                    /** @description The 6 digits the authenticator app shows now. */
                    code?: string;
                    /** @description One of the recovery codes shown at enrolment (each works once). */
                    recoveryCode?: string;
                    /** @description The answer of `navigator.credentials.get()` in JSON (as @simplewebauthn/browser `startAuthentication()` returns it). */
                    passkey?: components["schemas"]["PasskeyAuthenticationResponse"];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    signOut: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Signed out; the cookie is cleared */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    switchAccount: {
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
                    account: "agent" | "admin";
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SignedIn"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    changePassword: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    current: string;
                    next: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        endedSessions: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    reauthenticate: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** @description One of: `password` (only for a login without a second factor), `code` (an authenticator code, or a recovery code, which is then used up), or `passkey` (the answer to the options of POST /api/auth/reauthenticate/passkey-options). */
        requestBody: {
            content: {
                "application/json": {
                    password?: string;
                    /** @description The 6 digits the authenticator app shows now, or one of the recovery codes. */
                    code?: string;
                    /** @description The answer of `navigator.credentials.get()` in JSON (as @simplewebauthn/browser `startAuthentication()` returns it). */
                    passkey?: components["schemas"]["PasskeyAuthenticationResponse"];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Reauthenticated"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startPasskeyReauthentication: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description WebAuthn options in JSON: pass them to @simplewebauthn/browser as `{ optionsJSON }`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyRequestOptions"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMySecondFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecondFactorStatus"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startTotpEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecondFactorEnrolment"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    confirmTotpEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    code: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["RecoveryCodes"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removeMySecondFactor: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    password?: string;
                    code?: string;
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
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resetSecondFactor: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many sessions this ended. */
                        ended: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMyPasskeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        passkeys: components["schemas"]["Passkey"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    addPasskey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    name: string;
                    response: components["schemas"]["PasskeyRegistrationResponse"];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyAdded"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    startPasskeyEnrolment: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description WebAuthn options in JSON: pass them to @simplewebauthn/browser as `{ optionsJSON }`. */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["PasskeyCreationOptions"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    removePasskey: {
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
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    renamePasskey: {
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
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        passkey: components["schemas"]["Passkey"];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMe: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Me"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listMySessions: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessions: components["schemas"]["Session"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    endMySession: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many sessions this ended. */
                        ended: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    endMyOtherSessions: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many sessions this ended. */
                        ended: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSession: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SessionDetail"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    endSession: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many sessions this ended. */
                        ended: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAgents: {
        parameters: {
            query?: {
                session?: "active" | "none";
                q?: string;
                /** @description name; status (active session first when ascending); lastActivity (the latest activity of any active session); signedInAt (the start of the latest active session); location (of the latest active session: country code, then city). Accounts without an active session (for location: without a known country) come last in both orders. Ties by name, then id, ascending. */
                sort?: "name" | "status" | "lastActivity" | "signedInAt" | "location";
                order?: "asc" | "desc";
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createAgent: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description it needs at least one visible character */
                    name: string & unknown;
                    /** Format: email */
                    email: string;
                    password?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: components["schemas"]["Account"];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAdmins: {
        parameters: {
            query?: {
                session?: "active" | "none";
                q?: string;
                /** @description name; status (active session first when ascending); lastActivity (the latest activity of any active session); signedInAt (the start of the latest active session); location (of the latest active session: country code, then city). Accounts without an active session (for location: without a known country) come last in both orders. Ties by name, then id, ascending. */
                sort?: "name" | "status" | "lastActivity" | "signedInAt" | "location";
                order?: "asc" | "desc";
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["TeamList"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createAdmin: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description it needs at least one visible character */
                    name: string & unknown;
                    /** Format: email */
                    email: string;
                    password?: string;
                    grants?: ("team.agents" | "team.admins" | "settings.security" | "audit" | "integrations")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: components["schemas"]["Account"];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAccount: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Profile"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateAccount: {
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
                    /** @description it needs at least one visible character */
                    name?: string & unknown;
                    disabled?: boolean;
                    grants?: ("team.agents" | "team.admins" | "settings.security" | "audit" | "integrations")[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        account: components["schemas"]["Account"];
                        endedSessions: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    endAccountSessions: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** @description How many sessions this ended. */
                        ended: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    endSessionsOfAccounts: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accountIds: string[];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        ended: number;
                        results: components["schemas"]["BulkEndResult"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getSecuritySettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecuritySettingsView"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateSecuritySettings: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    agentIdleMinutes?: number;
                    absoluteLifetimeMinutes?: number;
                    sessionLimit?: null | number;
                    ipAllowlist?: string[];
                    /** @enum {string} */
                    requireSecondFactor?: "none" | "admins" | "agents" | "everyone";
                    secondFactorGraceDays?: number;
                    dryRun?: boolean;
                    confirmSelfLockout?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["SecuritySettingsChange"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listActiveSessions: {
        parameters: {
            query?: {
                /** @description Finds the person (name, email), the address (an IP or its beginning) and the place (city, country name or code). */
                q?: string;
                /** @description Only sessions located in this country (ISO 3166-1 alpha-2, upper case). */
                country?: string;
                /** @description Only sessions located in this city (as the facets name it). */
                city?: string;
                /** @description Only sessions on this kind of device. */
                deviceType?: "desktop" | "mobile" | "tablet" | "smarttv" | "wearable" | "embedded" | "console" | "xr";
                /** @description Only sessions in this browser, any version ("Chrome"). */
                browser?: string;
                /** @description Only sessions on this operating system, any version ("Windows"). */
                os?: string;
                /** @description Only sessions authenticated this way. */
                authMethod?: "password" | "password+totp" | "password+passkey" | "recovery_code";
                /** @description Only sessions whose sign-in was flagged so: the first from this device, or from this country, for its login. */
                flag?: "new_device" | "new_location";
                sort?: "lastActiveAt" | "startedAt";
                order?: "desc" | "asc";
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        sessions: components["schemas"]["WorkspaceSession"][];
                        nextCursor: string | null;
                        total: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    activeSessionFacets: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ActiveSessionFacets"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMyWorkingHours: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["HoursNow"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWorkspaceHours: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceHours"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWorkspaceHours: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description An IANA time zone, e.g. Europe/Berlin */
                    timeZone?: string;
                    /** @description Shifts per weekday; a day left out or empty is a day off. */
                    schedule?: components["schemas"]["WeekSchedule"] | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["WorkspaceHours"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getAgentHours: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentHours"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateAgentSchedule: {
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
                    /** @description Shifts per weekday; a day left out or empty is a day off. */
                    schedule: components["schemas"]["WeekSchedule"] | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["AgentHours"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    bulkUpdateAgentSchedules: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    accountIds: string[];
                    /** @description Shifts per weekday; a day left out or empty is a day off. */
                    schedule: components["schemas"]["WeekSchedule"] | null;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        updated: number;
                        results: components["schemas"]["BulkHoursResult"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    setShiftException: {
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
                    /** @description YYYY-MM-DD */
                    date: string;
                    hours: components["schemas"]["ShiftInterval"][];
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["ShiftException"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteShiftException: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                date: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            204: {
                headers: {
                    [name: string]: unknown;
                };
                content?: never;
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    extendShift: {
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
                    /** @description "HH:MM" in the workspace’s time zone (an end may be "24:00") */
                    until: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        /** Format: date-time */
                        extendedUntil: string;
                        timeZone: string;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAuditEvents: {
        parameters: {
            query?: {
                /** @description one event type, or several separated by commas, of: signin, signin.failed, signin.refused, signin.locked, signout, session.ended, account.switched, password.changed, account.created, account.updated, settings.updated, key.created, key.revoked, token.created, token.revoked, webhook.created, webhook.updated, webhook.deleted, webhook.secret_rotated, webhook.redelivered, second_factor.enrolled, second_factor.removed, second_factor.reset, second_factor.recovery_code_used, second_factor.passkey_used, reauthenticated, working_hours.updated, shift.extended. */
                type?: string;
                q?: string;
                from?: string;
                to?: string;
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        events: components["schemas"]["AuditEvent"][];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    exportAuditCsv: {
        parameters: {
            query?: {
                /** @description one event type, or several separated by commas, of: signin, signin.failed, signin.refused, signin.locked, signout, session.ended, account.switched, password.changed, account.created, account.updated, settings.updated, key.created, key.revoked, token.created, token.revoked, webhook.created, webhook.updated, webhook.deleted, webhook.secret_rotated, webhook.redelivered, second_factor.enrolled, second_factor.removed, second_factor.reset, second_factor.recovery_code_used, second_factor.passkey_used, reauthenticated, working_hours.updated, shift.extended. */
                type?: string;
                q?: string;
                from?: string;
                to?: string;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The events as CSV, with a header row */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/csv": string;
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    introspectToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description The value of the gatehouse_session cookie the person sent to your app. */
                    token: string;
                    /** @description The person's address, as your app sees it; required when the workspace has an IP allow list. */
                    ip?: string;
                    token_type_hint?: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Introspection"];
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listServiceKeys: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        keys: components["schemas"]["ServiceKey"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createServiceKey: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description it needs at least one visible character */
                    name: string;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        key: components["schemas"]["ServiceKey"];
                        /** @description Shown once: Gatehouse keeps only its hash. */
                        secret: string;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeServiceKey: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    streamRevocations: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description An endless text/event-stream */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/event-stream": string;
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
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
    listMyTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["AccessToken"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createMyToken: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description it needs at least one visible character */
                    name: string;
                    /**
                     * @description `read`: GET calls only; `full`: every call the account may make, except those that need the console (sign-out, switching, passwords, keys and tokens).
                     * @enum {string}
                     */
                    scope: "read" | "full";
                    expiresInDays: number;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        token: components["schemas"]["AccessToken"];
                        /** @description Shown once: Gatehouse keeps only its hash. */
                        secret: string;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeMyToken: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listAccessTokens: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        tokens: components["schemas"]["AccessToken"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    revokeAccessToken: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        revoked: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such id in this workspace (not_found) */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhooks: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhooks: {
                            id: string;
                            url: string;
                            description: string;
                            events: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                            enabled: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation, until when the old secret still signs beside the new one.
                             */
                            previousSecretValidUntil: string | null;
                            /** @description How the latest delivery to this endpoint went (null before the first). */
                            lastDelivery: {
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                responseCode: number | null;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        }[];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    createWebhook: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody: {
            content: {
                "application/json": {
                    /** @description https:// and a public address (http:// and private networks only with WEBHOOKS_ALLOW_LOOPBACK=true). */
                    url: string;
                    events: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                    description?: string;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            201: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            id: string;
                            url: string;
                            description: string;
                            events: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                            enabled: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation, until when the old secret still signs beside the new one.
                             */
                            previousSecretValidUntil: string | null;
                            /** @description How the latest delivery to this endpoint went (null before the first). */
                            lastDelivery: {
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                responseCode: number | null;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                        /** @description whsec_…: shown now and never again. Verify deliveries with it. */
                        secret: string;
                    };
                };
            };
            /** @description Bad input; a refused URL names the field "url" */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getWebhook: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            id: string;
                            url: string;
                            description: string;
                            events: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                            enabled: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation, until when the old secret still signs beside the new one.
                             */
                            previousSecretValidUntil: string | null;
                            /** @description How the latest delivery to this endpoint went (null before the first). */
                            lastDelivery: {
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                responseCode: number | null;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    deleteWebhook: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deleted: number;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    updateWebhook: {
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
                    /** @description https:// and a public address (http:// and private networks only with WEBHOOKS_ALLOW_LOOPBACK=true). */
                    url?: string;
                    events?: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                    description?: string;
                    enabled?: boolean;
                };
            };
        };
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            id: string;
                            url: string;
                            description: string;
                            events: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                            enabled: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation, until when the old secret still signs beside the new one.
                             */
                            previousSecretValidUntil: string | null;
                            /** @description How the latest delivery to this endpoint went (null before the first). */
                            lastDelivery: {
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                responseCode: number | null;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                    };
                };
            };
            /** @description Bad input; a refused URL names the field "url" */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    rotateWebhookSecret: {
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        webhook: {
                            id: string;
                            url: string;
                            description: string;
                            events: ("session.started" | "session.ended" | "account.created" | "account.disabled" | "security.settings_changed" | "key.revoked")[];
                            enabled: boolean;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /**
                             * Format: date-time
                             * @description After a rotation, until when the old secret still signs beside the new one.
                             */
                            previousSecretValidUntil: string | null;
                            /** @description How the latest delivery to this endpoint went (null before the first). */
                            lastDelivery: {
                                /** @enum {string} */
                                status: "pending" | "delivered" | "failed";
                                responseCode: number | null;
                                /** Format: date-time */
                                at: string;
                            } | null;
                        };
                        /** @description whsec_…: shown now and never again. Verify deliveries with it. */
                        secret: string;
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listWebhookDeliveries: {
        parameters: {
            query?: {
                cursor?: string;
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
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        deliveries: {
                            id: string;
                            /** @description Sent as webhook-id: the same for every attempt and re-send of one event. */
                            messageId: string;
                            type: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            /** @description The HTTP status of the last attempt's answer. */
                            responseCode: number | null;
                            lastError: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            lastAttemptAt: string | null;
                            /** Format: date-time */
                            nextAttemptAt: string | null;
                            /** Format: date-time */
                            deliveredAt: string | null;
                        }[];
                        nextCursor: string | null;
                    };
                };
            };
            /** @description Bad input; a refused URL names the field "url" */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    resendWebhookDelivery: {
        parameters: {
            query?: never;
            header?: never;
            path: {
                id: string;
                deliveryId: string;
            };
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: {
                            id: string;
                            /** @description Sent as webhook-id: the same for every attempt and re-send of one event. */
                            messageId: string;
                            type: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            /** @description The HTTP status of the last attempt's answer. */
                            responseCode: number | null;
                            lastError: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            lastAttemptAt: string | null;
                            /** Format: date-time */
                            nextAttemptAt: string | null;
                            /** Format: date-time */
                            deliveredAt: string | null;
                        };
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    testWebhook: {
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
            /** @description Default Response */
            202: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        delivery: {
                            id: string;
                            /** @description Sent as webhook-id: the same for every attempt and re-send of one event. */
                            messageId: string;
                            type: string;
                            /** @enum {string} */
                            status: "pending" | "delivered" | "failed";
                            attempts: number;
                            /** @description The HTTP status of the last attempt's answer. */
                            responseCode: number | null;
                            lastError: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** Format: date-time */
                            lastAttemptAt: string | null;
                            /** Format: date-time */
                            nextAttemptAt: string | null;
                            /** Format: date-time */
                            deliveredAt: string | null;
                        };
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No such webhook (or delivery) in your workspace */
            404: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    listOnline: {
        parameters: {
            query?: {
                cursor?: string;
                limit?: number;
            };
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description Default Response */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": {
                        nextCursor: string | null;
                        online: components["schemas"]["OnlineAccount"][];
                    };
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
            403: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description The database cannot be reached (database_unavailable); retry after Retry-After seconds */
            503: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
        };
    };
    getMetrics: {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        requestBody?: never;
        responses: {
            /** @description The metrics in the Prometheus text format */
            200: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "text/plain": string;
                };
            };
            /** @description The request is not valid: a malformed URL, a query, path or body that breaks the schema (invalid_request, invalid_json) */
            400: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description No valid credentials, or the session has ended (unauthenticated, session_expired) */
            401: {
                headers: {
                    [name: string]: unknown;
                };
                content: {
                    "application/json": components["schemas"]["Error"];
                };
            };
            /** @description Missing grant, cross-site request, read-only token, or a protected target (forbidden, cross_site_request, primary_admin_protected) */
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
}
