/* mkdocs-opdhub: the facet filter's pure logic (no DOM), shared by filter.js and the unit tests.
 *
 * Semantics: OR within a facet, AND across facets, AND with the search (search-core.js: ranked,
 * typo-tolerant, arXiv ids recognised; while it is active the default order is relevance). A facet value's
 * count is disjunctive: the number of papers shown if that value were toggled on, with every
 * other facet (and the search) applied but not its own facet. One pass over the papers computes
 * all counts: a paper failing no active facet counts for every facet, a paper failing exactly
 * one counts for that facet only, a paper failing two or more counts nowhere.
 */
(function (root, factory) {
  "use strict";
  var core = factory(root.OpdhubSearchCore || (typeof require === "function" ? require("./search-core.js") : null));
  if (typeof module === "object" && module.exports) module.exports = core;
  else root.OpdhubFilterCore = core;
})(typeof globalThis !== "undefined" ? globalThis : this, function (searchCore) {
  "use strict";

  var SORTS = ["newest", "oldest", "title", "added"];
  var RELEVANCE = "relevance"; // the order while searching, unless the reader picks another
  var fold = searchCore.fold; // lower case, without diacritics: "Müller" and "muller" fold alike
  var words = searchCore.words;

  /** A paper field as written: papers.json keeps a core field that a facet of the same name
   *  replaces by its value ids (e.g. an open "venue" facet) under ``raw``. */
  function fieldOf(record, name) {
    return record.raw && Object.prototype.hasOwnProperty.call(record.raw, name) ? record.raw[name] : record[name];
  }

  /** Section id -> [section id, parent section id, …] from papers.json's chapter tree. */
  function sectionChains(chapters) {
    var chains = new Map();
    function walk(sections, parents) {
      (sections || []).forEach(function (section) {
        var chain = [String(section.id)].concat(parents);
        chains.set(String(section.id), chain);
        walk(section.sections, chain);
      });
    }
    (chapters || []).forEach(function (chapter) { walk(chapter.sections, []); });
    return chains;
  }

  /** The value ids a paper has for a facet; for the chapter facet also every enclosing section. */
  function paperValues(record, facet, chains) {
    if (facet.kind === "chapter") {
      // chapter and section are one id or, for an entry under several headings, a list
      var out = [].concat(record.chapter).map(String);
      [].concat(record.section == null ? [] : record.section).forEach(function (section) {
        out = out.concat(chains.get(String(section)) || [String(section)]);
      });
      return out;
    }
    var value = record[facet.field];
    if (value == null) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  /**
   * The filter model of one listing.
   * data: papers.json; facets: [{field, kind, values: [{param, id}]}] as the page offers them;
   * ids: the ids of the papers in the listing (its universe), in page order.
   */
  function createModel(data, facets, ids) {
    var byId = new Map();
    data.papers.forEach(function (record) { byId.set(String(record.id), record); });
    var records = [];
    var seen = new Set();
    ids.forEach(function (id) {
      id = String(id);
      if (!seen.has(id) && byId.has(id)) { seen.add(id); records.push(byId.get(id)); }
    });
    var chains = sectionChains(data.chapters);
    var lookup = new Map(); // "param=id" -> [facet index, value index]
    var model = { records: records, n: records.length, index: new Map(), lookup: lookup, orders: {} };
    records.forEach(function (record, p) { model.index.set(String(record.id), p); });
    model.facets = facets.map(function (facet, fi) {
      var position = new Map();
      facet.values.forEach(function (value, vi) {
        position.set(String(value.id), vi);
        lookup.set(value.param + "=" + value.id, [fi, vi]);
      });
      // Compressed rows: the value indexes of paper p are flat[offsets[p] .. offsets[p + 1]).
      var offsets = new Int32Array(records.length + 1);
      var flat = [];
      records.forEach(function (record, p) {
        offsets[p] = flat.length;
        paperValues(record, facet, chains).forEach(function (id) {
          var vi = position.get(id);
          if (vi !== undefined) flat.push(vi);
        });
      });
      offsets[records.length] = flat.length;
      return {
        field: facet.field, kind: facet.kind, values: facet.values,
        params: Array.from(new Set(facet.values.map(function (v) { return v.param; }))),
        offsets: offsets, flat: Int32Array.from(flat),
      };
    });
    model.searched = { q: null, scores: null };
    return model;
  }

  /** The search index, built on first use (or ahead of it, when the page is idle: see filter.js). */
  function prepareSearch(model) {
    return prepareSomeSearch(model, Infinity);
  }

  /** Index up to ``count`` more records; the search index once complete, else null. */
  function prepareSomeSearch(model, count) {
    if (!model.searchIndex) {
      model.indexing = model.indexing || searchCore.indexBuilder(model.records);
      model.searchIndex = model.indexing.add(count);
    }
    return model.searchIndex;
  }

  /** Scores by paper index for the query (null: no search), the last query's kept. */
  function scoresFor(model, q) {
    q = String(q || "").trim();
    if (model.searched.q !== q) {
      model.searched = { q: q, scores: q ? searchCore.search(prepareSearch(model), q) : null };
    }
    return model.searched.scores;
  }

  // -- state -----------------------------------------------------------------------------------
  /** A view: selected value ids per URL parameter, the search text and the sort order the reader
   *  picked ("" for the listing's own: relevance while searching, else the listing's default). */
  function emptyState(sort) {
    return { filters: {}, q: "", sort: sort || "" };
  }

  /** The order a view is shown in. */
  function viewSort(state, defaultSort) {
    var searching = Boolean(String(state.q || "").trim());
    if (!state.sort || (state.sort === RELEVANCE && !searching)) return searching ? RELEVANCE : defaultSort || "newest";
    return state.sort;
  }

  /** What to store when the reader picks ``sort``: "" when it is what the view would show anyway. */
  function pickSort(state, sort, defaultSort) {
    return viewSort(Object.assign({}, state, { sort: "" }), defaultSort) === sort ? "" : sort;
  }

  function isActive(state) {
    return Boolean(state.q.trim()) || Object.keys(state.filters).some(function (k) { return state.filters[k].length; });
  }

  function isSelected(state, param, id) {
    var ids = state.filters[param];
    return Boolean(ids) && ids.indexOf(id) !== -1;
  }

  /** A copy of ``state`` with one value toggled (kept in the facet's own value order). */
  function toggle(model, state, param, id, on) {
    var next = { filters: Object.assign({}, state.filters), q: state.q, sort: state.sort };
    var current = next.filters[param] || [];
    var wanted = new Set(current);
    if (on === undefined ? !wanted.has(id) : on) wanted.add(id); else wanted.delete(id);
    next.filters[param] = orderedIds(model, param, wanted);
    if (!next.filters[param].length) delete next.filters[param];
    return next;
  }

  function orderedIds(model, param, wanted) {
    var out = [];
    model.facets.forEach(function (facet) {
      facet.values.forEach(function (value) {
        if (value.param === param && wanted.has(value.id)) out.push(value.id);
      });
    });
    return out;
  }

  // -- evaluation ------------------------------------------------------------------------------
  function evaluate(model, state) {
    var active = [];
    model.facets.forEach(function (facet, fi) {
      var mask = null;
      facet.values.forEach(function (value, vi) {
        if (isSelected(state, value.param, value.id)) {
          mask = mask || new Uint8Array(facet.values.length);
          mask[vi] = 1;
        }
      });
      if (mask) active.push({ fi: fi, facet: facet, mask: mask });
    });
    var scores = scoresFor(model, state.q);
    var n = model.n;
    var visible = new Uint8Array(n);
    var counts = model.facets.map(function (facet) { return new Int32Array(facet.values.length); });
    var total = 0;
    var facets = model.facets;
    for (var p = 0; p < n; p++) {
      if (scores && !scores[p]) continue;
      var failed = -1;
      var fails = 0;
      for (var a = 0; a < active.length; a++) {
        var entry = active[a];
        if (!hits(entry.facet, entry.mask, p)) {
          failed = entry.fi;
          if (++fails > 1) break;
        }
      }
      if (fails === 0) {
        visible[p] = 1;
        total++;
        for (var fi = 0; fi < facets.length; fi++) addCounts(counts[fi], facets[fi], p);
      } else if (fails === 1) {
        addCounts(counts[failed], facets[failed], p);
      }
    }
    return { visible: visible, total: total, counts: counts, scores: scores };
  }

  function hits(facet, mask, p) {
    for (var k = facet.offsets[p], end = facet.offsets[p + 1]; k < end; k++) if (mask[facet.flat[k]]) return true;
    return false;
  }

  function addCounts(counts, facet, p) {
    for (var k = facet.offsets[p], end = facet.offsets[p + 1]; k < end; k++) counts[facet.flat[k]]++;
  }

  // -- sorting (the same orders as the build's sort_papers) -----------------------------------
  function sortDate(record) {
    return record.date || String(fieldOf(record, "year") || "");
  }

  function titleKey(record) {
    return String(record.title).toLowerCase().replace(/ß/g, "ss");
  }

  function compare(a, b) {
    return a < b ? -1 : a > b ? 1 : 0;
  }

  /** Paper indexes of the model in ``sort`` order (cached); "relevance" orders by the scores of
   *  the current search (best first; ties and papers without a score in the newest order). */
  function order(model, sort, scores) {
    if (sort === RELEVANCE) return relevanceOrder(model, scores);
    if (model.orders[sort]) return model.orders[sort];
    var r = model.records;
    var titles = r.map(titleKey);
    var dates = r.map(sortDate);
    var byTitle = function (a, b) { return compare(titles[a], titles[b]) || compare(r[a].id, r[b].id); };
    var comparators = {
      title: byTitle,
      oldest: function (a, b) { return compare(dates[a], dates[b]) || byTitle(a, b); },
      newest: function (a, b) { return compare(dates[b], dates[a]) || byTitle(a, b); },
      added: function (a, b) {
        return compare(r[b].added || "", r[a].added || "") || compare(dates[b], dates[a]) || byTitle(a, b);
      },
    };
    var indexes = Array.from({ length: model.n }, function (_, i) { return i; });
    indexes.sort(comparators[sort] || comparators.newest);
    var rank = new Int32Array(model.n);
    indexes.forEach(function (p, position) { rank[p] = position; });
    model.orders[sort] = { indexes: indexes, rank: rank };
    return model.orders[sort];
  }

  function relevanceOrder(model, scores) {
    var base = order(model, "newest");
    if (!scores) return base;
    if (model.relevance && model.relevance.scores === scores) return model.relevance.order;
    var matched = [];
    var rest = [];
    base.indexes.forEach(function (p) { (scores[p] ? matched : rest).push(p); });
    matched.sort(function (a, b) { return scores[b] - scores[a] || base.rank[a] - base.rank[b]; });
    var indexes = matched.concat(rest);
    var rank = new Int32Array(model.n);
    indexes.forEach(function (p, position) { rank[p] = position; });
    model.relevance = { scores: scores, order: { indexes: indexes, rank: rank, matched: matched.length } };
    return model.relevance.order;
  }

  // -- URL state -------------------------------------------------------------------------------
  function yearFacet(model) {
    return model.facets.filter(function (f) { return f.kind === "year"; })[0];
  }

  /** ``?mechanism=direct_opd,hybrid_opd&year=2025-2026&q=reverse+kl&sort=newest`` -> state. */
  function parseQuery(model, search, defaultSort) {
    var params = new URLSearchParams(search);
    var state = emptyState();
    var q = params.get("q");
    if (q) state.q = q;
    var sort = params.get("sort");
    if (sort && (SORTS.indexOf(sort) !== -1 || sort === RELEVANCE)) state.sort = pickSort(state, sort, defaultSort);
    var years = yearFacet(model);
    model.facets.forEach(function (facet) {
      facet.params.forEach(function (param) {
        var tokens = [];
        params.getAll(param).forEach(function (raw) { tokens = tokens.concat(raw.split(",")); });
        var wanted = new Set();
        tokens.forEach(function (token) {
          token = token.trim();
          if (facet === years && /^\d+-\d+$/.test(token)) {
            var ends = token.split("-").map(Number).sort(function (a, b) { return a - b; });
            facet.values.forEach(function (v) {
              if (Number(v.id) >= ends[0] && Number(v.id) <= ends[1]) wanted.add(v.id);
            });
          } else if (model.lookup.has(param + "=" + token)) {
            wanted.add(token);
          }
        });
        var ids = orderedIds(model, param, wanted);
        if (ids.length) state.filters[param] = ids;
      });
    });
    return state;
  }

  /** Consecutive selected years (among the years the facet has) as ``a-b`` runs, oldest first. */
  function yearRuns(facet, selected) {
    var years = facet.values.map(function (v) { return v.id; }).sort(function (a, b) { return Number(a) - Number(b); });
    var runs = [];
    var start = null;
    var previous = null;
    years.forEach(function (year) {
      if (selected.indexOf(year) !== -1) {
        if (start === null) start = year;
        previous = year;
      } else if (start !== null) {
        runs.push(start === previous ? start : start + "-" + previous);
        start = null;
      }
    });
    if (start !== null) runs.push(start === previous ? start : start + "-" + previous);
    return runs;
  }

  function encodeValue(text) {
    return encodeURIComponent(text).replace(/%20/g, "+");
  }

  /**
   * The query string for ``state`` (with its leading "?", or "" when empty). Parameters the
   * filter does not own (e.g. Material's search highlight ``h``) are kept as they are.
   */
  function toQuery(model, state, defaultSort, currentSearch) {
    var own = new Set(["q", "sort"]);
    model.facets.forEach(function (facet) { facet.params.forEach(function (p) { own.add(p); }); });
    var parts = [];
    String(currentSearch || "").replace(/^\?/, "").split("&").forEach(function (pair) {
      if (!pair) return;
      var name = decodeURIComponent(pair.split("=")[0].replace(/\+/g, " "));
      if (!own.has(name)) parts.push(pair);
    });
    var years = yearFacet(model);
    model.facets.forEach(function (facet) {
      facet.params.forEach(function (param) {
        var ids = state.filters[param];
        if (!ids || !ids.length) return;
        var tokens = facet === years ? yearRuns(facet, ids) : ids;
        parts.push(encodeValue(param) + "=" + tokens.map(encodeValue).join(","));
      });
    });
    if (state.q.trim()) parts.push("q=" + encodeValue(state.q.trim()));
    var auto = viewSort(Object.assign({}, state, { sort: "" }), defaultSort);
    if (state.sort && viewSort(state, defaultSort) !== auto) parts.push("sort=" + encodeValue(state.sort));
    return parts.length ? "?" + parts.join("&") : "";
  }

  // -- export ----------------------------------------------------------------------------------
  function toBibTeX(records) {
    return records.map(function (r) { return String(r.bibtex || "").trim(); }).filter(Boolean).join("\n\n") + "\n";
  }

  function csvCell(value) {
    var text = value == null ? "" : Array.isArray(value) ? value.join("; ") : String(value);
    // A cell starting like a formula would run in a spreadsheet: contributor text is untrusted.
    if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
    return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /** CSV of records: the core fields, then every facet field of papers.json, then summary. */
  function toCSV(records, facetFields) {
    var core = ["id", "title", "authors", "year", "date", "added", "venue", "arxiv", "doi", "link", "code", "tags"];
    var columns = core.slice();
    (facetFields || []).concat(["section", "summary", "abstract", "url"]).forEach(function (name) {
      if (columns.indexOf(name) === -1) columns.push(name);
    });
    var lines = [columns.join(",")];
    records.forEach(function (record) {
      lines.push(columns.map(function (name) {
        return csvCell(core.indexOf(name) !== -1 ? fieldOf(record, name) : record[name]);
      }).join(","));
    });
    return lines.join("\r\n") + "\r\n";
  }

  function toJSON(records, meta) {
    var out = Object.assign({}, meta || {}, { count: records.length, papers: records });
    return JSON.stringify(out, null, 2) + "\n";
  }

  return {
    SORTS: SORTS, RELEVANCE: RELEVANCE, fold: fold, words: words, createModel: createModel, emptyState: emptyState,
    viewSort: viewSort, pickSort: pickSort, prepareSearch: prepareSearch,
    prepareSomeSearch: prepareSomeSearch, scoresFor: scoresFor,
    isActive: isActive, isSelected: isSelected, toggle: toggle, evaluate: evaluate, order: order,
    parseQuery: parseQuery, toQuery: toQuery, yearRuns: yearRuns,
    toBibTeX: toBibTeX, toCSV: toCSV, toJSON: toJSON,
  };
});
