/* mkdocs-opdhub: the filter's ranked search (no DOM), on MiniSearch (vendor/minisearch/).
 *
 * A query is split into arXiv identifiers (``2306.13649``, ``2306.13649v2``, ``arXiv:2306.13649``,
 * an arxiv.org abs/pdf/html URL, old-style ``hep-th/9901001``), which must equal a paper's arXiv id,
 * and words, which MiniSearch matches against title (weighted highest), authors, ids, tags, venue,
 * summary and abstract: every word must match a word of the paper exactly or, from 3 letters on,
 * as the start of a word (prefix, as you type). A word that matches nothing of the listing that
 * way is taken as mistyped: it then matches within 1 edit (words of 4-7 letters) or 2 edits
 * (8 letters or more). Fuzzy matching only where needed keeps a keystroke fast at 10,000 papers.
 * Text is folded as filter-core.js folds it (case, accents, ß, æ, …). Results are scores by paper
 * index; 0 means no match.
 */
(function (root, factory) {
  "use strict";
  var api = factory(root.MiniSearch || (typeof require === "function" ? require("./vendor/minisearch/minisearch.js") : null));
  if (typeof module === "object" && module.exports) module.exports = api;
  else root.OpdhubSearchCore = api;
})(typeof globalThis !== "undefined" ? globalThis : this, function (MiniSearch) {
  "use strict";

  // Field -> weight. Ids are whole identifiers (a paper id, its arXiv id, its DOI).
  var BOOST = { title: 4, authors: 2, ids: 2, tags: 1.5, venue: 1.2, summary: 1, abstract: 0.8 };
  var FIELDS = Object.keys(BOOST);
  var LETTERS = { "ß": "ss", "æ": "ae", "œ": "oe", "ø": "o", "ł": "l", "đ": "d", "ð": "d", "þ": "th", "ı": "i" };
  var LETTER_RE = /[ßæœøłđðþı]/g;
  var SEPARATORS = /[^\p{L}\p{N}]+/u;
  // An arXiv id, optionally inside an arxiv.org URL or after "arXiv:", optionally with a version.
  var ARXIV = new RegExp(
    "(?:https?://)?(?:www\\.|export\\.)?(?:arxiv\\.org/(?:abs|pdf|html|format)/|arxiv:\\s*)?" +
    "(\\d{4}\\.\\d{4,5}|[a-z][a-z-]*(?:\\.[a-z]{2})?/\\d{7})(?:v\\d+)?(?:\\.pdf)?", "gi");

  function fold(text) {
    return String(text == null ? "" : text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "")
      .toLowerCase().replace(LETTER_RE, function (c) { return LETTERS[c]; });
  }

  function words(text) {
    return fold(text).split(SEPARATORS).filter(Boolean);
  }

  /** Edits a mistyped query word may have: none up to 3 letters, 1 up to 7, then 2. */
  function edits(term) {
    return term.length <= 3 ? 0 : term.length <= 7 ? 1 : 2;
  }

  /** Prefix matching from 3 letters on: one or two letters would match most of a large list. */
  function isPrefix(term) {
    return term.length >= 3;
  }

  function fieldOf(record, name) {
    return record.raw && Object.prototype.hasOwnProperty.call(record.raw, name) ? record.raw[name] : record[name];
  }

  function text(value) {
    return Array.isArray(value) ? value.join(" ") : value == null ? "" : String(value);
  }

  function documentOf(record, p) {
    return {
      p: p, title: text(record.title), authors: text(record.authors), tags: text(fieldOf(record, "tags")),
      venue: text(fieldOf(record, "venue")), summary: text(record.summary), abstract: text(record.abstract),
      ids: [record.id, record.arxiv, record.doi].filter(Boolean).join(" "),
    };
  }

  /** ``{ids: [arXiv ids, folded, without version], rest: the other words}`` of a query. */
  function parseQuery(query) {
    var ids = [];
    var rest = String(query || "").replace(ARXIV, function (match, id) {
      ids.push(fold(id));
      return " ";
    });
    return { ids: ids, rest: rest };
  }

  /** The search index of ``records`` (papers.json records, in model order). */
  function createIndex(records) {
    return indexBuilder(records).add(Infinity);
  }

  /**
   * The search index built a slice at a time, so that building it never holds the page for long:
   * ``add(count)`` indexes up to ``count`` more records and returns the index once every record
   * is in (the same index createIndex returns), else null.
   */
  function indexBuilder(records) {
    var index = new MiniSearch({
      idField: "p", fields: FIELDS, storeFields: [],
      tokenize: words, processTerm: function (term) { return term; },
      searchOptions: { tokenize: words, processTerm: function (term) { return term; } },
    });
    var next = 0;
    var done = null;
    var finish = function () {
      var arxiv = new Map(); // folded arXiv id (no version) -> [paper index]
      records.forEach(function (record, p) {
        [record.arxiv, record.id].forEach(function (value) {
          if (!value) return;
          var key = fold(value).replace(/v\d+$/, "");
          if (!arxiv.has(key)) arxiv.set(key, []);
          if (arxiv.get(key).indexOf(p) === -1) arxiv.get(key).push(p);
        });
      });
      return { index: index, arxiv: arxiv, n: records.length, typed: new Map() };
    };
    return {
      add: function (count) {
        for (var end = Math.min(records.length, next + count); next < end; next++) index.add(documentOf(records[next], next));
        if (!done && next >= records.length) done = finish();
        return done;
      },
    };
  }

  /**
   * Scores of every paper for ``query``: a Float64Array (0 = no match), or null when the query
   * has nothing to search for (every paper matches, in the listing's own order).
   */
  function search(searchIndex, query) {
    var parts = parseQuery(query);
    var terms = words(parts.rest);
    if (!parts.ids.length && !terms.length) return null;
    var scores = new Float64Array(searchIndex.n);
    if (terms.length) {
      var unique = terms.filter(function (term, i) { return terms.indexOf(term) === i; });
      var run = function (fuzzy) {
        var queries = unique.map(function (term) {
          return { queries: [term], prefix: isPrefix(term), fuzzy: fuzzy(term) };
        });
        return searchIndex.index.search({ combineWith: "AND", queries: queries }, { boost: BOOST, weights: { fuzzy: 0.3, prefix: 0.6 } });
      };
      // As typed first (the common case, one search); only when that finds nothing are the words
      // that match nothing on their own taken as mistyped.
      var hits = run(function () { return false; });
      if (!hits.length) {
        hits = run(function (term) { return matchesAsTyped(searchIndex, term) ? false : edits(term); });
      }
      hits.forEach(function (hit) { scores[hit.id] = hit.score; });
    }
    if (parts.ids.length) {
      var wanted = new Float64Array(searchIndex.n);
      parts.ids.forEach(function (id) {
        (searchIndex.arxiv.get(id) || []).forEach(function (p) { wanted[p] = 1; });
      });
      for (var p = 0; p < scores.length; p++) {
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

  return { isPrefix: isPrefix, fold: fold, words: words, edits: edits, parseQuery: parseQuery, createIndex: createIndex,
           indexBuilder: indexBuilder, search: search,
           FIELDS: FIELDS, BOOST: BOOST };
});
