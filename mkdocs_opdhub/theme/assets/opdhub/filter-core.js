/* mkdocs-opdhub: the facet filter's pure logic (no DOM), shared by filter.js and the unit tests.
 *
 * Semantics: OR within a facet, AND across facets, AND with the search (search-core.js: ranked,
 * typo-tolerant, arXiv ids recognised; while it is active the default order is relevance). A facet value's
 * count is disjunctive: the number of papers shown if that value were toggled on, with every
 * other facet (and the search) applied but not its own facet. One pass over the papers computes
 * all counts: a paper failing no active facet counts for every facet, a paper failing exactly
 * one counts for that facet only, a paper failing two or more counts nowhere.
 */
import * as searchCore from "./search-core.js";
import { kindOf, sectionChains, yearRuns } from "./facet-kinds.js";
import { fieldOf, fold, words } from "./text.js";

export { fold, words, yearRuns };

export const SORTS = ["newest", "oldest", "title", "added"];
export const RELEVANCE = "relevance"; // the order while searching, unless the reader picks another

/**
 * The filter model of one listing.
 * data: papers.json; facets: [{field, kind, values: [{param, id}]}] as the page offers them;
 * ids: the ids of the papers in the listing (its universe), in page order.
 */
export function createModel(data, facets, ids) {
  const byId = new Map();
  data.papers.forEach(function (record) {
    byId.set(String(record.id), record);
  });
  const records = [];
  const seen = new Set();
  ids.forEach(function (id) {
    id = String(id);
    if (!seen.has(id) && byId.has(id)) {
      seen.add(id);
      records.push(byId.get(id));
    }
  });
  const chains = sectionChains(data.chapters);
  const lookup = new Map(); // "param=id" -> [facet index, value index]
  const model = { records: records, n: records.length, index: new Map(), lookup: lookup, orders: {} };
  records.forEach(function (record, p) {
    model.index.set(String(record.id), p);
  });
  model.facets = facets.map(function (facet, fi) {
    const position = new Map();
    facet.values.forEach(function (value, vi) {
      position.set(String(value.id), vi);
      lookup.set(value.param + "=" + value.id, [fi, vi]);
    });
    // Compressed rows: the value indexes of paper p are flat[offsets[p] .. offsets[p + 1]).
    const offsets = new Int32Array(records.length + 1);
    const flat = [];
    records.forEach(function (record, p) {
      offsets[p] = flat.length;
      kindOf(facet.kind)
        .values(record, facet, chains)
        .forEach(function (id) {
          const vi = position.get(id);
          if (vi !== undefined) flat.push(vi);
        });
    });
    offsets[records.length] = flat.length;
    return {
      field: facet.field,
      kind: facet.kind,
      values: facet.values,
      params: Array.from(
        new Set(
          facet.values.map(function (v) {
            return v.param;
          }),
        ),
      ),
      offsets: offsets,
      flat: Int32Array.from(flat),
    };
  });
  model.searched = { q: null, scores: null };
  return model;
}

/** The search index, built on first use (or ahead of it, when the page is idle: see filter.js). */
export function prepareSearch(model) {
  return prepareSomeSearch(model, Infinity);
}

/** Index up to ``count`` more records; the search index once complete, else null. */
export function prepareSomeSearch(model, count) {
  if (!model.searchIndex) {
    model.indexing = model.indexing || searchCore.indexBuilder(model.records);
    model.searchIndex = model.indexing.add(count);
  }
  return model.searchIndex;
}

/** Scores by paper index for the query (null: no search), the last query's kept. */
export function scoresFor(model, q) {
  q = String(q || "").trim();
  if (model.searched.q !== q) {
    model.searched = { q: q, scores: q ? searchCore.search(prepareSearch(model), q) : null };
  }
  return model.searched.scores;
}

// -- state -----------------------------------------------------------------------------------
/** A view: selected value ids per URL parameter, the search text and the sort order the reader
 *  picked ("" for the listing's own: relevance while searching, else the listing's default). */
export function emptyState(sort) {
  return { filters: {}, q: "", sort: sort || "" };
}

/** The order a view is shown in. */
export function viewSort(state, defaultSort) {
  const searching = Boolean(String(state.q || "").trim());
  if (!state.sort || (state.sort === RELEVANCE && !searching)) return searching ? RELEVANCE : defaultSort || "newest";
  return state.sort;
}

/** What to store when the reader picks ``sort``: "" when it is what the view would show anyway. */
export function pickSort(state, sort, defaultSort) {
  return viewSort(Object.assign({}, state, { sort: "" }), defaultSort) === sort ? "" : sort;
}

export function isActive(state) {
  return (
    Boolean(state.q.trim()) ||
    Object.keys(state.filters).some(function (k) {
      return state.filters[k].length;
    })
  );
}

export function isSelected(state, param, id) {
  const ids = state.filters[param];
  return Boolean(ids) && ids.indexOf(id) !== -1;
}

/** A copy of ``state`` with one value toggled (kept in the facet's own value order). */
export function toggle(model, state, param, id, on) {
  const next = { filters: Object.assign({}, state.filters), q: state.q, sort: state.sort };
  const current = next.filters[param] || [];
  const wanted = new Set(current);
  if (on === undefined ? !wanted.has(id) : on) wanted.add(id);
  else wanted.delete(id);
  next.filters[param] = orderedIds(model, param, wanted);
  if (!next.filters[param].length) delete next.filters[param];
  return next;
}

function orderedIds(model, param, wanted) {
  const out = [];
  model.facets.forEach(function (facet) {
    facet.values.forEach(function (value) {
      if (value.param === param && wanted.has(value.id)) out.push(value.id);
    });
  });
  return out;
}

// -- evaluation ------------------------------------------------------------------------------
export function evaluate(model, state) {
  const active = [];
  model.facets.forEach(function (facet, fi) {
    let mask = null;
    facet.values.forEach(function (value, vi) {
      if (isSelected(state, value.param, value.id)) {
        mask = mask || new Uint8Array(facet.values.length);
        mask[vi] = 1;
      }
    });
    if (mask) active.push({ fi: fi, facet: facet, mask: mask });
  });
  const scores = scoresFor(model, state.q);
  const n = model.n;
  const visible = new Uint8Array(n);
  const counts = model.facets.map(function (facet) {
    return new Int32Array(facet.values.length);
  });
  let total = 0;
  const facets = model.facets;
  for (let p = 0; p < n; p++) {
    if (scores && !scores[p]) continue;
    let failed = -1;
    let fails = 0;
    for (let a = 0; a < active.length; a++) {
      const entry = active[a];
      if (!hits(entry.facet, entry.mask, p)) {
        failed = entry.fi;
        if (++fails > 1) break;
      }
    }
    if (fails === 0) {
      visible[p] = 1;
      total++;
      for (let fi = 0; fi < facets.length; fi++) addCounts(counts[fi], facets[fi], p);
    } else if (fails === 1) {
      addCounts(counts[failed], facets[failed], p);
    }
  }
  return { visible: visible, total: total, counts: counts, scores: scores };
}

function hits(facet, mask, p) {
  for (let k = facet.offsets[p], end = facet.offsets[p + 1]; k < end; k++) if (mask[facet.flat[k]]) return true;
  return false;
}

function addCounts(counts, facet, p) {
  for (let k = facet.offsets[p], end = facet.offsets[p + 1]; k < end; k++) counts[facet.flat[k]]++;
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
export function order(model, sort, scores) {
  if (sort === RELEVANCE) return relevanceOrder(model, scores);
  if (model.orders[sort]) return model.orders[sort];
  const r = model.records;
  const titles = r.map(titleKey);
  const dates = r.map(sortDate);
  const byTitle = function (a, b) {
    return compare(titles[a], titles[b]) || compare(r[a].id, r[b].id);
  };
  const comparators = {
    title: byTitle,
    oldest: function (a, b) {
      return compare(dates[a], dates[b]) || byTitle(a, b);
    },
    newest: function (a, b) {
      return compare(dates[b], dates[a]) || byTitle(a, b);
    },
    added: function (a, b) {
      return compare(r[b].added || "", r[a].added || "") || compare(dates[b], dates[a]) || byTitle(a, b);
    },
  };
  const indexes = Array.from({ length: model.n }, function (_, i) {
    return i;
  });
  indexes.sort(comparators[sort] || comparators.newest);
  const rank = new Int32Array(model.n);
  indexes.forEach(function (p, position) {
    rank[p] = position;
  });
  model.orders[sort] = { indexes: indexes, rank: rank };
  return model.orders[sort];
}

function relevanceOrder(model, scores) {
  const base = order(model, "newest");
  if (!scores) return base;
  if (model.relevance && model.relevance.scores === scores) return model.relevance.order;
  const matched = [];
  const rest = [];
  base.indexes.forEach(function (p) {
    (scores[p] ? matched : rest).push(p);
  });
  matched.sort(function (a, b) {
    return scores[b] - scores[a] || base.rank[a] - base.rank[b];
  });
  const indexes = matched.concat(rest);
  const rank = new Int32Array(model.n);
  indexes.forEach(function (p, position) {
    rank[p] = position;
  });
  model.relevance = { scores: scores, order: { indexes: indexes, rank: rank, matched: matched.length } };
  return model.relevance.order;
}

// -- URL state -------------------------------------------------------------------------------

/** ``?mechanism=direct_opd,hybrid_opd&year=2025-2026&q=reverse+kl&sort=newest`` -> state. */
export function parseQuery(model, search, defaultSort) {
  const params = new URLSearchParams(search);
  const state = emptyState();
  const q = params.get("q");
  if (q) state.q = q;
  const sort = params.get("sort");
  if (sort && (SORTS.indexOf(sort) !== -1 || sort === RELEVANCE)) state.sort = pickSort(state, sort, defaultSort);
  model.facets.forEach(function (facet) {
    const kind = kindOf(facet.kind);
    facet.params.forEach(function (param) {
      let tokens = [];
      params.getAll(param).forEach(function (raw) {
        tokens = tokens.concat(raw.split(","));
      });
      const wanted = new Set();
      tokens.forEach(function (token) {
        kind.parseToken(facet, token.trim(), param).forEach(function (id) {
          wanted.add(id);
        });
      });
      const ids = orderedIds(model, param, wanted);
      if (ids.length) state.filters[param] = ids;
    });
  });
  return state;
}

function encodeValue(text) {
  return encodeURIComponent(text).replace(/%20/g, "+");
}

/**
 * The query string for ``state`` (with its leading "?", or "" when empty). Parameters the
 * filter does not own (e.g. Material's search highlight ``h``) are kept as they are.
 */
export function toQuery(model, state, defaultSort, currentSearch) {
  const own = new Set(["q", "sort"]);
  model.facets.forEach(function (facet) {
    facet.params.forEach(function (p) {
      own.add(p);
    });
  });
  const parts = [];
  String(currentSearch || "")
    .replace(/^\?/, "")
    .split("&")
    .forEach(function (pair) {
      if (!pair) return;
      const name = decodeURIComponent(pair.split("=")[0].replace(/\+/g, " "));
      if (!own.has(name)) parts.push(pair);
    });
  model.facets.forEach(function (facet) {
    facet.params.forEach(function (param) {
      const ids = state.filters[param];
      if (!ids || !ids.length) return;
      const tokens = kindOf(facet.kind).tokens(facet, ids);
      parts.push(encodeValue(param) + "=" + tokens.map(encodeValue).join(","));
    });
  });
  if (state.q.trim()) parts.push("q=" + encodeValue(state.q.trim()));
  const auto = viewSort(Object.assign({}, state, { sort: "" }), defaultSort);
  if (state.sort && viewSort(state, defaultSort) !== auto) parts.push("sort=" + encodeValue(state.sort));
  return parts.length ? "?" + parts.join("&") : "";
}

// -- export ----------------------------------------------------------------------------------
export function toBibTeX(records) {
  return (
    records
      .map(function (r) {
        return String(r.bibtex || "").trim();
      })
      .filter(Boolean)
      .join("\n\n") + "\n"
  );
}

function csvCell(value) {
  let text = value == null ? "" : Array.isArray(value) ? value.join("; ") : String(value);
  // A cell starting like a formula would run in a spreadsheet: contributor text is untrusted.
  if (/^[=+\-@\t\r]/.test(text)) text = "'" + text;
  return /[",\n\r]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
}

/** CSV of records: the core fields, then every facet field of papers.json, then summary. */
export function toCSV(records, facetFields) {
  const core = ["id", "title", "authors", "year", "date", "added", "venue", "arxiv", "doi", "link", "code", "tags"];
  const columns = core.slice();
  (facetFields || []).concat(["section", "summary", "abstract", "url"]).forEach(function (name) {
    if (columns.indexOf(name) === -1) columns.push(name);
  });
  const lines = [columns.join(",")];
  records.forEach(function (record) {
    lines.push(
      columns
        .map(function (name) {
          return csvCell(core.indexOf(name) !== -1 ? fieldOf(record, name) : record[name]);
        })
        .join(","),
    );
  });
  return lines.join("\r\n") + "\r\n";
}

export function toJSON(records, meta) {
  const out = Object.assign({}, meta || {}, { count: records.length, papers: records });
  return JSON.stringify(out, null, 2) + "\n";
}
