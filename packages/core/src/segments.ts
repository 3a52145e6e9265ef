// How many SMS segments a content takes, and in which encoding (3GPP TS 23.038 and 23.040).
//
// GSM-7 packs 7-bit characters: 160 in one SMS, 153 per segment of a longer one (the 6-byte
// concatenation header takes 7 septets). A character of a single shift table (the extension
// table: { } [ ] ~ \ | ^ € and form feed) takes two, an escape and itself, and is never split
// across segments. A national language table is named in the header, 3 bytes per table: with a
// single shift table, or a locking shift table (and the default extension table), one SMS holds 155
// and a segment 149; with a locking and a single shift table, 152 and 146. UCS-2 takes 70 UTF-16 units in one SMS and 67 per segment; a character outside the
// BMP (an emoji) takes two units, never split.

/** The GSM 7-bit default alphabet (6.2.1), position = code; \uffff marks the escape to the shift table. */
const DEFAULT_ALPHABET =
  "@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\uffffÆæßÉ !\"#¤%&'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà";

/** The Turkish national language locking shift table (A.3.1), position = code. */
const TURKISH_ALPHABET =
  "@£$¥€éùıòÇ\nĞğ\rÅåΔ_ΦΓΛΩΠΨΣΘΞ\uffffŞşßÉ !\"#¤%&'()*+,-./0123456789:;<=>?İABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§çabcdefghijklmnopqrstuvwxyzäöñüà";

/** The default single shift (extension) table (6.2.1.1). */
const DEFAULT_SHIFT = "\f^{}\\[~]|€";

/** The Turkish national language single shift table (A.2.1). */
const TURKISH_SHIFT = "\f^{}\\[~]|ĞİŞç€ğış";

/** One way to encode a text: its tables, and the septets one SMS and each segment hold with them. */
interface Gsm7Tables {
  alphabet: string;
  shift: string;
  single: number;
  perSegment: number;
  /** The national language tables named in the header, if any. */
  national: "turkish single shift" | "turkish locking shift" | null;
}

const DEFAULT_TABLES: Gsm7Tables = {
  alphabet: DEFAULT_ALPHABET,
  shift: DEFAULT_SHIFT,
  single: 160,
  perSegment: 153,
  national: null,
};

/**
 * The Turkish options (used when the provider supports them), each a 3-byte header. The locking
 * table goes with the default extension table: the Turkish single shift table would add only
 * letters the locking table already holds, so locking with single shift (a 6-byte header: 152
 * and 146) never encodes more and is never cheaper.
 */
const TURKISH_TABLES: Gsm7Tables[] = [
  {
    alphabet: DEFAULT_ALPHABET,
    shift: TURKISH_SHIFT,
    single: 155,
    perSegment: 149,
    national: "turkish single shift",
  },
  {
    alphabet: TURKISH_ALPHABET,
    shift: DEFAULT_SHIFT,
    single: 155,
    perSegment: 149,
    national: "turkish locking shift",
  },
];

export interface SegmentCount {
  encoding: "GSM-7" | "UCS-2";
  /** SMS segments the provider bills. */
  segments: number;
  /** Septets (GSM-7) or UTF-16 units (UCS-2) the content takes. */
  units: number;
  /** The national language tables GSM-7 needs, or null for the default alphabet alone. */
  nationalLanguage: Gsm7Tables["national"];
  /** The characters no GSM-7 table at hand holds, which made it UCS-2 (each once, in order). */
  ucs2Characters: string[];
}

/**
 * Counts the segments of `content`: GSM-7 when every character is in the default alphabet or its
 * extension table, or, with `turkishShiftTables` (the provider supports 3GPP's Turkish national
 * language tables), in the Turkish tables, whichever needs the fewest segments; else UCS-2.
 */
export function countSegments(content: string, options: { turkishShiftTables: boolean }): SegmentCount {
  const characters = [...content];
  const options7 = [DEFAULT_TABLES, ...(options.turkishShiftTables ? TURKISH_TABLES : [])];
  let best: SegmentCount | undefined;
  for (const tables of options7) {
    const septets = septetsOf(characters, tables);
    if (!septets) continue;
    const count: SegmentCount = {
      encoding: "GSM-7",
      segments: segmentsOf(septets, tables.single, tables.perSegment),
      units: septets.reduce((a, b) => a + b, 0),
      nationalLanguage: tables.national,
      ucs2Characters: [],
    };
    if (!best || count.segments < best.segments) best = count;
  }
  if (best) return best;
  const units = characters.map((c) => c.length);
  const gsm = new Set([...options7.flatMap((t) => [...t.alphabet, ...t.shift])]);
  return {
    encoding: "UCS-2",
    segments: segmentsOf(units, 70, 67),
    units: units.reduce((a, b) => a + b, 0),
    nationalLanguage: null,
    ucs2Characters: [...new Set(characters.filter((c) => !gsm.has(c)))],
  };
}

/** Each character's septets with `tables` (1, or 2 through the shift table), or undefined when one is in neither. */
function septetsOf(characters: string[], tables: Gsm7Tables): number[] | undefined {
  const septets: number[] = [];
  for (const c of characters) {
    if (c !== "\uffff" && tables.alphabet.includes(c)) septets.push(1);
    else if (tables.shift.includes(c)) septets.push(2);
    else return undefined;
  }
  return septets;
}

/**
 * Segments for characters of `sizes` units each: one when they all fit in `single`, else as many
 * `perSegment`-unit segments as it takes, a character never split across two.
 */
function segmentsOf(sizes: number[], single: number, perSegment: number): number {
  const total = sizes.reduce((a, b) => a + b, 0);
  if (total <= single) return 1;
  let segments = 1;
  let used = 0;
  for (const size of sizes) {
    if (used + size > perSegment) {
      segments += 1;
      used = 0;
    }
    used += size;
  }
  return segments;
}
