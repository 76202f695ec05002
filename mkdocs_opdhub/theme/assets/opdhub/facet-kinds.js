/* mkdocs-opdhub: what differs between facet kinds in the browser, one small entry per kind,
 * keyed by the kind the page's filter names (data-opdhub-kind, the taxonomy's facet type).
 *
 * An entry may give:
 *   values(record, facet, chains)  the value ids a paper has for the facet
 *   parseToken(facet, token, param) the value ids one token of URL parameter ``param`` selects
 *                                  (e.g. a year range "2023-2025")
 *   tokens(facet, ids)             the URL tokens for selected value ids
 *   activeChips(facet, values)     the "active filter" chips for selected values: [{text, ids}]
 *   range                          true: the facet has a from/to range control
 * and takes the rest from PLAIN. A new kind is one entry here (and its Python class).
 */

/** One value id, or a list of them, as strings. */
function idsOf(value) {
  if (value == null) return [];
  return Array.isArray(value) ? value.map(String) : [String(value)];
}

const PLAIN = {
  values: (record, facet) => idsOf(record[facet.field]),
  parseToken: (facet, token, param) => (facet.values.some((v) => v.param === param && v.id === token) ? [token] : []),
  tokens: (facet, ids) => ids,
  activeChips: (facet, values) => values.map((value) => ({ text: value.text, ids: [value.id] })),
  range: false,
};

/** Consecutive selected years (among the years the facet has) as ``a-b`` runs, oldest first. */
export function yearRuns(facet, selected) {
  const years = facet.values.map((v) => v.id).sort((a, b) => Number(a) - Number(b));
  const runs = [];
  let start = null;
  let previous = null;
  const close = () => runs.push(start === previous ? start : `${start}-${previous}`);
  for (const year of years) {
    if (selected.includes(year)) {
      if (start === null) start = year;
      previous = year;
    } else if (start !== null) {
      close();
      start = null;
    }
  }
  if (start !== null) close();
  return runs;
}

/** The selected years of ``facet`` within ``run`` ("2023" or "2023-2025"). */
function yearsIn(facet, run) {
  const ends = run
    .split("-")
    .map(Number)
    .sort((a, b) => a - b);
  const last = ends[ends.length - 1];
  return facet.values.filter((v) => Number(v.id) >= ends[0] && Number(v.id) <= last).map((v) => v.id);
}

const YEAR = {
  ...PLAIN,
  parseToken: (facet, token, param) =>
    /^\d+-\d+$/.test(token) ? yearsIn(facet, token) : PLAIN.parseToken(facet, token, param),
  tokens: yearRuns,
  activeChips(facet, values) {
    const ids = values.map((v) => v.id);
    return yearRuns(facet, ids).map((run) => ({
      text: run.replace("-", "–"),
      ids: yearsIn(facet, run).filter((id) => ids.includes(id)),
    }));
  },
  range: true,
};

/** Chapters and their sections: a paper has its chapter(s), its section(s) and every section
 *  enclosing them (``chains``: section id -> [section id, parent id, …], see sectionChains). */
const CHAPTER = {
  ...PLAIN,
  values(record, facet, chains) {
    const out = idsOf(record.chapter);
    for (const section of idsOf(record.section)) out.push(...(chains.get(section) || [section]));
    return out;
  },
};

export const KINDS = { enum: PLAIN, open: PLAIN, presence: PLAIN, kind: PLAIN, year: YEAR, chapter: CHAPTER };

/** The entry of a kind; an unknown kind behaves as a plain one. */
export function kindOf(name) {
  return Object.prototype.hasOwnProperty.call(KINDS, name) ? KINDS[name] : PLAIN;
}

/** Section id -> [section id, parent section id, …] from papers.json's chapter tree. */
export function sectionChains(chapters) {
  const chains = new Map();
  const walk = (sections, parents) => {
    for (const section of sections || []) {
      const chain = [String(section.id), ...parents];
      chains.set(String(section.id), chain);
      walk(section.sections, chain);
    }
  };
  for (const chapter of chapters || []) walk(chapter.sections, []);
  return chains;
}
