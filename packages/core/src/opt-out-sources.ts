/**
 * Who put a number on the suppression list: `operator` (through the API), `provider` (a provider
 * answered a send that the recipient opted out with it) or `keyword` (the recipient sent a stop
 * keyword). A keyword's START takes off only `provider` and `keyword` entries, never an operator's.
 */
export const OPT_OUT_SOURCES = Object.freeze(["operator", "provider", "keyword"] as const);

export type OptOutSource = (typeof OPT_OUT_SOURCES)[number];

/** The sources a recipient's START may take a number off the list from: theirs, not an operator's. */
export const RECIPIENT_OPT_OUT_SOURCES: readonly OptOutSource[] = Object.freeze(["provider", "keyword"]);
