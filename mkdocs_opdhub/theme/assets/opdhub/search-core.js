/* mkdocs-opdhub: the filter's ranked search (no DOM), on MiniSearch (vendor/minisearch/).
 *
 * A query is split into arXiv identifiers (``2306.13649``, ``2306.13649v2``, ``arXiv:2306.13649``,
 * an arxiv.org abs/pdf/html URL, old-style ``hep-th/9901001``), which must equal a paper's arXiv id,
 * and words, which MiniSearch matches against title (weighted highest), authors, ids, tags, venue,
 * summary and abstract: every word must match a word of the paper exactly or, from 3 letters on,
 * as the start of a word (prefix, as you type). A word that matches nothing of the listing that
 * way is taken as mistyped: it then matches within 1 edit (words of 4-7 letters) or 2 edits
 * (8 letters or more). Fuzzy matching only where needed keeps a keystroke fast at 10,000 papers.
 * Text is folded by text.js's fold (case, accents, ß, æ, …). Results are scores by paper
 * index; 0 means no match.
 */
// MiniSearch's UMD build files itself as globalThis.MiniSearch when run as a module.
import "./vendor/minisearch/minisearch.js";
import { fieldOf, fold, words } from "./text.js";

export { fold, words };

const MiniSearch = globalThis.MiniSearch;

// Field -> weight. Ids are whole identifiers (a paper id, its arXiv id, its DOI).
export const BOOST = { title: 4, authors: 2, ids: 2, tags: 1.5, venue: 1.2, summary: 1, abstract: 0.8 };
export const FIELDS = Object.keys(BOOST);
// An arXiv id, optionally inside an arxiv.org URL or after "arXiv:", optionally with a version.
const ARXIV = new RegExp(
  "(?:https?://)?(?:www\\.|export\\.)?(?:arxiv\\.org/(?:abs|pdf|html|format)/|arxiv:\\s*)?" +
    "(\\d{4}\\.\\d{4,5}|[a-z][a-z-]*(?:\\.[a-z]{2})?/\\d{7})(?:v\\d+)?(?:\\.pdf)?",
  "gi",
);

/** Edits a mistyped query word may have: none up to 3 letters, 1 up to 7, then 2. */
export function edits(term) {
  return term.length <= 3 ? 0 : term.length <= 7 ? 1 : 2;
}

/** Prefix matching from 3 letters on: one or two letters would match most of a large list. */
export function isPrefix(term) {
  return term.length >= 3;
}

function text(value) {
  return Array.isArray(value) ? value.join(" ") : value == null ? "" : String(value);
}

function documentOf(record, p) {
  return {
    p: p,
    title: text(record.title),
    authors: text(record.authors),
    tags: text(fieldOf(record, "tags")),
    venue: text(fieldOf(record, "venue")),
    summary: text(record.summary),
    abstract: text(record.abstract),
    ids: [record.id, record.arxiv, record.doi].filter(Boolean).join(" "),
  };
}

/** ``{ids: [arXiv ids, folded, without version], rest: the other words}`` of a query. */
export function parseQuery(query) {
  const ids = [];
  const rest = String(query || "").replace(ARXIV, function (match, id) {
    ids.push(fold(id));
    return " ";
  });
  return { ids: ids, rest: rest };
}

/** The search index of ``records`` (papers.json records, in model order). */
export function createIndex(records) {
  return indexBuilder(records).add(Infinity);
}

/**
 * The search index built a slice at a time, so that building it never holds the page for long:
 * ``add(count)`` indexes up to ``count`` more records and returns the index once every record
 * is in (the same index createIndex returns), else null.
 */
export function indexBuilder(records) {
  const index = new MiniSearch({
    idField: "p",
    fields: FIELDS,
    storeFields: [],
    tokenize: words,
    processTerm: function (term) {
      return term;
    },
    searchOptions: {
      tokenize: words,
      processTerm: function (term) {
        return term;
      },
    },
  });
  let next = 0;
  let done = null;
  const finish = function () {
    const arxiv = new Map(); // folded arXiv id (no version) -> [paper index]
    records.forEach(function (record, p) {
      [record.arxiv, record.id].forEach(function (value) {
        if (!value) return;
        const key = fold(value).replace(/v\d+$/, "");
        if (!arxiv.has(key)) arxiv.set(key, []);
        if (arxiv.get(key).indexOf(p) === -1) arxiv.get(key).push(p);
      });
    });
    return { index: index, arxiv: arxiv, n: records.length, typed: new Map() };
  };
  return {
    add: function (count) {
      for (let end = Math.min(records.length, next + count); next < end; next++)
        index.add(documentOf(records[next], next));
      if (!done && next >= records.length) done = finish();
      return done;
    },
  };
}

/**
 * Scores of every paper for ``query``: a Float64Array (0 = no match), or null when the query
 * has nothing to search for (every paper matches, in the listing's own order).
 */
export function search(searchIndex, query) {
  const parts = parseQuery(query);
  const terms = words(parts.rest);
  if (!parts.ids.length && !terms.length) return null;
  const scores = new Float64Array(searchIndex.n);
  if (terms.length) {
    const unique = terms.filter(function (term, i) {
      return terms.indexOf(term) === i;
    });
    const run = function (fuzzy) {
      const queries = unique.map(function (term) {
        return { queries: [term], prefix: isPrefix(term), fuzzy: fuzzy(term) };
      });
      return searchIndex.index.search(
        { combineWith: "AND", queries: queries },
        { boost: BOOST, weights: { fuzzy: 0.3, prefix: 0.6 } },
      );
    };
    // As typed first (the common case, one search); only when that finds nothing are the words
    // that match nothing on their own taken as mistyped.
    let hits = run(function () {
      return false;
    });
    if (!hits.length) {
      hits = run(function (term) {
        return matchesAsTyped(searchIndex, term) ? false : edits(term);
      });
    }
    hits.forEach(function (hit) {
      scores[hit.id] = hit.score;
    });
  }
  if (parts.ids.length) {
    const wanted = new Float64Array(searchIndex.n);
    parts.ids.forEach(function (id) {
      (searchIndex.arxiv.get(id) || []).forEach(function (p) {
        wanted[p] = 1;
      });
    });
    for (let p = 0; p < scores.length; p++) {
      // An identifier is exact: it decides; other words then rank (and must match too).
      scores[p] = wanted[p] ? (terms.length ? (scores[p] ? 1000 + scores[p] : 0) : 1000) : 0;
    }
  }
  return scores;
}

/** Does ``term`` match some paper as typed (exactly, or as a prefix)? Remembered per index. */
function matchesAsTyped(searchIndex, term) {
  if (!searchIndex.typed.has(term)) {
    searchIndex.typed.set(term, searchIndex.index.search(term, { prefix: isPrefix(term), fuzzy: false }).length > 0);
  }
  return searchIndex.typed.get(term);
}
