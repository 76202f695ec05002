/* mkdocs-opdhub: text helpers shared by the browser modules (no DOM), each defined once. */

const LETTERS = { ß: "ss", æ: "ae", œ: "oe", ø: "o", ł: "l", đ: "d", ð: "d", þ: "th", ı: "i" };
const LETTER_RE = /[ßæœøłđðþı]/g;
const SEPARATORS = /[^\p{L}\p{N}]+/u;
const MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];

/** Lower case, without diacritics, with the letters NFKD keeps whole spelt out ("Straße" ->
 *  "strasse", "Łódź" -> "lodz"): what the filter's search and the graph's search compare. */
export function fold(text) {
  return String(text == null ? "" : text)
    .normalize("NFKD")
    .replace(/[\u0300-\u036f]/g, "")
    .toLowerCase()
    .replace(LETTER_RE, (c) => LETTERS[c]);
}

/** The folded words of ``text``. */
export function words(text) {
  return fold(text).split(SEPARATORS).filter(Boolean);
}

/** "Last, First" -> "First Last", as the build's display_name; anything else as written. */
export function displayName(author) {
  const text = String(author);
  const comma = text.indexOf(",");
  if (comma < 0) return text;
  const last = text.slice(0, comma).trim();
  const first = text.slice(comma + 1).trim();
  return first && !first.includes(",") ? `${first} ${last}` : text;
}

/** "2025-03-01" -> "Mar 2025"; a bare year (or anything else) as written. */
export function humanDate(text) {
  const parts = String(text || "").split("-");
  const month = Number(parts[1]);
  return parts.length >= 2 && month >= 1 && month <= 12 ? `${MONTHS[month - 1]} ${parts[0]}` : String(text || "");
}

/** ``url`` when it is an http(s) URL with nothing that could break out of an attribute, else null. */
export function safeUrl(url) {
  const text = String(url || "").trim();
  // eslint-disable-next-line no-control-regex -- control characters are what is refused
  return /^https?:\/\//i.test(text) && !/[\s<>"\x00-\x1f\x7f]/.test(text) ? text : null;
}

/** A paper field as written: papers.json keeps a core field that a facet of the same name
 *  replaces by its value ids (e.g. an open "venue" facet) under ``raw``. */
export function fieldOf(record, name) {
  return record.raw && Object.prototype.hasOwnProperty.call(record.raw, name) ? record.raw[name] : record[name];
}

export function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
