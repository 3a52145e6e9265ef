import { describe, expect, it } from "vitest";
import { storableText } from "../src/index.js";

describe("storableText", () => {
  it.each([
    ["plain text stays as it is", "provider answered 503: busy", 100, "provider answered 503: busy"],
    ["NUL is written as an escape", "id\u0000x", 100, "id\\u0000x"],
    [
      "other C0 controls, DEL and C1 controls are escaped",
      "a\u0001b\u007fc\u0085d",
      100,
      "a\\u0001b\\u007fc\\u0085d",
    ],
    ["tab, newline and carriage return are kept", "a\tb\nc\rd", 100, "a\tb\nc\rd"],
    ["a lone surrogate becomes U+FFFD", "a\uD800b\uDC00c", 100, "a\uFFFDb\uFFFDc"],
    ["a surrogate pair (an emoji) is kept whole", "ok 😀", 100, "ok 😀"],
    ["longer text is cut to the limit in code points, ending in …", "😀".repeat(10), 4, "😀😀😀…"],
    ["an escape counts its full length against the limit", "\u0000\u0000", 8, "\\u0000\\…"],
  ])("%s", (_name, input, max, expected) => {
    expect(storableText(input, max)).toBe(expected);
  });
});
