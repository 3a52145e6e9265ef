/**
 * Inbound messages (a recipient's reply, read from a provider) and the keywords that act on the
 * suppression list. A keyword counts only as a message's whole text: "STOP" opts its sender out,
 * "we have got to STOP this bill" does nothing.
 */

/** What an inbound message asks for: `stop` (opt out), `start` (opt back in), `help`, or nothing (`ignored`). */
export type InboundAction = "stop" | "start" | "help" | "ignored";

/** The keywords of each action, folded (see foldKeyword). */
export interface InboundKeywords {
  stop: readonly string[];
  start: readonly string[];
  help: readonly string[];
}

/**
 * The keywords every deployment knows, before STOP_KEYWORDS, START_KEYWORDS and HELP_KEYWORDS add
 * their own: the carriers' (CTIA) opt-out and opt-in words, and Turkish İPTAL.
 */
export const BUILT_IN_KEYWORDS: InboundKeywords = Object.freeze({
  stop: Object.freeze(["STOP", "STOPALL", "UNSUBSCRIBE", "CANCEL", "END", "QUIT", "IPTAL"]),
  start: Object.freeze(["START", "UNSTOP"]),
  help: Object.freeze(["HELP"]),
});

/**
 * `text` trimmed and case-folded for comparison: compatibility-decomposed (NFKD), its combining
 * marks dropped and upper-cased without a locale, so ` Stop `, `İPTAL`, `iptal` and `ıptal` all
 * fold to `STOP` or `IPTAL`.
 */
export function foldKeyword(text: string): string {
  return text.normalize("NFKD").replace(/\p{M}/gu, "").trim().toUpperCase();
}

/**
 * What the whole of `text` asks for, with the keyword it matched (folded): a stop keyword wins
 * over a start or help keyword configured alike. Anything but exactly one keyword is `ignored`.
 */
export function readInboundAction(
  text: string,
  keywords: InboundKeywords,
): { action: InboundAction; keyword: string | null } {
  const folded = foldKeyword(text);
  for (const action of ["stop", "start", "help"] as const) {
    if (keywords[action].includes(folded)) return { action, keyword: folded };
  }
  return { action: "ignored", keyword: null };
}

/** The built-in keywords with `extra` added (each folded), without repeats. */
export function withKeywords(extra: Partial<InboundKeywords>): InboundKeywords {
  const join = (built: readonly string[], more: readonly string[] = []) => [
    ...new Set([...built, ...more.map(foldKeyword).filter((k) => k !== "")]),
  ];
  return {
    stop: join(BUILT_IN_KEYWORDS.stop, extra.stop),
    start: join(BUILT_IN_KEYWORDS.start, extra.start),
    help: join(BUILT_IN_KEYWORDS.help, extra.help),
  };
}
