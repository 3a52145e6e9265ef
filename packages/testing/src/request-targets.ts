/** One way of writing a request target, and what it does to the path. */
export interface TargetForm {
  name: string;
  target: string;
}

const hex = (c: string, lower: boolean) => {
  const code = c.charCodeAt(0).toString(16).padStart(2, "0");
  return `%${lower ? code : code.toUpperCase()}`;
};

/** Each character of `segment` percent-encoded (slashes kept). */
function encodeAll(path: string, lower = false): string {
  return path
    .split("/")
    .map((segment) => [...segment].map((c) => hex(c, lower)).join(""))
    .join("/");
}

/** The first letter of every segment percent-encoded. */
function encodeFirstLetters(path: string): string {
  return path
    .split("/")
    .map((segment) => (segment ? hex(segment[0]!, true) + segment.slice(1) : segment))
    .join("/");
}

function swapCase(path: string): string {
  return [...path].map((c, i) => (i % 2 ? c.toUpperCase() : c)).join("");
}

/**
 * Non-canonical request targets for `path` (origin-form, starting with `/`, no query): the forms
 * a router may decode or normalise before it matches while the raw `request.url` stays as sent.
 * `authority` is `host:port` for the absolute-form targets.
 */
export function nonCanonicalTargets(path: string, authority: string): TargetForm[] {
  const segments = path.split("/").filter(Boolean);
  const first = segments[0] ?? "";
  const rest = segments.slice(1).join("/");
  return [
    { name: "canonical", target: path },
    {
      name: "first letter of the first segment percent-encoded",
      target: `/${hex(first[0] ?? "a", true)}${first.slice(1)}/${rest}`,
    },
    { name: "first letter of every segment percent-encoded", target: encodeFirstLetters(path) },
    { name: "every character percent-encoded (upper-case hex)", target: encodeAll(path) },
    { name: "every character percent-encoded (lower-case hex)", target: encodeAll(path, true) },
    {
      name: "double percent-encoding",
      target: `/%25${hex(first[0] ?? "a", false).slice(1)}${first.slice(1)}/${rest}`,
    },
    { name: "encoded slash", target: path.replace(/\//g, (m, i) => (i === 0 ? m : "%2F")) },
    { name: "absolute-form, this host", target: `http://${authority}${path}` },
    { name: "absolute-form, another host", target: `http://internal.example${path}` },
    { name: "absolute-form, https and user info", target: `https://user:pw@${authority}${path}` },
    { name: "dot segment", target: `/${first}/../${first}/${rest}` },
    { name: "single-dot segments", target: `/./${first}/./${rest}` },
    { name: "leading duplicate slash", target: `/${path}` },
    { name: "inner duplicate slash", target: `/${first}//${rest}` },
    { name: "trailing slash", target: `${path}/` },
    { name: "matrix parameter on the last segment", target: `${path};jsessionid=1` },
    { name: "matrix parameter on the first segment", target: `/${first};x=1/${rest}` },
    { name: "empty query", target: `${path}?` },
    { name: "query string", target: `${path}?a=1&b=%2F` },
    { name: "query string on a trailing slash", target: `${path}/?x` },
    { name: "fragment", target: `${path}#frag` },
    { name: "upper-case path", target: path.toUpperCase() },
    { name: "mixed-case path", target: swapCase(path) },
    { name: "NUL byte, encoded", target: `${path}%00` },
    { name: "tab, encoded", target: `${path}%09` },
    { name: "backslashes", target: path.replace(/\//g, "\\") },
    { name: "overlong UTF-8 slash", target: `/${first}%C0%AF${rest}` },
    { name: "fullwidth first letter", target: `/${"\uFF41"}${first.slice(1)}/${rest}` },
  ];
}
