// Generated from docs/openapi.json by `pnpm docs:generate` (openapi-typescript); do not edit.

export interface paths {
    "/api/v1/dispatcher": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The dispatcher's state, pace, content limit, next run and any provider pause */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "state": "running",
                         *       "intervalMs": 120000,
                         *       "batchSize": 2,
                         *       "lanes": [
                         *         {
                         *           "name": "transactional",
                         *           "intervalMs": 1000,
                         *           "batchSize": 50,
                         *           "ahead": true,
                         *           "arrival": true
                         *         },
                         *         {
                         *           "name": "bulk",
                         *           "intervalMs": 120000,
                         *           "batchSize": 2,
                         *           "ahead": false,
                         *           "arrival": false
                         *         }
                         *       ],
                         *       "messageMaxLength": 160,
                         *       "nextRunAt": "2026-11-22T10:00:10.000Z",
                         *       "providerPause": null,
                         *       "providers": [
                         *         {
                         *           "name": "primary",
                         *           "kind": "webhook",
                         *           "countries": [],
                         *           "weight": 1,
                         *           "maxPerSecond": 0,
                         *           "burst": 0,
                         *           "breaker": {
                         *             "state": "closed",
                         *             "remainingMs": 0
                         *           },
                         *           "updatedAt": "2026-11-22T10:00:00.000Z",
                         *           "updatedBy": "system"
                         *         }
                         *       ],
                         *       "updatedAt": "2026-11-22T10:00:00.000Z",
                         *       "updatedBy": "system"
                         *     }
                         */
                        "application/json": {
                            /** @description The default lane's (bulk) pace: messages claimed per interval */
                            batchSize: number;
                            /** @description The default lane's (bulk) pace: milliseconds between its claims */
                            intervalMs: number;
                            /** @description Every lane, ahead ones first: each claims its own batch per interval (or, sending on arrival, within its budget), oldest first, and never takes another's (LANES adds lanes) */
                            lanes: {
                                /** @description Its sends go ahead of every send waiting in the queue */
                                ahead: boolean;
                                /** @description It sends on arrival: a message is claimed as soon as it is stored, within a budget of batchSize per intervalMs (bursts of at most batchSize); each tick claims what arrivals left from the same budget */
                                arrival: boolean;
                                /** @description Messages it claims per interval; for an arrival lane, its budget: per interval, and at most at once */
                                batchSize: number;
                                /** @description Milliseconds between its claims; for an arrival lane, its budget's period */
                                intervalMs: number;
                                /** @description The lane a message names as its priority */
                                name: string;
                            }[];
                            /** @description Most characters a message's content may have */
                            messageMaxLength: number;
                            /** @description When the next tick is due (ticks run every the greatest common divisor of the lane intervals); null when stopped (or when Redis cannot be read) */
                            nextRunAt: string | null;
                            /** @description A pause of all sending that the provider asked for; start or stop clears it */
                            providerPause: {
                                /** @description How long sending stays paused */
                                remainingMs: number;
                                /** @description When the provider asked for it (429); null when it was set by other means */
                                setAt: string | null;
                            } | null;
                            /** @description The providers messages go through, their routing and breakers (see GET /api/v1/providers) */
                            providers: {
                                /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                                breaker: {
                                    /** @description While open: until a probe may go */
                                    remainingMs: number;
                                    state: "closed" | "open" | "half-open";
                                } | null;
                                /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                                burst: number;
                                /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                                countries: string[];
                                /** @description Its adapter kind: webhook, twilio, aws-sms */
                                kind: string;
                                /** @description Most SMS segments a second, across every worker; 0: no limit */
                                maxPerSecond: number;
                                name: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Who last changed its routing: an API key's name, or system */
                                updatedBy: string;
                                /** @description Its share of new messages against the other providers; 0: none */
                                weight: number;
                            }[];
                            state: "running" | "stopped";
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Who last changed the state: an API key's name, or system */
                            updatedBy: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
        /**
         * Change a lane's pace or the content limit at runtime
         * @description Changes the default lane's (bulk) intervalMs and batchSize, any lane's under lanes (by name), and/or messageMaxLength. Every worker uses the new batch sizes and content limit from its next tick; a new interval reschedules the ticks. No restart. Persisted and audited.
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
                        /** @description The default lane (bulk): messages claimed per interval (1..10000) */
                        batchSize?: number;
                        /** @description The default lane (bulk): milliseconds between claims (1 s..24 h) */
                        intervalMs?: number;
                        /** @description Any lane's pace, by its name */
                        lanes?: {
                            [key: string]: {
                                /** @description Messages claimed per interval (1..10000) */
                                batchSize?: number;
                                /** @description Milliseconds between claims (1 s..24 h) */
                                intervalMs?: number;
                            };
                        };
                        /** @description Most characters a message's content may have, for intake and every worker. Lowering it fails waiting messages longer than the new limit when their turn comes. */
                        messageMaxLength?: number;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "state": "running",
                         *       "intervalMs": 120000,
                         *       "batchSize": 2,
                         *       "lanes": [
                         *         {
                         *           "name": "transactional",
                         *           "intervalMs": 1000,
                         *           "batchSize": 50,
                         *           "ahead": true,
                         *           "arrival": true
                         *         },
                         *         {
                         *           "name": "bulk",
                         *           "intervalMs": 120000,
                         *           "batchSize": 2,
                         *           "ahead": false,
                         *           "arrival": false
                         *         }
                         *       ],
                         *       "messageMaxLength": 160,
                         *       "nextRunAt": "2026-11-22T10:00:10.000Z",
                         *       "providerPause": null,
                         *       "providers": [
                         *         {
                         *           "name": "primary",
                         *           "kind": "webhook",
                         *           "countries": [],
                         *           "weight": 1,
                         *           "maxPerSecond": 0,
                         *           "burst": 0,
                         *           "breaker": {
                         *             "state": "closed",
                         *             "remainingMs": 0
                         *           },
                         *           "updatedAt": "2026-11-22T10:00:00.000Z",
                         *           "updatedBy": "system"
                         *         }
                         *       ],
                         *       "updatedAt": "2026-11-22T10:00:00.000Z",
                         *       "updatedBy": "system"
                         *     }
                         */
                        "application/json": {
                            /** @description The default lane's (bulk) pace: messages claimed per interval */
                            batchSize: number;
                            /** @description The default lane's (bulk) pace: milliseconds between its claims */
                            intervalMs: number;
                            /** @description Every lane, ahead ones first: each claims its own batch per interval (or, sending on arrival, within its budget), oldest first, and never takes another's (LANES adds lanes) */
                            lanes: {
                                /** @description Its sends go ahead of every send waiting in the queue */
                                ahead: boolean;
                                /** @description It sends on arrival: a message is claimed as soon as it is stored, within a budget of batchSize per intervalMs (bursts of at most batchSize); each tick claims what arrivals left from the same budget */
                                arrival: boolean;
                                /** @description Messages it claims per interval; for an arrival lane, its budget: per interval, and at most at once */
                                batchSize: number;
                                /** @description Milliseconds between its claims; for an arrival lane, its budget's period */
                                intervalMs: number;
                                /** @description The lane a message names as its priority */
                                name: string;
                            }[];
                            /** @description Most characters a message's content may have */
                            messageMaxLength: number;
                            /** @description When the next tick is due (ticks run every the greatest common divisor of the lane intervals); null when stopped (or when Redis cannot be read) */
                            nextRunAt: string | null;
                            /** @description A pause of all sending that the provider asked for; start or stop clears it */
                            providerPause: {
                                /** @description How long sending stays paused */
                                remainingMs: number;
                                /** @description When the provider asked for it (429); null when it was set by other means */
                                setAt: string | null;
                            } | null;
                            /** @description The providers messages go through, their routing and breakers (see GET /api/v1/providers) */
                            providers: {
                                /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                                breaker: {
                                    /** @description While open: until a probe may go */
                                    remainingMs: number;
                                    state: "closed" | "open" | "half-open";
                                } | null;
                                /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                                burst: number;
                                /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                                countries: string[];
                                /** @description Its adapter kind: webhook, twilio, aws-sms */
                                kind: string;
                                /** @description Most SMS segments a second, across every worker; 0: no limit */
                                maxPerSecond: number;
                                name: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Who last changed its routing: an API key's name, or system */
                                updatedBy: string;
                                /** @description Its share of new messages against the other providers; 0: none */
                                weight: number;
                            }[];
                            state: "running" | "stopped";
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Who last changed the state: an API key's name, or system */
                            updatedBy: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/dispatcher/events": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Audit trail of start, stop, settings changes and cleared provider pauses, newest first */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description At most this many items (1..200, default 50) */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "id": 3,
                         *           "kind": "config",
                         *           "actor": "ops",
                         *           "details": {
                         *             "from": {
                         *               "intervalMs": 120000,
                         *               "batchSize": 2
                         *             },
                         *             "to": {
                         *               "intervalMs": 60000,
                         *               "batchSize": 2
                         *             }
                         *           },
                         *           "createdAt": "2026-11-22T10:05:00.000Z"
                         *         },
                         *         {
                         *           "id": 1,
                         *           "kind": "start",
                         *           "actor": "system",
                         *           "details": {},
                         *           "createdAt": "2026-11-22T10:00:00.000Z"
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": {
                            items: {
                                /** @description The API key's name, or system for an auto-start */
                                actor: string;
                                /** Format: date-time */
                                createdAt: string;
                                details: {
                                    [key: string]: unknown;
                                };
                                id: number;
                                /** @description provider-pause-cleared: a start or stop ended a provider pause (actor: the key's name, also when the reconcile loop cleared a pause that raced with it), or the reconcile loop cleared one no provider asked for (actor: system). cancel and retry: messages cancelled or put back to pending (details: ids or the filter, and how many). provider: a provider's routing changed (details: provider, from, to). protection: a pumping-guard rule changed (details: change, from, to; numbers masked), or the guard refused a request or let messages through under a monitor rule (details: decision, code, rule, messages). opt-out: a number added to, updated on or removed from the suppression list (actor: the key's name, provider, or recipient for a keyword; details: action, number masked as +90555***4567, source, detail). help: a recipient sent HELP (actor: recipient; details: number masked, provider, keyword). spend: prices or limits changed (details: change, from, to), a scope reached 80 or 100 % of a limit (details: change threshold, scope, period, limit, spent, reserved), or intake refused a request for spend (details: decision, code, rule, messages) */
                                kind: "start" | "stop" | "config" | "provider-pause-cleared" | "cancel" | "retry" | "provider" | "protection" | "opt-out" | "help" | "spend";
                            }[];
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/dispatcher/start": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Start sending (idempotent); clears a provider pause
         * @description Creates the tick scheduler, resumes both queues and clears any provider pause (a 429's Retry-After). The first tick runs at once and sees the new state. Persisted and audited.
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
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "state": "running",
                         *       "intervalMs": 120000,
                         *       "batchSize": 2,
                         *       "lanes": [
                         *         {
                         *           "name": "transactional",
                         *           "intervalMs": 1000,
                         *           "batchSize": 50,
                         *           "ahead": true,
                         *           "arrival": true
                         *         },
                         *         {
                         *           "name": "bulk",
                         *           "intervalMs": 120000,
                         *           "batchSize": 2,
                         *           "ahead": false,
                         *           "arrival": false
                         *         }
                         *       ],
                         *       "messageMaxLength": 160,
                         *       "nextRunAt": "2026-11-22T10:00:10.000Z",
                         *       "providerPause": null,
                         *       "providers": [
                         *         {
                         *           "name": "primary",
                         *           "kind": "webhook",
                         *           "countries": [],
                         *           "weight": 1,
                         *           "maxPerSecond": 0,
                         *           "burst": 0,
                         *           "breaker": {
                         *             "state": "closed",
                         *             "remainingMs": 0
                         *           },
                         *           "updatedAt": "2026-11-22T10:00:00.000Z",
                         *           "updatedBy": "system"
                         *         }
                         *       ],
                         *       "updatedAt": "2026-11-22T10:00:00.000Z",
                         *       "updatedBy": "system"
                         *     }
                         */
                        "application/json": {
                            /** @description The default lane's (bulk) pace: messages claimed per interval */
                            batchSize: number;
                            /** @description The default lane's (bulk) pace: milliseconds between its claims */
                            intervalMs: number;
                            /** @description Every lane, ahead ones first: each claims its own batch per interval (or, sending on arrival, within its budget), oldest first, and never takes another's (LANES adds lanes) */
                            lanes: {
                                /** @description Its sends go ahead of every send waiting in the queue */
                                ahead: boolean;
                                /** @description It sends on arrival: a message is claimed as soon as it is stored, within a budget of batchSize per intervalMs (bursts of at most batchSize); each tick claims what arrivals left from the same budget */
                                arrival: boolean;
                                /** @description Messages it claims per interval; for an arrival lane, its budget: per interval, and at most at once */
                                batchSize: number;
                                /** @description Milliseconds between its claims; for an arrival lane, its budget's period */
                                intervalMs: number;
                                /** @description The lane a message names as its priority */
                                name: string;
                            }[];
                            /** @description Most characters a message's content may have */
                            messageMaxLength: number;
                            /** @description When the next tick is due (ticks run every the greatest common divisor of the lane intervals); null when stopped (or when Redis cannot be read) */
                            nextRunAt: string | null;
                            /** @description A pause of all sending that the provider asked for; start or stop clears it */
                            providerPause: {
                                /** @description How long sending stays paused */
                                remainingMs: number;
                                /** @description When the provider asked for it (429); null when it was set by other means */
                                setAt: string | null;
                            } | null;
                            /** @description The providers messages go through, their routing and breakers (see GET /api/v1/providers) */
                            providers: {
                                /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                                breaker: {
                                    /** @description While open: until a probe may go */
                                    remainingMs: number;
                                    state: "closed" | "open" | "half-open";
                                } | null;
                                /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                                burst: number;
                                /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                                countries: string[];
                                /** @description Its adapter kind: webhook, twilio, aws-sms */
                                kind: string;
                                /** @description Most SMS segments a second, across every worker; 0: no limit */
                                maxPerSecond: number;
                                name: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Who last changed its routing: an API key's name, or system */
                                updatedBy: string;
                                /** @description Its share of new messages against the other providers; 0: none */
                                weight: number;
                            }[];
                            state: "running" | "stopped";
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Who last changed the state: an API key's name, or system */
                            updatedBy: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/dispatcher/stop": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Stop sending (idempotent); clears a provider pause
         * @description Removes the tick scheduler and pauses the send queue; sends in flight finish. Clears any provider pause, so a later start sends at once. Persisted and audited.
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
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "state": "running",
                         *       "intervalMs": 120000,
                         *       "batchSize": 2,
                         *       "lanes": [
                         *         {
                         *           "name": "transactional",
                         *           "intervalMs": 1000,
                         *           "batchSize": 50,
                         *           "ahead": true,
                         *           "arrival": true
                         *         },
                         *         {
                         *           "name": "bulk",
                         *           "intervalMs": 120000,
                         *           "batchSize": 2,
                         *           "ahead": false,
                         *           "arrival": false
                         *         }
                         *       ],
                         *       "messageMaxLength": 160,
                         *       "nextRunAt": "2026-11-22T10:00:10.000Z",
                         *       "providerPause": null,
                         *       "providers": [
                         *         {
                         *           "name": "primary",
                         *           "kind": "webhook",
                         *           "countries": [],
                         *           "weight": 1,
                         *           "maxPerSecond": 0,
                         *           "burst": 0,
                         *           "breaker": {
                         *             "state": "closed",
                         *             "remainingMs": 0
                         *           },
                         *           "updatedAt": "2026-11-22T10:00:00.000Z",
                         *           "updatedBy": "system"
                         *         }
                         *       ],
                         *       "updatedAt": "2026-11-22T10:00:00.000Z",
                         *       "updatedBy": "system"
                         *     }
                         */
                        "application/json": {
                            /** @description The default lane's (bulk) pace: messages claimed per interval */
                            batchSize: number;
                            /** @description The default lane's (bulk) pace: milliseconds between its claims */
                            intervalMs: number;
                            /** @description Every lane, ahead ones first: each claims its own batch per interval (or, sending on arrival, within its budget), oldest first, and never takes another's (LANES adds lanes) */
                            lanes: {
                                /** @description Its sends go ahead of every send waiting in the queue */
                                ahead: boolean;
                                /** @description It sends on arrival: a message is claimed as soon as it is stored, within a budget of batchSize per intervalMs (bursts of at most batchSize); each tick claims what arrivals left from the same budget */
                                arrival: boolean;
                                /** @description Messages it claims per interval; for an arrival lane, its budget: per interval, and at most at once */
                                batchSize: number;
                                /** @description Milliseconds between its claims; for an arrival lane, its budget's period */
                                intervalMs: number;
                                /** @description The lane a message names as its priority */
                                name: string;
                            }[];
                            /** @description Most characters a message's content may have */
                            messageMaxLength: number;
                            /** @description When the next tick is due (ticks run every the greatest common divisor of the lane intervals); null when stopped (or when Redis cannot be read) */
                            nextRunAt: string | null;
                            /** @description A pause of all sending that the provider asked for; start or stop clears it */
                            providerPause: {
                                /** @description How long sending stays paused */
                                remainingMs: number;
                                /** @description When the provider asked for it (429); null when it was set by other means */
                                setAt: string | null;
                            } | null;
                            /** @description The providers messages go through, their routing and breakers (see GET /api/v1/providers) */
                            providers: {
                                /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                                breaker: {
                                    /** @description While open: until a probe may go */
                                    remainingMs: number;
                                    state: "closed" | "open" | "half-open";
                                } | null;
                                /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                                burst: number;
                                /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                                countries: string[];
                                /** @description Its adapter kind: webhook, twilio, aws-sms */
                                kind: string;
                                /** @description Most SMS segments a second, across every worker; 0: no limit */
                                maxPerSecond: number;
                                name: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Who last changed its routing: an API key's name, or system */
                                updatedBy: string;
                                /** @description Its share of new messages against the other providers; 0: none */
                                weight: number;
                            }[];
                            state: "running" | "stopped";
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Who last changed the state: an API key's name, or system */
                            updatedBy: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Messages, newest first, optionally by recipient, lane, status and delivery status
         * @description `to` finds a number's messages by the keyed hash stored with each (RECIPIENT_HASH_KEY), erased ones included; messages stored without a hash (inserted other than through the API) are not found.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description What the provider's delivery receipts said (the latest by the provider's time); unknown when none came within RECEIPT_TIMEOUT_MS of sending */
                    deliveryStatus?: "delivered" | "failed" | "undelivered" | "expired" | "unknown";
                    /** @description At most this many items (1..200, default 50) */
                    limit?: number;
                    /** @description Only this lane's messages */
                    priority?: string;
                    status?: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                    /** @description Only messages to this number, E.164 (`+905551111111`; a `+` left unencoded in the query string reads as a space, and is taken as the `+`) */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "id": 42,
                         *           "to": "+905551111111",
                         *           "content": "Your code is 1234",
                         *           "priority": "transactional",
                         *           "encoding": "GSM-7",
                         *           "segments": 1,
                         *           "sendAt": null,
                         *           "expiresAt": "2026-11-22T10:05:00.000Z",
                         *           "status": "sent",
                         *           "attempts": 1,
                         *           "rateLimited": 0,
                         *           "lastError": null,
                         *           "attemptErrors": [],
                         *           "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *           "provider": "primary",
                         *           "deliveryStatus": "delivered",
                         *           "deliveredAt": "2026-11-22T10:00:04.000Z",
                         *           "callbackUrl": null,
                         *           "createdAt": "2026-11-22T10:00:00.000Z",
                         *           "queuedAt": "2026-11-22T10:00:00.500Z",
                         *           "sentAt": "2026-11-22T10:00:01.123Z",
                         *           "updatedAt": "2026-11-22T10:00:01.130Z",
                         *           "erasedAt": null,
                         *           "estimatedCost": "0.07",
                         *           "cost": "0.05"
                         *         }
                         *       ],
                         *       "nextCursor": "eyJiZWZvcmUiOjQyfQ"
                         *     }
                         */
                        "application/json": {
                            items: {
                                /** @description The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a timeout may still have been delivered: see docs/guarantees.md, What `failed` means. */
                                attemptErrors: {
                                    /** Format: date-time */
                                    at: string;
                                    /** @description The attempt's number in its round */
                                    attempt: number;
                                    error: string;
                                }[];
                                /** @description Send attempts started in this round (a manual retry starts a new round at 0) */
                                attempts: number;
                                /** @description Where delivery-status changes are POSTed (null: nowhere) */
                                callbackUrl: string | null;
                                /** @description The text; null once erased (see erasedAt) */
                                content: string | null;
                                /** @description What it cost once sent (segments × the accepting provider's price), a decimal; null until then */
                                cost: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description When the provider said it reached the phone */
                                deliveredAt: string | null;
                                /** @description null before a receipt or the timeout (and always without receipts); see DeliveryStatus */
                                deliveryStatus: ("delivered" | "failed" | "undelivered" | "expired" | "unknown") | null;
                                /** @description How intake counted the content (null for a row stored other than by intake, such as a bulk load) */
                                encoding: "GSM-7" | "UCS-2" | null;
                                /** @description When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md */
                                erasedAt: string | null;
                                /** @description What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; null when unpriced (see docs/protection.md#spend-limits) */
                                estimatedCost: string | null;
                                /** @description Unsent by this time, it ends expired and is never sent (null: never) */
                                expiresAt: string | null;
                                id: number;
                                /** @description Why the last attempt failed */
                                lastError: string | null;
                                /** @description The provider's id, once sent */
                                messageId: string | null;
                                /**
                                 * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                                 * @example transactional
                                 */
                                priority: string;
                                /** @description The name of the provider of the latest attempt; once sent, the one that accepted it (null: not attempted yet). See docs/providers.md */
                                provider: string | null;
                                /** @description When a tick claimed it */
                                queuedAt: string | null;
                                /** @description Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS */
                                rateLimited: number;
                                /** @description SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each */
                                segments: number | null;
                                /** @description Not sent before this time (null: at once) */
                                sendAt: string | null;
                                /** @description When the provider accepted it */
                                sentAt: string | null;
                                status: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                                /** @description E.164 recipient; null once erased (see erasedAt) */
                                to: string | null;
                                /** @description In intake answers: the characters that made the content UCS-2 (empty for GSM-7) */
                                ucs2Characters?: string[];
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                            /** @description Pass as `cursor` for the next page */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        put?: never;
        /** Add a message */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description A key of your choosing (a UUID, say). A retry with the same key and the same body within INTAKE_IDEMPOTENCY_TTL_HOURS (default 24) gets the first answer and stores nothing; the same key with another body is a 422. Keys are scoped by API key.
                     * @example 6f1c2a1e-4b7d-4d0e-9a57-2f0f3c1b9e11
                     */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description http(s) URL each delivery-status change of this message is POSTed to, as a Standard Webhooks event (see docs/webhooks.md); not a loopback or private address unless ALLOW_PRIVATE_CALLBACKS. Absent: the API key's URL (API_KEY_CALLBACK_URLS), if it has one */
                        callbackUrl?: string;
                        /** @description 1..messageMaxLength characters (default 160; see GET /api/v1/dispatcher) */
                        content: string;
                        /** @description RFC 3339; unsent by then, it ends expired and is never sent */
                        expiresAt?: string;
                        /**
                         * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                         * @example transactional
                         */
                        priority?: string;
                        /** @description RFC 3339; not sent before (at most 60 s in the past, at most 30 days ahead) */
                        sendAt?: string;
                        /** @description Recipient in E.164, e.g. +905551111111, that the pumping guard's rules allow (see docs/protection.md) */
                        to: string;
                        /** @description Instead of expiresAt: it expires this long after sendAt (else after intake) */
                        validitySeconds?: number;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": 42,
                         *       "to": "+905551111111",
                         *       "content": "Your code is 1234",
                         *       "priority": "transactional",
                         *       "encoding": "GSM-7",
                         *       "segments": 1,
                         *       "sendAt": null,
                         *       "expiresAt": "2026-11-22T10:05:00.000Z",
                         *       "status": "sent",
                         *       "attempts": 1,
                         *       "rateLimited": 0,
                         *       "lastError": null,
                         *       "attemptErrors": [],
                         *       "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *       "provider": "primary",
                         *       "deliveryStatus": "delivered",
                         *       "deliveredAt": "2026-11-22T10:00:04.000Z",
                         *       "callbackUrl": null,
                         *       "createdAt": "2026-11-22T10:00:00.000Z",
                         *       "queuedAt": "2026-11-22T10:00:00.500Z",
                         *       "sentAt": "2026-11-22T10:00:01.123Z",
                         *       "updatedAt": "2026-11-22T10:00:01.130Z",
                         *       "erasedAt": null,
                         *       "estimatedCost": "0.07",
                         *       "cost": "0.05"
                         *     }
                         */
                        "application/json": {
                            /** @description The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a timeout may still have been delivered: see docs/guarantees.md, What `failed` means. */
                            attemptErrors: {
                                /** Format: date-time */
                                at: string;
                                /** @description The attempt's number in its round */
                                attempt: number;
                                error: string;
                            }[];
                            /** @description Send attempts started in this round (a manual retry starts a new round at 0) */
                            attempts: number;
                            /** @description Where delivery-status changes are POSTed (null: nowhere) */
                            callbackUrl: string | null;
                            /** @description The text; null once erased (see erasedAt) */
                            content: string | null;
                            /** @description What it cost once sent (segments × the accepting provider's price), a decimal; null until then */
                            cost: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description When the provider said it reached the phone */
                            deliveredAt: string | null;
                            /** @description null before a receipt or the timeout (and always without receipts); see DeliveryStatus */
                            deliveryStatus: ("delivered" | "failed" | "undelivered" | "expired" | "unknown") | null;
                            /** @description How intake counted the content (null for a row stored other than by intake, such as a bulk load) */
                            encoding: "GSM-7" | "UCS-2" | null;
                            /** @description When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md */
                            erasedAt: string | null;
                            /** @description What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; null when unpriced (see docs/protection.md#spend-limits) */
                            estimatedCost: string | null;
                            /** @description Unsent by this time, it ends expired and is never sent (null: never) */
                            expiresAt: string | null;
                            id: number;
                            /** @description Why the last attempt failed */
                            lastError: string | null;
                            /** @description The provider's id, once sent */
                            messageId: string | null;
                            /**
                             * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                             * @example transactional
                             */
                            priority: string;
                            /** @description The name of the provider of the latest attempt; once sent, the one that accepted it (null: not attempted yet). See docs/providers.md */
                            provider: string | null;
                            /** @description When a tick claimed it */
                            queuedAt: string | null;
                            /** @description Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS */
                            rateLimited: number;
                            /** @description SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each */
                            segments: number | null;
                            /** @description Not sent before this time (null: at once) */
                            sendAt: string | null;
                            /** @description When the provider accepted it */
                            sentAt: string | null;
                            status: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                            /** @description E.164 recipient; null once erased (see erasedAt) */
                            to: string | null;
                            /** @description In intake answers: the characters that made the content UCS-2 (empty for GSM-7) */
                            ucs2Characters?: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "type": "tag:message-dispatcher,2026:problem/invalid-input",
                         *       "title": "The request's input is invalid",
                         *       "status": 400,
                         *       "detail": "to must be an E.164 phone number such as +905551111111",
                         *       "instance": "/api/v1/messages",
                         *       "statusCode": 400,
                         *       "error": "Bad Request",
                         *       "message": "to must be an E.164 phone number such as +905551111111",
                         *       "requestId": "3f0c8a4e-58a4-4c56-9a4b-0c1f1d7f2b10",
                         *       "field": "to",
                         *       "errors": [
                         *         {
                         *           "field": "to",
                         *           "message": "must be an E.164 phone number such as +905551111111"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/{id}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One message, with attempts, last error and timestamps */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description Message id
                     * @example 42
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": 42,
                         *       "to": "+905551111111",
                         *       "content": "Your code is 1234",
                         *       "priority": "transactional",
                         *       "encoding": "GSM-7",
                         *       "segments": 1,
                         *       "sendAt": null,
                         *       "expiresAt": "2026-11-22T10:05:00.000Z",
                         *       "status": "sent",
                         *       "attempts": 1,
                         *       "rateLimited": 0,
                         *       "lastError": null,
                         *       "attemptErrors": [],
                         *       "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *       "provider": "primary",
                         *       "deliveryStatus": "delivered",
                         *       "deliveredAt": "2026-11-22T10:00:04.000Z",
                         *       "callbackUrl": null,
                         *       "createdAt": "2026-11-22T10:00:00.000Z",
                         *       "queuedAt": "2026-11-22T10:00:00.500Z",
                         *       "sentAt": "2026-11-22T10:00:01.123Z",
                         *       "updatedAt": "2026-11-22T10:00:01.130Z",
                         *       "erasedAt": null,
                         *       "estimatedCost": "0.07",
                         *       "cost": "0.05"
                         *     }
                         */
                        "application/json": {
                            /** @description The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a timeout may still have been delivered: see docs/guarantees.md, What `failed` means. */
                            attemptErrors: {
                                /** Format: date-time */
                                at: string;
                                /** @description The attempt's number in its round */
                                attempt: number;
                                error: string;
                            }[];
                            /** @description Send attempts started in this round (a manual retry starts a new round at 0) */
                            attempts: number;
                            /** @description Where delivery-status changes are POSTed (null: nowhere) */
                            callbackUrl: string | null;
                            /** @description The text; null once erased (see erasedAt) */
                            content: string | null;
                            /** @description What it cost once sent (segments × the accepting provider's price), a decimal; null until then */
                            cost: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description When the provider said it reached the phone */
                            deliveredAt: string | null;
                            /** @description null before a receipt or the timeout (and always without receipts); see DeliveryStatus */
                            deliveryStatus: ("delivered" | "failed" | "undelivered" | "expired" | "unknown") | null;
                            /** @description How intake counted the content (null for a row stored other than by intake, such as a bulk load) */
                            encoding: "GSM-7" | "UCS-2" | null;
                            /** @description When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md */
                            erasedAt: string | null;
                            /** @description What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; null when unpriced (see docs/protection.md#spend-limits) */
                            estimatedCost: string | null;
                            /** @description Unsent by this time, it ends expired and is never sent (null: never) */
                            expiresAt: string | null;
                            id: number;
                            /** @description Why the last attempt failed */
                            lastError: string | null;
                            /** @description The provider's id, once sent */
                            messageId: string | null;
                            /**
                             * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                             * @example transactional
                             */
                            priority: string;
                            /** @description The name of the provider of the latest attempt; once sent, the one that accepted it (null: not attempted yet). See docs/providers.md */
                            provider: string | null;
                            /** @description When a tick claimed it */
                            queuedAt: string | null;
                            /** @description Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS */
                            rateLimited: number;
                            /** @description SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each */
                            segments: number | null;
                            /** @description Not sent before this time (null: at once) */
                            sendAt: string | null;
                            /** @description When the provider accepted it */
                            sentAt: string | null;
                            status: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                            /** @description E.164 recipient; null once erased (see erasedAt) */
                            to: string | null;
                            /** @description In intake answers: the characters that made the content UCS-2 (empty for GSM-7) */
                            ucs2Characters?: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/{id}/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel a pending message (it is never sent)
         * @description Only a `pending` message can be cancelled; a claimed, sent or failed one answers 409.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description Message id
                     * @example 42
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": 42,
                         *       "to": "+905551111111",
                         *       "content": "Your code is 1234",
                         *       "priority": "transactional",
                         *       "encoding": "GSM-7",
                         *       "segments": 1,
                         *       "sendAt": null,
                         *       "expiresAt": "2026-11-22T10:05:00.000Z",
                         *       "status": "sent",
                         *       "attempts": 1,
                         *       "rateLimited": 0,
                         *       "lastError": null,
                         *       "attemptErrors": [],
                         *       "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *       "provider": "primary",
                         *       "deliveryStatus": "delivered",
                         *       "deliveredAt": "2026-11-22T10:00:04.000Z",
                         *       "callbackUrl": null,
                         *       "createdAt": "2026-11-22T10:00:00.000Z",
                         *       "queuedAt": "2026-11-22T10:00:00.500Z",
                         *       "sentAt": "2026-11-22T10:00:01.123Z",
                         *       "updatedAt": "2026-11-22T10:00:01.130Z",
                         *       "erasedAt": null,
                         *       "estimatedCost": "0.07",
                         *       "cost": "0.05"
                         *     }
                         */
                        "application/json": {
                            /** @description The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a timeout may still have been delivered: see docs/guarantees.md, What `failed` means. */
                            attemptErrors: {
                                /** Format: date-time */
                                at: string;
                                /** @description The attempt's number in its round */
                                attempt: number;
                                error: string;
                            }[];
                            /** @description Send attempts started in this round (a manual retry starts a new round at 0) */
                            attempts: number;
                            /** @description Where delivery-status changes are POSTed (null: nowhere) */
                            callbackUrl: string | null;
                            /** @description The text; null once erased (see erasedAt) */
                            content: string | null;
                            /** @description What it cost once sent (segments × the accepting provider's price), a decimal; null until then */
                            cost: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description When the provider said it reached the phone */
                            deliveredAt: string | null;
                            /** @description null before a receipt or the timeout (and always without receipts); see DeliveryStatus */
                            deliveryStatus: ("delivered" | "failed" | "undelivered" | "expired" | "unknown") | null;
                            /** @description How intake counted the content (null for a row stored other than by intake, such as a bulk load) */
                            encoding: "GSM-7" | "UCS-2" | null;
                            /** @description When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md */
                            erasedAt: string | null;
                            /** @description What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; null when unpriced (see docs/protection.md#spend-limits) */
                            estimatedCost: string | null;
                            /** @description Unsent by this time, it ends expired and is never sent (null: never) */
                            expiresAt: string | null;
                            id: number;
                            /** @description Why the last attempt failed */
                            lastError: string | null;
                            /** @description The provider's id, once sent */
                            messageId: string | null;
                            /**
                             * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                             * @example transactional
                             */
                            priority: string;
                            /** @description The name of the provider of the latest attempt; once sent, the one that accepted it (null: not attempted yet). See docs/providers.md */
                            provider: string | null;
                            /** @description When a tick claimed it */
                            queuedAt: string | null;
                            /** @description Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS */
                            rateLimited: number;
                            /** @description SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each */
                            segments: number | null;
                            /** @description Not sent before this time (null: at once) */
                            sendAt: string | null;
                            /** @description When the provider accepted it */
                            sentAt: string | null;
                            status: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                            /** @description E.164 recipient; null once erased (see erasedAt) */
                            to: string | null;
                            /** @description In intake answers: the characters that made the content UCS-2 (empty for GSM-7) */
                            ucs2Characters?: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/{id}/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * A message's delivery receipts, by the provider's time
         * @description Every receipt matched to the message, including those that did not change its status.
         */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description Message id
                     * @example 42
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "status": "delivered",
                         *           "at": "2026-11-22T10:00:04.000Z",
                         *           "errorCode": null,
                         *           "providerMessageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *           "receivedAt": "2026-11-22T10:00:05.120Z"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            items: {
                                /** Format: date-time */
                                at: string;
                                errorCode: string | null;
                                providerMessageId: string;
                                /** Format: date-time */
                                receivedAt: string;
                                /**
                                 * @description The final status the provider reports
                                 * @enum {string}
                                 */
                                status: "delivered" | "failed" | "undelivered" | "expired";
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/{id}/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put a failed or unconfirmed message back to pending
         * @description Only a `failed` or `unconfirmed` message can be retried (409 otherwise, and while a worker is still finishing its send job). It keeps its Idempotency-Key. Retrying an `unconfirmed` message is the decision that it may arrive twice: its provider may already have sent it.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description Message id
                     * @example 42
                     */
                    id: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "id": 42,
                         *       "to": "+905551111111",
                         *       "content": "Your code is 1234",
                         *       "priority": "transactional",
                         *       "encoding": "GSM-7",
                         *       "segments": 1,
                         *       "sendAt": null,
                         *       "expiresAt": "2026-11-22T10:05:00.000Z",
                         *       "status": "sent",
                         *       "attempts": 1,
                         *       "rateLimited": 0,
                         *       "lastError": null,
                         *       "attemptErrors": [],
                         *       "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *       "provider": "primary",
                         *       "deliveryStatus": "delivered",
                         *       "deliveredAt": "2026-11-22T10:00:04.000Z",
                         *       "callbackUrl": null,
                         *       "createdAt": "2026-11-22T10:00:00.000Z",
                         *       "queuedAt": "2026-11-22T10:00:00.500Z",
                         *       "sentAt": "2026-11-22T10:00:01.123Z",
                         *       "updatedAt": "2026-11-22T10:00:01.130Z",
                         *       "erasedAt": null,
                         *       "estimatedCost": "0.07",
                         *       "cost": "0.05"
                         *     }
                         */
                        "application/json": {
                            /** @description The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a timeout may still have been delivered: see docs/guarantees.md, What `failed` means. */
                            attemptErrors: {
                                /** Format: date-time */
                                at: string;
                                /** @description The attempt's number in its round */
                                attempt: number;
                                error: string;
                            }[];
                            /** @description Send attempts started in this round (a manual retry starts a new round at 0) */
                            attempts: number;
                            /** @description Where delivery-status changes are POSTed (null: nowhere) */
                            callbackUrl: string | null;
                            /** @description The text; null once erased (see erasedAt) */
                            content: string | null;
                            /** @description What it cost once sent (segments × the accepting provider's price), a decimal; null until then */
                            cost: string | null;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description When the provider said it reached the phone */
                            deliveredAt: string | null;
                            /** @description null before a receipt or the timeout (and always without receipts); see DeliveryStatus */
                            deliveryStatus: ("delivered" | "failed" | "undelivered" | "expired" | "unknown") | null;
                            /** @description How intake counted the content (null for a row stored other than by intake, such as a bulk load) */
                            encoding: "GSM-7" | "UCS-2" | null;
                            /** @description When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md */
                            erasedAt: string | null;
                            /** @description What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; null when unpriced (see docs/protection.md#spend-limits) */
                            estimatedCost: string | null;
                            /** @description Unsent by this time, it ends expired and is never sent (null: never) */
                            expiresAt: string | null;
                            id: number;
                            /** @description Why the last attempt failed */
                            lastError: string | null;
                            /** @description The provider's id, once sent */
                            messageId: string | null;
                            /**
                             * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                             * @example transactional
                             */
                            priority: string;
                            /** @description The name of the provider of the latest attempt; once sent, the one that accepted it (null: not attempted yet). See docs/providers.md */
                            provider: string | null;
                            /** @description When a tick claimed it */
                            queuedAt: string | null;
                            /** @description Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS */
                            rateLimited: number;
                            /** @description SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each */
                            segments: number | null;
                            /** @description Not sent before this time (null: at once) */
                            sendAt: string | null;
                            /** @description When the provider accepted it */
                            sentAt: string | null;
                            status: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                            /** @description E.164 recipient; null once erased (see erasedAt) */
                            to: string | null;
                            /** @description In intake answers: the characters that made the content UCS-2 (empty for GSM-7) */
                            ucs2Characters?: string[];
                            /** Format: date-time */
                            updatedAt: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/bulk": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Add up to 1000 messages, all or nothing
         * @description If any message is invalid none is stored, and the 400 lists every bad item by index.
         */
        post: {
            parameters: {
                query?: never;
                header?: {
                    /**
                     * @description A key of your choosing (a UUID, say). A retry with the same key and the same body within INTAKE_IDEMPOTENCY_TTL_HOURS (default 24) gets the first answer and stores nothing; the same key with another body is a 422. Keys are scoped by API key.
                     * @example 6f1c2a1e-4b7d-4d0e-9a57-2f0f3c1b9e11
                     */
                    "idempotency-key"?: string;
                };
                path?: never;
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "messages": [
                     *         {
                     *           "to": "+905551111111",
                     *           "content": "Hello"
                     *         },
                     *         {
                     *           "to": "+14155552671",
                     *           "content": "Hi"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        messages: {
                            /** @description http(s) URL each delivery-status change of this message is POSTed to, as a Standard Webhooks event (see docs/webhooks.md); not a loopback or private address unless ALLOW_PRIVATE_CALLBACKS. Absent: the API key's URL (API_KEY_CALLBACK_URLS), if it has one */
                            callbackUrl?: string;
                            /** @description 1..messageMaxLength characters (default 160; see GET /api/v1/dispatcher) */
                            content: string;
                            /** @description RFC 3339; unsent by then, it ends expired and is never sent */
                            expiresAt?: string;
                            /**
                             * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                             * @example transactional
                             */
                            priority?: string;
                            /** @description RFC 3339; not sent before (at most 60 s in the past, at most 30 days ahead) */
                            sendAt?: string;
                            /** @description Recipient in E.164, e.g. +905551111111, that the pumping guard's rules allow (see docs/protection.md) */
                            to: string;
                            /** @description Instead of expiresAt: it expires this long after sendAt (else after intake) */
                            validitySeconds?: number;
                        }[];
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "count": 1,
                         *       "items": [
                         *         {
                         *           "id": 42,
                         *           "to": "+905551111111",
                         *           "content": "Your code is 1234",
                         *           "priority": "transactional",
                         *           "encoding": "GSM-7",
                         *           "segments": 1,
                         *           "sendAt": null,
                         *           "expiresAt": "2026-11-22T10:05:00.000Z",
                         *           "status": "sent",
                         *           "attempts": 1,
                         *           "rateLimited": 0,
                         *           "lastError": null,
                         *           "attemptErrors": [],
                         *           "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *           "provider": "primary",
                         *           "deliveryStatus": "delivered",
                         *           "deliveredAt": "2026-11-22T10:00:04.000Z",
                         *           "callbackUrl": null,
                         *           "createdAt": "2026-11-22T10:00:00.000Z",
                         *           "queuedAt": "2026-11-22T10:00:00.500Z",
                         *           "sentAt": "2026-11-22T10:00:01.123Z",
                         *           "updatedAt": "2026-11-22T10:00:01.130Z",
                         *           "erasedAt": null,
                         *           "estimatedCost": "0.07",
                         *           "cost": "0.05"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            count: number;
                            items: {
                                /** @description The latest failed attempts (at most 20), oldest first, across rounds. A message failed after a timeout may still have been delivered: see docs/guarantees.md, What `failed` means. */
                                attemptErrors: {
                                    /** Format: date-time */
                                    at: string;
                                    /** @description The attempt's number in its round */
                                    attempt: number;
                                    error: string;
                                }[];
                                /** @description Send attempts started in this round (a manual retry starts a new round at 0) */
                                attempts: number;
                                /** @description Where delivery-status changes are POSTed (null: nowhere) */
                                callbackUrl: string | null;
                                /** @description The text; null once erased (see erasedAt) */
                                content: string | null;
                                /** @description What it cost once sent (segments × the accepting provider's price), a decimal; null until then */
                                cost: string | null;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description When the provider said it reached the phone */
                                deliveredAt: string | null;
                                /** @description null before a receipt or the timeout (and always without receipts); see DeliveryStatus */
                                deliveryStatus: ("delivered" | "failed" | "undelivered" | "expired" | "unknown") | null;
                                /** @description How intake counted the content (null for a row stored other than by intake, such as a bulk load) */
                                encoding: "GSM-7" | "UCS-2" | null;
                                /** @description When its recipient and content were erased, RETENTION_DAYS after it ended (null: kept); see docs/protection.md */
                                erasedAt: string | null;
                                /** @description What intake reserved for it (segments × the highest price of the providers that may take it), a decimal; null when unpriced (see docs/protection.md#spend-limits) */
                                estimatedCost: string | null;
                                /** @description Unsent by this time, it ends expired and is never sent (null: never) */
                                expiresAt: string | null;
                                id: number;
                                /** @description Why the last attempt failed */
                                lastError: string | null;
                                /** @description The provider's id, once sent */
                                messageId: string | null;
                                /**
                                 * @description The message's lane: transactional (one-time passwords, alerts: sent on arrival within its budget, ahead of bulk sends), bulk (the default), or a lane LANES adds (GET /api/v1/dispatcher lists them)
                                 * @example transactional
                                 */
                                priority: string;
                                /** @description The name of the provider of the latest attempt; once sent, the one that accepted it (null: not attempted yet). See docs/providers.md */
                                provider: string | null;
                                /** @description When a tick claimed it */
                                queuedAt: string | null;
                                /** @description Of those, attempts the provider answered 429; they do not count against SEND_ATTEMPTS */
                                rateLimited: number;
                                /** @description SMS segments the content takes: 160/153 GSM-7 characters or 70/67 UCS-2 units each */
                                segments: number | null;
                                /** @description Not sent before this time (null: at once) */
                                sendAt: string | null;
                                /** @description When the provider accepted it */
                                sentAt: string | null;
                                status: "pending" | "queued" | "sending" | "sent" | "failed" | "cancelled" | "expired" | "unconfirmed";
                                /** @description E.164 recipient; null once erased (see erasedAt) */
                                to: string | null;
                                /** @description In intake answers: the characters that made the content UCS-2 (empty for GSM-7) */
                                ucs2Characters?: string[];
                                /** Format: date-time */
                                updatedAt: string;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "type": "tag:message-dispatcher,2026:problem/invalid-input",
                         *       "title": "The request's input is invalid",
                         *       "status": 400,
                         *       "detail": "to must be an E.164 phone number such as +905551111111",
                         *       "instance": "/api/v1/messages",
                         *       "statusCode": 400,
                         *       "error": "Bad Request",
                         *       "message": "to must be an E.164 phone number such as +905551111111",
                         *       "requestId": "3f0c8a4e-58a4-4c56-9a4b-0c1f1d7f2b10",
                         *       "field": "to",
                         *       "errors": [
                         *         {
                         *           "field": "to",
                         *           "message": "must be an E.164 phone number such as +905551111111"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/cancel": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Cancel pending messages by filter
         * @description Cancels up to `limit` pending messages matching every given condition, oldest first, in one statement. At least one of `to`, `createdBefore` and `createdAfter` is required.
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
                         * Format: date-time
                         * @description Only messages stored at or after
                         */
                        createdAfter?: string;
                        /**
                         * Format: date-time
                         * @description Only messages stored before
                         */
                        createdBefore?: string;
                        /**
                         * @description At most this many messages, oldest first (1..10000, default 1000)
                         * @default 1000
                         */
                        limit?: number;
                        /** @description Only messages to this number (E.164) */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "count": 42
                         *     }
                         */
                        "application/json": {
                            /** @description How many messages changed */
                            count: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/estimate": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Count a content's SMS segments without storing anything
         * @description The encoding (GSM-7, or UCS-2 and the characters that forced it) and segments intake would record for this content, with PROVIDER_TURKISH_SHIFT_TABLES as set.
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
                    /**
                     * @example {
                     *       "content": "Şifreniz 1234"
                     *     }
                     */
                    "application/json": {
                        content: string;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "encoding": "UCS-2",
                         *       "segments": 1,
                         *       "units": 13,
                         *       "nationalLanguage": null,
                         *       "ucs2Characters": [
                         *         "Ş"
                         *       ]
                         *     }
                         */
                        "application/json": {
                            encoding: "GSM-7" | "UCS-2";
                            /** @description The Turkish tables GSM-7 needs (with PROVIDER_TURKISH_SHIFT_TABLES), or null */
                            nationalLanguage: string | null;
                            segments: number;
                            /** @description The characters that made it UCS-2 */
                            ucs2Characters: string[];
                            /** @description Septets (GSM-7) or UTF-16 units (UCS-2) */
                            units: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/retry": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * Put failed messages back to pending, by filter
         * @description Retries up to `limit` failed messages matching every given condition, oldest first: each starts a new round of attempts with its Idempotency-Key. A message whose send job is still finishing is left for a later call.
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
                    /**
                     * @example {
                     *       "status": "failed",
                     *       "lastErrorContains": "503",
                     *       "failedSince": "2026-11-22T10:00:00Z"
                     *     }
                     */
                    "application/json": {
                        /**
                         * Format: date-time
                         * @description Only messages that failed at or after
                         */
                        failedSince?: string;
                        /** @description Only messages whose last error contains this */
                        lastErrorContains?: string;
                        /**
                         * @description At most this many messages, oldest first (1..10000, default 1000)
                         * @default 1000
                         */
                        limit?: number;
                        /**
                         * @description Only failed messages can be retried
                         * @enum {string}
                         */
                        status: "failed";
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "count": 42
                         *     }
                         */
                        "application/json": {
                            /** @description How many messages changed */
                            count: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/messages/sent": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Sent messages, newest first
         * @description Keyset pagination: pass the previous page's `nextCursor` as `cursor`. Pages never skip or repeat a message, even while more are being sent. `messageId` and `sentAt` come from the Redis cache where present, else from Postgres.
         */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description At most this many items (1..200, default 50) */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "id": 42,
                         *           "to": "+905551111111",
                         *           "content": "Your code is 1234",
                         *           "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                         *           "sentAt": "2026-11-22T10:00:01.123Z"
                         *         }
                         *       ],
                         *       "nextCursor": "WyIyMDI2LTExLTIyVDEwOjAwOjAxLjEyM1oiLDQyXQ"
                         *     }
                         */
                        "application/json": {
                            items: {
                                /** @description The text; null once erased (see erasedAt) */
                                content: string | null;
                                id: number;
                                /** @description The provider's id for the message */
                                messageId: string | null;
                                /** Format: date-time */
                                sentAt: string;
                                /** @description E.164 recipient; null once erased (see erasedAt) */
                                to: string | null;
                            }[];
                            /** @description Pass as `cursor` for the next page; null on the last page */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/opt-outs": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The suppression list, in number order */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description At most this many items (1..200, default 50) */
                    limit?: number;
                    /** @description Only the entries of this source */
                    source?: "operator" | "provider" | "keyword";
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "number": "+905551111111",
                         *           "reason": "STOP",
                         *           "source": "keyword",
                         *           "detail": "STOP",
                         *           "actor": "recipient",
                         *           "createdAt": "2026-11-22T10:00:00.000Z"
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": {
                            items: {
                                /** @description The API key's name, provider, or recipient (a keyword) */
                                actor: string;
                                /** Format: date-time */
                                createdAt: string;
                                /** @description keyword: the stop keyword received (folded, such as IPTAL); provider: the provider's error code when its answer gave one (such as 21610); else null */
                                detail: string | null;
                                number: string;
                                reason: string;
                                /** @description operator: added through this API; provider: the provider answered that the recipient opted out; keyword: the recipient sent a stop keyword (taken off again by their START, which never removes an operator's entry) */
                                source: "operator" | "provider" | "keyword";
                            }[];
                            /** @description Pass as `cursor` for the next page; null on the last */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/opt-outs/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Whether a number is on the suppression list (404 when not) */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description The number, E.164
                     * @example +905551111111
                     */
                    number: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "number": "+905551111111",
                         *       "reason": "asked by phone on 2026-11-22",
                         *       "source": "operator",
                         *       "detail": null,
                         *       "actor": "ops",
                         *       "createdAt": "2026-11-22T10:00:00.000Z"
                         *     }
                         */
                        "application/json": {
                            /** @description The API key's name, provider, or recipient (a keyword) */
                            actor: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description keyword: the stop keyword received (folded, such as IPTAL); provider: the provider's error code when its answer gave one (such as 21610); else null */
                            detail: string | null;
                            number: string;
                            reason: string;
                            /** @description operator: added through this API; provider: the provider answered that the recipient opted out; keyword: the recipient sent a stop keyword (taken off again by their START, which never removes an operator's entry) */
                            source: "operator" | "provider" | "keyword";
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        /**
         * Put a number on the suppression list (idempotent)
         * @description Its messages are refused at intake (409) and fail at send without a provider call.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description The number, E.164
                     * @example +905551111111
                     */
                    number: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "reason": "asked by phone on 2026-11-22"
                     *     }
                     */
                    "application/json": {
                        /** @description Why, for the record */
                        reason?: string;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "number": "+905551111111",
                         *       "reason": "asked by phone on 2026-11-22",
                         *       "source": "operator",
                         *       "detail": null,
                         *       "actor": "ops",
                         *       "createdAt": "2026-11-22T10:00:00.000Z"
                         *     }
                         */
                        "application/json": {
                            /** @description The API key's name, provider, or recipient (a keyword) */
                            actor: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description keyword: the stop keyword received (folded, such as IPTAL); provider: the provider's error code when its answer gave one (such as 21610); else null */
                            detail: string | null;
                            number: string;
                            reason: string;
                            /** @description operator: added through this API; provider: the provider answered that the recipient opted out; keyword: the recipient sent a stop keyword (taken off again by their START, which never removes an operator's entry) */
                            source: "operator" | "provider" | "keyword";
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "number": "+905551111111",
                         *       "reason": "asked by phone on 2026-11-22",
                         *       "source": "operator",
                         *       "detail": null,
                         *       "actor": "ops",
                         *       "createdAt": "2026-11-22T10:00:00.000Z"
                         *     }
                         */
                        "application/json": {
                            /** @description The API key's name, provider, or recipient (a keyword) */
                            actor: string;
                            /** Format: date-time */
                            createdAt: string;
                            /** @description keyword: the stop keyword received (folded, such as IPTAL); provider: the provider's error code when its answer gave one (such as 21610); else null */
                            detail: string | null;
                            number: string;
                            reason: string;
                            /** @description operator: added through this API; provider: the provider answered that the recipient opted out; keyword: the recipient sent a stop keyword (taken off again by their START, which never removes an operator's entry) */
                            source: "operator" | "provider" | "keyword";
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Take a number off the suppression list */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description The number, E.164
                     * @example +905551111111
                     */
                    number: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Taken off the list (no body) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/protection": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The pumping guard's country rules, caps and quotas */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "defaultCountryAction": "block",
                         *       "countries": {
                         *         "TR": "allow",
                         *         "DE": "monitor"
                         *       },
                         *       "limits": {
                         *         "recipient": {
                         *           "perHour": 20,
                         *           "perDay": 100,
                         *           "sameContentPerHour": 5
                         *         },
                         *         "laneRecipient": {
                         *           "transactional": {
                         *             "perHour": 5,
                         *             "perDay": 20,
                         *             "sameContentPerHour": 0
                         *           }
                         *         },
                         *         "key": {
                         *           "perDay": 10000,
                         *           "internationalPerDay": 100
                         *         },
                         *         "keys": {},
                         *         "homeCountries": [
                         *           "TR"
                         *         ]
                         *       },
                         *       "updatedAt": "2026-12-07T10:00:00.000Z",
                         *       "updatedBy": "ops"
                         *     }
                         */
                        "application/json": {
                            /** @description Each country's own rule, by ISO code; every other country has defaultCountryAction */
                            countries: {
                                [key: string]: "allow" | "block" | "monitor";
                            };
                            /** @description allow: send. block: refuse at intake and fail at send. monitor: send, and audit that a rule would have blocked it */
                            defaultCountryAction: "allow" | "block" | "monitor";
                            limits: {
                                /** @description Numbers of other countries are international; empty = none is */
                                homeCountries: string[];
                                key: {
                                    /** @description Of those, messages to numbers of no home country; 0 = no cap */
                                    internationalPerDay: number;
                                    /** @description Messages an API key may store per UTC day; 0 = no cap */
                                    perDay: number;
                                };
                                /** @description API keys with quotas of their own, by name */
                                keys: {
                                    [key: string]: {
                                        /** @description Of those, messages to numbers of no home country; 0 = no cap */
                                        internationalPerDay: number;
                                        /** @description Messages an API key may store per UTC day; 0 = no cap */
                                        perDay: number;
                                    };
                                };
                                /** @description Lanes whose messages have caps of their own, counted apart from the others' */
                                laneRecipient: {
                                    [key: string]: {
                                        /** @description Messages per recipient per UTC day; 0 = no cap */
                                        perDay: number;
                                        /** @description Messages per recipient per clock hour; 0 = no cap */
                                        perHour: number;
                                        /** @description Messages with the same content per recipient per clock hour; 0 = no cap */
                                        sameContentPerHour: number;
                                    };
                                };
                                recipient: {
                                    /** @description Messages per recipient per UTC day; 0 = no cap */
                                    perDay: number;
                                    /** @description Messages per recipient per clock hour; 0 = no cap */
                                    perHour: number;
                                    /** @description Messages with the same content per recipient per clock hour; 0 = no cap */
                                    sameContentPerHour: number;
                                };
                            };
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
        /**
         * Change the action for countries without a rule, and the caps and quotas
         * @description A limits field given replaces that field whole (laneRecipient and keys too); the others are kept. Lanes and API keys named must exist. Audited.
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
                    /**
                     * @example {
                     *       "defaultCountryAction": "block",
                     *       "limits": {
                     *         "recipient": {
                     *           "perHour": 20,
                     *           "perDay": 100,
                     *           "sameContentPerHour": 5
                     *         }
                     *       }
                     *     }
                     */
                    "application/json": {
                        /** @description allow: send. block: refuse at intake and fail at send. monitor: send, and audit that a rule would have blocked it */
                        defaultCountryAction?: "allow" | "block" | "monitor";
                        limits?: {
                            homeCountries?: string[];
                            key?: {
                                /** @description Of those, messages to numbers of no home country; 0 = no cap */
                                internationalPerDay: number;
                                /** @description Messages an API key may store per UTC day; 0 = no cap */
                                perDay: number;
                            };
                            keys?: {
                                [key: string]: {
                                    /** @description Of those, messages to numbers of no home country; 0 = no cap */
                                    internationalPerDay: number;
                                    /** @description Messages an API key may store per UTC day; 0 = no cap */
                                    perDay: number;
                                };
                            };
                            laneRecipient?: {
                                [key: string]: {
                                    /** @description Messages per recipient per UTC day; 0 = no cap */
                                    perDay: number;
                                    /** @description Messages per recipient per clock hour; 0 = no cap */
                                    perHour: number;
                                    /** @description Messages with the same content per recipient per clock hour; 0 = no cap */
                                    sameContentPerHour: number;
                                };
                            };
                            recipient?: {
                                /** @description Messages per recipient per UTC day; 0 = no cap */
                                perDay: number;
                                /** @description Messages per recipient per clock hour; 0 = no cap */
                                perHour: number;
                                /** @description Messages with the same content per recipient per clock hour; 0 = no cap */
                                sameContentPerHour: number;
                            };
                        };
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "defaultCountryAction": "block",
                         *       "countries": {
                         *         "TR": "allow",
                         *         "DE": "monitor"
                         *       },
                         *       "limits": {
                         *         "recipient": {
                         *           "perHour": 20,
                         *           "perDay": 100,
                         *           "sameContentPerHour": 5
                         *         },
                         *         "laneRecipient": {
                         *           "transactional": {
                         *             "perHour": 5,
                         *             "perDay": 20,
                         *             "sameContentPerHour": 0
                         *           }
                         *         },
                         *         "key": {
                         *           "perDay": 10000,
                         *           "internationalPerDay": 100
                         *         },
                         *         "keys": {},
                         *         "homeCountries": [
                         *           "TR"
                         *         ]
                         *       },
                         *       "updatedAt": "2026-12-07T10:00:00.000Z",
                         *       "updatedBy": "ops"
                         *     }
                         */
                        "application/json": {
                            /** @description Each country's own rule, by ISO code; every other country has defaultCountryAction */
                            countries: {
                                [key: string]: "allow" | "block" | "monitor";
                            };
                            /** @description allow: send. block: refuse at intake and fail at send. monitor: send, and audit that a rule would have blocked it */
                            defaultCountryAction: "allow" | "block" | "monitor";
                            limits: {
                                /** @description Numbers of other countries are international; empty = none is */
                                homeCountries: string[];
                                key: {
                                    /** @description Of those, messages to numbers of no home country; 0 = no cap */
                                    internationalPerDay: number;
                                    /** @description Messages an API key may store per UTC day; 0 = no cap */
                                    perDay: number;
                                };
                                /** @description API keys with quotas of their own, by name */
                                keys: {
                                    [key: string]: {
                                        /** @description Of those, messages to numbers of no home country; 0 = no cap */
                                        internationalPerDay: number;
                                        /** @description Messages an API key may store per UTC day; 0 = no cap */
                                        perDay: number;
                                    };
                                };
                                /** @description Lanes whose messages have caps of their own, counted apart from the others' */
                                laneRecipient: {
                                    [key: string]: {
                                        /** @description Messages per recipient per UTC day; 0 = no cap */
                                        perDay: number;
                                        /** @description Messages per recipient per clock hour; 0 = no cap */
                                        perHour: number;
                                        /** @description Messages with the same content per recipient per clock hour; 0 = no cap */
                                        sameContentPerHour: number;
                                    };
                                };
                                recipient: {
                                    /** @description Messages per recipient per UTC day; 0 = no cap */
                                    perDay: number;
                                    /** @description Messages per recipient per clock hour; 0 = no cap */
                                    perHour: number;
                                    /** @description Messages with the same content per recipient per clock hour; 0 = no cap */
                                    sameContentPerHour: number;
                                };
                            };
                            /** Format: date-time */
                            updatedAt: string;
                            updatedBy: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/protection/countries/{country}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /** Set a country's rule (idempotent) */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description ISO 3166-1 alpha-2 code
                     * @example TR
                     */
                    country: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "block"
                     *     }
                     */
                    "application/json": {
                        /** @description allow: send. block: refuse at intake and fail at send. monitor: send, and audit that a rule would have blocked it */
                        action: "allow" | "block" | "monitor";
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "country": "US",
                         *       "action": "block"
                         *     }
                         */
                        "application/json": {
                            /** @description allow: send. block: refuse at intake and fail at send. monitor: send, and audit that a rule would have blocked it */
                            action: "allow" | "block" | "monitor";
                            country: string;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove a country's rule: defaultCountryAction applies to it again */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description ISO 3166-1 alpha-2 code
                     * @example TR
                     */
                    country: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Removed (no body) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/protection/numbers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Numbers with rules of their own, in number order */
        get: {
            parameters: {
                query?: {
                    cursor?: string;
                    /** @description At most this many items (1..200, default 50) */
                    limit?: number;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "number": "+905551234567",
                         *           "action": "block",
                         *           "until": "2026-12-31T00:00:00.000Z",
                         *           "reason": "pumping",
                         *           "createdAt": "2026-12-07T10:00:00.000Z",
                         *           "createdBy": "ops"
                         *         }
                         *       ],
                         *       "nextCursor": null
                         *     }
                         */
                        "application/json": {
                            items: {
                                action: "allow" | "block";
                                /** Format: date-time */
                                createdAt: string;
                                createdBy: string;
                                number: string;
                                reason: string | null;
                                until: string | null;
                            }[];
                            /** @description Pass as `cursor` for the next page; null on the last */
                            nextCursor: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/protection/numbers/{number}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        /**
         * Allow or block one number, optionally until a time (replaces its rule)
         * @description The suppression list always wins: an allowed number that opted out is still refused.
         */
        put: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description The number, E.164
                     * @example +905551111111
                     */
                    number: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    /**
                     * @example {
                     *       "action": "block",
                     *       "until": "2026-12-31T00:00:00Z",
                     *       "reason": "pumping"
                     *     }
                     */
                    "application/json": {
                        /** @description allow: its country's rule and the recipient caps do not apply (opt-outs and key quotas do); block: refused */
                        action: "allow" | "block";
                        /** @description Why, for the record */
                        reason?: string;
                        /**
                         * Format: date-time
                         * @description In force until then (RFC 3339); absent: until removed
                         */
                        until?: string;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "number": "+905551234567",
                         *       "action": "block",
                         *       "until": "2026-12-31T00:00:00.000Z",
                         *       "reason": "pumping",
                         *       "createdAt": "2026-12-07T10:00:00.000Z",
                         *       "createdBy": "ops"
                         *     }
                         */
                        "application/json": {
                            action: "allow" | "block";
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            number: string;
                            reason: string | null;
                            until: string | null;
                        };
                    };
                };
                /** @description Default Response */
                201: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "number": "+905551234567",
                         *       "action": "block",
                         *       "until": "2026-12-31T00:00:00.000Z",
                         *       "reason": "pumping",
                         *       "createdAt": "2026-12-07T10:00:00.000Z",
                         *       "createdBy": "ops"
                         *     }
                         */
                        "application/json": {
                            action: "allow" | "block";
                            /** Format: date-time */
                            createdAt: string;
                            createdBy: string;
                            number: string;
                            reason: string | null;
                            until: string | null;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        post?: never;
        /** Remove a number's rule: its country's rule applies to it again */
        delete: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /**
                     * @description The number, E.164
                     * @example +905551111111
                     */
                    number: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Removed (no body) */
                204: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content?: never;
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/providers": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The providers, their routing and their circuit breakers */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "items": [
                         *         {
                         *           "name": "twilio-us",
                         *           "kind": "twilio",
                         *           "countries": [
                         *             "US",
                         *             "CA"
                         *           ],
                         *           "weight": 3,
                         *           "maxPerSecond": 1,
                         *           "burst": 0,
                         *           "breaker": {
                         *             "state": "closed",
                         *             "remainingMs": 0
                         *           },
                         *           "updatedAt": "2026-11-22T10:00:00.000Z",
                         *           "updatedBy": "system"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            items: {
                                /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                                breaker: {
                                    /** @description While open: until a probe may go */
                                    remainingMs: number;
                                    state: "closed" | "open" | "half-open";
                                } | null;
                                /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                                burst: number;
                                /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                                countries: string[];
                                /** @description Its adapter kind: webhook, twilio, aws-sms */
                                kind: string;
                                /** @description Most SMS segments a second, across every worker; 0: no limit */
                                maxPerSecond: number;
                                name: string;
                                /** Format: date-time */
                                updatedAt: string;
                                /** @description Who last changed its routing: an API key's name, or system */
                                updatedBy: string;
                                /** @description Its share of new messages against the other providers; 0: none */
                                weight: number;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/providers/{name}": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** One provider's routing and circuit breaker */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The provider's name */
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "name": "twilio-us",
                         *       "kind": "twilio",
                         *       "countries": [
                         *         "US",
                         *         "CA"
                         *       ],
                         *       "weight": 3,
                         *       "maxPerSecond": 1,
                         *       "burst": 0,
                         *       "breaker": {
                         *         "state": "closed",
                         *         "remainingMs": 0
                         *       },
                         *       "updatedAt": "2026-11-22T10:00:00.000Z",
                         *       "updatedBy": "system"
                         *     }
                         */
                        "application/json": {
                            /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                            breaker: {
                                /** @description While open: until a probe may go */
                                remainingMs: number;
                                state: "closed" | "open" | "half-open";
                            } | null;
                            /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                            burst: number;
                            /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                            countries: string[];
                            /** @description Its adapter kind: webhook, twilio, aws-sms */
                            kind: string;
                            /** @description Most SMS segments a second, across every worker; 0: no limit */
                            maxPerSecond: number;
                            name: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Who last changed its routing: an API key's name, or system */
                            updatedBy: string;
                            /** @description Its share of new messages against the other providers; 0: none */
                            weight: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
        /**
         * Change a provider's routing at run time
         * @description Changes its countries, weight (0 takes it out of rotation for new messages; messages bound to it still go there), throughput limit and burst. Every worker applies it within PROVIDER_ROUTING_REFRESH_MS (2 s by default). Persisted and audited; credentials cannot be changed here.
         */
        patch: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    /** @description The provider's name */
                    name: string;
                };
                cookie?: never;
            };
            requestBody: {
                content: {
                    "application/json": {
                        /** @description Segments at once; 0: one second's worth */
                        burst?: number;
                        /** @description The countries it sends to; [] for every country */
                        countries?: string[];
                        /** @description SMS segments a second; 0: no limit */
                        maxPerSecond?: number;
                        /** @description Its share of new messages; 0: none */
                        weight?: number;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "name": "twilio-us",
                         *       "kind": "twilio",
                         *       "countries": [
                         *         "US",
                         *         "CA"
                         *       ],
                         *       "weight": 3,
                         *       "maxPerSecond": 1,
                         *       "burst": 0,
                         *       "breaker": {
                         *         "state": "closed",
                         *         "remainingMs": 0
                         *       },
                         *       "updatedAt": "2026-11-22T10:00:00.000Z",
                         *       "updatedBy": "system"
                         *     }
                         */
                        "application/json": {
                            /** @description Its circuit breaker, shared by every worker (null when Redis cannot be read) */
                            breaker: {
                                /** @description While open: until a probe may go */
                                remainingMs: number;
                                state: "closed" | "open" | "half-open";
                            } | null;
                            /** @description Segments it may be sent at once above the rate; 0: one second's worth */
                            burst: number;
                            /** @description ISO 3166-1 alpha-2 codes of the countries it sends to; empty: every country */
                            countries: string[];
                            /** @description Its adapter kind: webhook, twilio, aws-sms */
                            kind: string;
                            /** @description Most SMS segments a second, across every worker; 0: no limit */
                            maxPerSecond: number;
                            name: string;
                            /** Format: date-time */
                            updatedAt: string;
                            /** @description Who last changed its routing: an API key's name, or system */
                            updatedBy: string;
                            /** @description Its share of new messages against the other providers; 0: none */
                            weight: number;
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/spend": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * What the messages stored in a period spent and hold reserved, by API key, country and provider
         * @description Messages count in the period they were stored in. Limits show the current UTC day and month.
         */
        get: {
            parameters: {
                query?: {
                    /** @description RFC 3339; default: the start of today (UTC) */
                    from?: string;
                    /** @description RFC 3339, exclusive; default: 24 hours after from */
                    to?: string;
                };
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "from": "2026-12-07T00:00:00.000Z",
                         *       "to": "2026-12-08T00:00:00.000Z",
                         *       "total": {
                         *         "spent": "12.5",
                         *         "reserved": "0.75"
                         *       },
                         *       "byApiKey": {
                         *         "shop": {
                         *           "spent": "12.5",
                         *           "reserved": "0.75"
                         *         }
                         *       },
                         *       "byCountry": {
                         *         "TR": {
                         *           "spent": "12.5",
                         *           "reserved": "0.75"
                         *         }
                         *       },
                         *       "byProvider": {
                         *         "primary": {
                         *           "spent": "12.5",
                         *           "reserved": "0"
                         *         },
                         *         "none": {
                         *           "spent": "0",
                         *           "reserved": "0.75"
                         *         }
                         *       },
                         *       "limits": [
                         *         {
                         *           "apiKey": null,
                         *           "period": "day",
                         *           "limit": "500",
                         *           "spent": "12.5",
                         *           "reserved": "0.75",
                         *           "reached": false
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            byApiKey: {
                                [key: string]: {
                                    /** @description Estimates of the messages that may still be sent (a decimal string) */
                                    reserved: string;
                                    /** @description Cost of the messages sent (a decimal string) */
                                    spent: string;
                                };
                            };
                            /** @description By ISO code; `none`: numbers of no country */
                            byCountry: {
                                [key: string]: {
                                    /** @description Estimates of the messages that may still be sent (a decimal string) */
                                    reserved: string;
                                    /** @description Cost of the messages sent (a decimal string) */
                                    spent: string;
                                };
                            };
                            /** @description By provider; `none`: not attempted yet */
                            byProvider: {
                                [key: string]: {
                                    /** @description Estimates of the messages that may still be sent (a decimal string) */
                                    reserved: string;
                                    /** @description Cost of the messages sent (a decimal string) */
                                    spent: string;
                                };
                            };
                            /** Format: date-time */
                            from: string;
                            /** @description Each limit set, with its scope's standing in the current UTC day or month */
                            limits: {
                                /** @description null: the total */
                                apiKey: string | null;
                                /** @description The limit (a decimal string) */
                                limit: string;
                                period: "day" | "month";
                                /** @description Whether the limit was reached this period (met, or a message was refused for it) */
                                reached: boolean;
                                /** @description Reserved in the current UTC period (a decimal string) */
                                reserved: string;
                                /** @description Spent in the current UTC period (a decimal string) */
                                spent: string;
                            }[];
                            /** Format: date-time */
                            to: string;
                            total: {
                                /** @description Estimates of the messages that may still be sent (a decimal string) */
                                reserved: string;
                                /** @description Cost of the messages sent (a decimal string) */
                                spent: string;
                            };
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/api/v1/spend/limits": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The spend limits: the total's and each API key's */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "total": {
                         *         "perDay": "500",
                         *         "perMonth": "10000"
                         *       },
                         *       "keys": {
                         *         "signup-form": {
                         *           "perDay": "20",
                         *           "perMonth": null
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @description API keys with limits of their own, by name */
                            keys: {
                                [key: string]: {
                                    /** @description Most spent and reserved per UTC day; null = no limit */
                                    perDay: string | null;
                                    /** @description Most spent and reserved per UTC month; null = no limit */
                                    perMonth: string | null;
                                };
                            };
                            total: {
                                /** @description Most spent and reserved per UTC day; null = no limit */
                                perDay: string | null;
                                /** @description Most spent and reserved per UTC month; null = no limit */
                                perMonth: string | null;
                            };
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
        /**
         * Change the total's or an API key's limits per UTC day and month (audited)
         * @description Limits not named are kept; null removes one. The API key must exist.
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
                    /**
                     * @example {
                     *       "apiKey": "signup-form",
                     *       "perDay": "20"
                     *     }
                     */
                    "application/json": {
                        /** @description An API key's name; absent: the total's limits */
                        apiKey?: string;
                        /** @description Most spent and reserved per UTC day; null = no limit */
                        perDay?: string | null;
                        /** @description Most spent and reserved per UTC month; null = no limit */
                        perMonth?: string | null;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "total": {
                         *         "perDay": "500",
                         *         "perMonth": "10000"
                         *       },
                         *       "keys": {
                         *         "signup-form": {
                         *           "perDay": "20",
                         *           "perMonth": null
                         *         }
                         *       }
                         *     }
                         */
                        "application/json": {
                            /** @description API keys with limits of their own, by name */
                            keys: {
                                [key: string]: {
                                    /** @description Most spent and reserved per UTC day; null = no limit */
                                    perDay: string | null;
                                    /** @description Most spent and reserved per UTC month; null = no limit */
                                    perMonth: string | null;
                                };
                            };
                            total: {
                                /** @description Most spent and reserved per UTC day; null = no limit */
                                perDay: string | null;
                                /** @description Most spent and reserved per UTC month; null = no limit */
                                perMonth: string | null;
                            };
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        trace?: never;
    };
    "/api/v1/spend/prices": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The price table: each provider's price per segment by country */
        get: {
            parameters: {
                query?: never;
                header?: never;
                path?: never;
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "prices": [
                         *         {
                         *           "provider": "primary",
                         *           "country": "*",
                         *           "price": "0.05"
                         *         },
                         *         {
                         *           "provider": "primary",
                         *           "country": "TR",
                         *           "price": "0.012"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            prices: {
                                /** @description ISO 3166-1 alpha-2 code, or * for every country of the provider without a price of its own */
                                country: string;
                                /** @description Price per SMS segment (a decimal string) */
                                price: string;
                                /** @description A provider's name (GET /api/v1/providers) */
                                provider: string;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
            };
        };
        /**
         * Replace the price table whole (audited)
         * @description Providers must exist; a country is an ISO code or * (the provider's other countries), once per provider. Intake estimates with the new prices from the next request; messages stored before keep their estimates.
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
                    /**
                     * @example {
                     *       "prices": [
                     *         {
                     *           "provider": "primary",
                     *           "country": "*",
                     *           "price": "0.05"
                     *         },
                     *         {
                     *           "provider": "primary",
                     *           "country": "TR",
                     *           "price": "0.012"
                     *         }
                     *       ]
                     *     }
                     */
                    "application/json": {
                        prices: {
                            /** @description ISO 3166-1 alpha-2 code, or * for every country of the provider without a price of its own */
                            country: string;
                            /** @description Price per SMS segment (a decimal string) */
                            price: string;
                            /** @description A provider's name (GET /api/v1/providers) */
                            provider: string;
                        }[];
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "prices": [
                         *         {
                         *           "provider": "primary",
                         *           "country": "*",
                         *           "price": "0.05"
                         *         },
                         *         {
                         *           "provider": "primary",
                         *           "country": "TR",
                         *           "price": "0.012"
                         *         }
                         *       ]
                         *     }
                         */
                        "application/json": {
                            prices: {
                                /** @description ISO 3166-1 alpha-2 code, or * for every country of the provider without a price of its own */
                                country: string;
                                /** @description Price per SMS segment (a decimal string) */
                                price: string;
                                /** @description A provider's name (GET /api/v1/providers) */
                                provider: string;
                            }[];
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
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
    "/health": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The combined view: the API, its backing services and Redis's eviction policy */
        get: {
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
                            postgres: "up" | "down";
                            redis: "up" | "down";
                            /** @description Redis's maxmemory-policy when it is not noeviction (Redis may then delete queued jobs); degraded unless REDIS_ALLOW_EVICTION */
                            redisEvictionPolicy?: string;
                            status: "up" | "degraded";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            postgres: "up" | "down";
                            redis: "up" | "down";
                            /** @description Redis's maxmemory-policy when it is not noeviction (Redis may then delete queued jobs); degraded unless REDIS_ALLOW_EVICTION */
                            redisEvictionPolicy?: string;
                            status: "up" | "degraded";
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
    "/livez": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Liveness: the process answers (no dependency is checked) */
        get: {
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
                        /**
                         * @example {
                         *       "status": "up"
                         *     }
                         */
                        "application/json": {
                            /** @enum {string} */
                            status: "up";
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
    "/metrics": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /**
         * Prometheus metrics
         * @description Prometheus text format 0.0.4: message counts by status, the pending backlog, BullMQ job counts by queue and state, whether the dispatcher is running and its scheduler present, and Node process metrics. Never fails because Postgres or Redis is down; `dispatcher_metrics_source_up` says which could not be read.
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
                /** @description Prometheus text */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/plain": string;
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
    "/provider/{name}/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A message a recipient sent back through a named provider, as that provider sends it
         * @description For providers whose adapter reads inbound messages (twilio: its incoming-message webhook, form-encoded and signed with X-Twilio-Signature, answered with empty TwiML). 401 when the signature does not verify; keywords act as at POST /provider/inbound.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Taken; the body is what the provider expects (twilio: <Response></Response>) */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "text/xml": string;
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/provider/{name}/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A delivery receipt from a named provider, as that provider sends it
         * @description For providers whose adapter reads receipts (twilio: its StatusCallback, form-encoded and signed with X-Twilio-Signature). 401 when the signature does not verify; 200 ignored for a status that is not final; otherwise as POST /provider/receipts.
         */
        post: {
            parameters: {
                query?: never;
                header?: never;
                path: {
                    name: string;
                };
                cookie?: never;
            };
            requestBody?: never;
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "applied"
                         *     }
                         */
                        "application/json": {
                            /** @description applied: the message's delivery status is now this; superseded: it has a status of a later time; waiting: no sent message has this id yet (applied once one has); duplicate: received before; ignored: a status that is not final (a named provider's receipts only) */
                            outcome: "applied" | "superseded" | "waiting" | "duplicate" | "ignored";
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "applied"
                         *     }
                         */
                        "application/json": {
                            /** @description applied: the message's delivery status is now this; superseded: it has a status of a later time; waiting: no sent message has this id yet (applied once one has); duplicate: received before; ignored: a status that is not final (a named provider's receipts only) */
                            outcome: "applied" | "superseded" | "waiting" | "duplicate" | "ignored";
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/provider/inbound": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A message a recipient sent back (signed): STOP, START or HELP act
         * @description Signed as POST /provider/receipts is (`x-signature` with RECEIPT_SECRET); else 401 and nothing stored. Only a whole text that is a keyword acts (trimmed; case and accents ignored): STOP, STOPALL, UNSUBSCRIBE, CANCEL, END, QUIT, IPTAL and STOP_KEYWORDS put the sender on the suppression list; START, UNSTOP and START_KEYWORDS take a keyword's or provider's entry off; HELP and HELP_KEYWORDS are audited.
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
                    /**
                     * @example {
                     *       "from": "+905551111111",
                     *       "to": "+905559999999",
                     *       "text": "STOP",
                     *       "messageId": "in-7c1d",
                     *       "at": "2026-11-22T10:00:04Z"
                     *     }
                     */
                    "application/json": {
                        /** @description RFC 3339: when it was received, by the provider's clock */
                        at?: string;
                        /** @description The sender, E.164 */
                        from: string;
                        /** @description The provider's id of the message */
                        messageId?: string;
                        /** @description The message's text as sent; only a whole text that is a keyword acts */
                        text: string;
                        /** @description The number it was sent to */
                        to?: string;
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "stop"
                         *     }
                         */
                        "application/json": {
                            /** @description stop: the sender is on the suppression list (an operator's entry stays as it was); start: a keyword's or provider's entry for the sender is taken off (never an operator's); help: recorded in the audit trail; ignored: the whole text is no keyword */
                            outcome: "stop" | "start" | "help" | "ignored";
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/provider/receipts": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        get?: never;
        put?: never;
        /**
         * A delivery receipt from the provider (signed)
         * @description Needs `x-signature: t=<unix seconds>,v1=<hex HMAC-SHA256 of "<t>.<raw body>">` with RECEIPT_SECRET (or RECEIPT_SECRET_PREVIOUS), t within RECEIPT_TOLERANCE_SECONDS; else 401. Idempotent; receipts may come in any order (the latest `at` wins) and before the message is recorded sent.
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
                    /**
                     * @example {
                     *       "messageId": "67f2f8a8-ea58-4ed0-a6f9-ff217df4d849",
                     *       "status": "delivered",
                     *       "at": "2026-11-22T10:00:04.000Z",
                     *       "reference": "0b8c6e52-7a53-4ad9-9d55-a3c1b3f1f0a2"
                     *     }
                     */
                    "application/json": {
                        /** @description RFC 3339: when the status came about, by the provider's clock */
                        at: string;
                        /** @description The provider's or carrier's code */
                        errorCode?: string;
                        /** @description The provider's id of the message */
                        messageId: string;
                        /** @description The Idempotency-Key the message was sent with (a UUID), if the provider echoes it */
                        reference?: string;
                        /**
                         * @description The final status the provider reports
                         * @enum {string}
                         */
                        status: "delivered" | "failed" | "undelivered" | "expired";
                    };
                };
            };
            responses: {
                /** @description An RFC 9457 problem */
                "4XX": {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
                        };
                    };
                };
                /** @description Default Response */
                200: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "applied"
                         *     }
                         */
                        "application/json": {
                            /** @description applied: the message's delivery status is now this; superseded: it has a status of a later time; waiting: no sent message has this id yet (applied once one has); duplicate: received before; ignored: a status that is not final (a named provider's receipts only) */
                            outcome: "applied" | "superseded" | "waiting" | "duplicate" | "ignored";
                        };
                    };
                };
                /** @description Default Response */
                202: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        /**
                         * @example {
                         *       "outcome": "applied"
                         *     }
                         */
                        "application/json": {
                            /** @description applied: the message's delivery status is now this; superseded: it has a status of a later time; waiting: no sent message has this id yet (applied once one has); duplicate: received before; ignored: a status that is not final (a named provider's receipts only) */
                            outcome: "applied" | "superseded" | "waiting" | "duplicate" | "ignored";
                        };
                    };
                };
                /** @description An RFC 9457 problem */
                500: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/problem+json": {
                            /** @description Why a rule refused the request, for programs: country_blocked, number_blocked, recipient_hourly_cap, recipient_daily_cap, same_content_hourly_cap, key_daily_quota, key_international_daily_quota, protection_unavailable (see docs/protection.md), spend_daily_limit, spend_monthly_limit, spend_unpriced (see docs/protection.md), callback_dns_unavailable (a 503: a callbackUrl's host did not resolve in time; see docs/webhooks.md), rate_limited (the API key's rate limit) */
                            code?: string;
                            /** @description What went wrong with this request, in words */
                            detail: string;
                            /** @description The status code's reason phrase (kept for /api/v1 clients) */
                            error: string;
                            /** @description Every problem found */
                            errors?: {
                                field: string;
                                index?: number;
                                message: string;
                            }[];
                            /** @description The first offending field */
                            field?: string;
                            /** @description The request's path, without its query, phone numbers in it masked */
                            instance: string;
                            /** @description As detail (kept for /api/v1 clients) */
                            message: string;
                            /** @description The request's id, as in the x-request-id header: quote it when asking about it */
                            requestId?: string;
                            /** @description The rule that refused the request, in words */
                            rule?: string;
                            /** @description The HTTP status code */
                            status: number;
                            /** @description As status (kept for /api/v1 clients) */
                            statusCode: number;
                            /** @description The kind in words; the status code's reason phrase for about:blank */
                            title: string;
                            /** @description The problem's kind, a URI: tag:message-dispatcher,2026:problem/<kind> (docs/api.md lists them), or about:blank when the status code says it all */
                            type: string;
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
    "/readyz": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** Readiness: Postgres and Redis answer */
        get: {
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
                            postgres: "up" | "down";
                            redis: "up" | "down";
                            /** @description Redis's maxmemory-policy when it is not noeviction (Redis may then delete queued jobs); degraded unless REDIS_ALLOW_EVICTION */
                            redisEvictionPolicy?: string;
                            status: "up" | "degraded";
                        };
                    };
                };
                /** @description Default Response */
                503: {
                    headers: {
                        [name: string]: unknown;
                    };
                    content: {
                        "application/json": {
                            postgres: "up" | "down";
                            redis: "up" | "down";
                            /** @description Redis's maxmemory-policy when it is not noeviction (Redis may then delete queued jobs); degraded unless REDIS_ALLOW_EVICTION */
                            redisEvictionPolicy?: string;
                            status: "up" | "degraded";
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
    "/version": {
        parameters: {
            query?: never;
            header?: never;
            path?: never;
            cookie?: never;
        };
        /** The running version */
        get: {
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
                        /**
                         * @example {
                         *       "name": "message-dispatcher-api",
                         *       "version": "1.0.0",
                         *       "node": "v26.10.0"
                         *     }
                         */
                        "application/json": {
                            name: string;
                            node: string;
                            version: string;
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
}
export type webhooks = Record<string, never>;
export interface components {
    schemas: never;
    responses: never;
    parameters: never;
    requestBodies: never;
    headers: never;
    pathItems: never;
}
export type $defs = Record<string, never>;
export type operations = Record<string, never>;
