import { describe, expect, it } from "vitest";
import { BUILT_IN_KEYWORDS, foldKeyword, readInboundAction, withKeywords } from "../src/inbound-keywords.js";

describe("inbound keywords", () => {
  it.each([
    ["STOP", "stop", "STOP"],
    [" Stop ", "stop", "STOP"],
    ["stop\n", "stop", "STOP"],
    ["StopAll", "stop", "STOPALL"],
    ["unsubscribe", "stop", "UNSUBSCRIBE"],
    ["CANCEL", "stop", "CANCEL"],
    ["end", "stop", "END"],
    ["Quit", "stop", "QUIT"],
    ["IPTAL", "stop", "IPTAL"],
    ["İPTAL", "stop", "IPTAL"],
    ["iptal", "stop", "IPTAL"],
    ["ıptal", "stop", "IPTAL"],
    ["İptal", "stop", "IPTAL"],
    ["start", "start", "START"],
    ["UNSTOP", "start", "UNSTOP"],
    ["help", "help", "HELP"],
  ])("%j asks for %s (%s)", (text, action, keyword) => {
    expect(readInboundAction(text, BUILT_IN_KEYWORDS)).toEqual({ action, keyword });
  });

  it.each(["we have got to STOP this bill", "STOP STOP", "STOP!", "S TOP", "stopp", "", "   ", "\u0000STOP"])(
    "%j asks for nothing: only a whole message is a keyword",
    (text) => {
      expect(readInboundAction(text, BUILT_IN_KEYWORDS)).toEqual({ action: "ignored", keyword: null });
    },
  );

  it("adds configured keywords, folded, to the built-in ones", () => {
    const keywords = withKeywords({ stop: ["dur", " Abmelden "], start: ["başla"], help: ["yardım", ""] });
    expect(readInboundAction("DUR", keywords)).toEqual({ action: "stop", keyword: "DUR" });
    expect(readInboundAction("abmelden", keywords)).toEqual({ action: "stop", keyword: "ABMELDEN" });
    expect(readInboundAction("Başla", keywords)).toEqual({ action: "start", keyword: "BASLA" });
    expect(readInboundAction("YARDIM", keywords)).toEqual({ action: "help", keyword: "YARDIM" });
    expect(readInboundAction("STOP", keywords).action).toBe("stop");
    expect(readInboundAction("", keywords).action).toBe("ignored");
  });

  it("a keyword configured for two actions stops", () => {
    expect(readInboundAction("END", withKeywords({ help: ["end"] })).action).toBe("stop");
  });

  it("folds compatibility forms and marks, not letters", () => {
    expect(foldKeyword("ＳＴＯＰ")).toBe("STOP");
    expect(foldKeyword("Çıkış")).toBe("CIKIS");
  });
});
