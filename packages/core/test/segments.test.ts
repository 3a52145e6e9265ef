import { describe, expect, it } from "vitest";
import { countSegments } from "../src/index.js";

const plain = (content: string) => countSegments(content, { turkishShiftTables: false });
const turkish = (content: string) => countSegments(content, { turkishShiftTables: true });

describe("countSegments", () => {
  it.each([
    ["160 GSM-7 characters", "a".repeat(160), "GSM-7", 1],
    ["161 GSM-7 characters", "a".repeat(161), "GSM-7", 2],
    ["306 GSM-7 characters (2 × 153)", "a".repeat(306), "GSM-7", 2],
    ["307 GSM-7 characters", "a".repeat(307), "GSM-7", 3],
    ["80 extension characters (2 septets each)", "€".repeat(80), "GSM-7", 1],
    ["81 extension characters", "€".repeat(81), "GSM-7", 2],
    [
      "an extension character never split across segments",
      `${"a".repeat(152)}{${"a".repeat(152)}`,
      "GSM-7",
      3,
    ],
    ["the default alphabet's accents", "àéùìòÇØøÅåÆæßÉÄÖÑÜäöñü§¿¡", "GSM-7", 1],
    ["70 UCS-2 characters", "ş".repeat(70), "UCS-2", 1],
    ["71 UCS-2 characters", "ş".repeat(71), "UCS-2", 2],
    ["134 UCS-2 characters (2 × 67)", "ş".repeat(134), "UCS-2", 2],
    ["135 UCS-2 characters", "ş".repeat(135), "UCS-2", 3],
    ["35 emoji (surrogate pairs, 70 units)", "😀".repeat(35), "UCS-2", 1],
    ["36 emoji", "😀".repeat(36), "UCS-2", 2],
    ["a surrogate pair never split across segments", `${"ş".repeat(66)}😀${"ş".repeat(66)}`, "UCS-2", 3],
    [
      "a 160-character Turkish text with ş, without the Turkish tables",
      `Merhaba ş${"a".repeat(151)}`,
      "UCS-2",
      3,
    ],
  ])("%s", (_name, content, encoding, segments) => {
    expect(plain(content)).toMatchObject({ encoding, segments });
  });

  it("names the characters that forced UCS-2, each once", () => {
    expect(plain("Şişli'de ılık, güzel bir ğün 😀").ucs2Characters).toEqual(["Ş", "ş", "ı", "ğ", "😀"]);
    expect(plain("hello").ucs2Characters).toEqual([]);
  });

  it.each([
    ["a 160-character Turkish text with ş", `Merhaba ş${"a".repeat(151)}`, 2, "turkish single shift"],
    ["Turkish letters that only the single shift table holds", "ĞİŞçğış", 1, "turkish single shift"],
    [
      "155 septets with one Turkish shift letter fit one SMS",
      `ş${"a".repeat(153)}`,
      1,
      "turkish single shift",
    ],
    ["156 septets do not (è keeps the default alphabet)", `èş${"a".repeat(153)}`, 2, "turkish single shift"],
    [
      "ş and 154 letters are 155 septets in the locking table",
      `ş${"a".repeat(154)}`,
      1,
      "turkish locking shift",
    ],
    ["many Turkish letters are cheaper in the locking table", "ş".repeat(100), 1, "turkish locking shift"],
    // The locking table alone costs a 3-byte header, as a single shift table does: 155 and 149.
    ["154 dotless i in the locking table fit one SMS", "ı".repeat(154), 1, "turkish locking shift"],
    ["155 dotless i fit one SMS", "ı".repeat(155), 1, "turkish locking shift"],
    ["156 dotless i take two segments", "ı".repeat(156), 2, "turkish locking shift"],
    ["298 dotless i fill two 149-septet segments", "ı".repeat(298), 2, "turkish locking shift"],
    ["299 dotless i take three", "ı".repeat(299), 3, "turkish locking shift"],
    [
      "the locking table with the default extension table: { counts two",
      `{${"ı".repeat(153)}`,
      1,
      "turkish locking shift",
    ],
    [
      "è, which the locking table lacks, keeps the default alphabet with the Turkish single shift table",
      `è${"ı".repeat(153)}`,
      3,
      "turkish single shift",
    ],
    ["plain GSM-7 needs no Turkish table", "a".repeat(160), 1, null],
  ])("with the Turkish tables: %s", (_name, content, segments, nationalLanguage) => {
    expect(turkish(content)).toMatchObject({ encoding: "GSM-7", segments, nationalLanguage });
  });

  it("with the Turkish tables, a limit of one segment takes 154 dotless i", () => {
    expect(turkish("ı".repeat(154))).toEqual({
      encoding: "GSM-7",
      segments: 1,
      units: 154,
      nationalLanguage: "turkish locking shift",
      ucs2Characters: [],
    });
  });

  it("with the Turkish tables, a character in none of them is still UCS-2", () => {
    expect(turkish("ş😀")).toMatchObject({ encoding: "UCS-2", segments: 1, ucs2Characters: ["😀"] });
  });
});
