// Unit tests of the filter's pure logic: node --test tests/js/
import test from "node:test";
import assert from "node:assert/strict";
import * as core from "../../mkdocs_opdhub/theme/assets/opdhub/filter-core.js";

const DATA = {
  chapters: [
    {
      id: "4",
      sections: [
        { id: "4.1", sections: [{ id: "4.1.1", sections: [] }] },
        { id: "4.2", sections: [] },
      ],
    },
    { id: "5", sections: [] },
  ],
  papers: [
    {
      id: "a",
      title: "Reverse KL for students",
      authors: ["Müller, Jörg"],
      chapter: "4",
      section: "4.1.1",
      mechanism: "direct_opd",
      tags: ["kl", "rl"],
      year: "2026",
      date: "2026-03-01",
      added: "2026-10-01",
      has_code: "yes",
      bibtex: "@misc{a}",
    },
    {
      id: "b",
      title: "Forward KL",
      authors: ["Doe, Jane"],
      chapter: "4",
      section: "4.2",
      venue: "ICLR 2025",
      mechanism: "hybrid_opd",
      tags: ["kl"],
      year: "2025",
      date: "2025-05-01",
      added: "2026-10-01",
      has_code: "no",
      bibtex: "@misc{b}",
    },
    {
      id: "c",
      title: "agents that distill",
      authors: ["Ñandú, Ana"],
      chapter: "5",
      section: null,
      summary: "Multi-turn.",
      mechanism: "direct_opd",
      tags: [],
      year: "2025",
      date: "2025-01-15",
      added: "2026-11-02",
      has_code: "yes",
      bibtex: "@misc{c}",
    },
    {
      id: "d",
      title: "Älteres Paper",
      authors: ["Smith, A."],
      chapter: "5",
      section: null,
      mechanism: "unclassified",
      tags: ["rl"],
      year: "2023",
      date: null,
      added: "2026-10-01",
      has_code: "no",
      bibtex: "@misc{d}",
    },
  ],
};

function values(param, ids) {
  return ids.map((id) => ({ param, id }));
}

const FACETS = [
  {
    field: "chapter",
    kind: "chapter",
    values: values("chapter", ["4"]).concat(values("section", ["4.1", "4.1.1", "4.2"]), values("chapter", ["5"])),
  },
  {
    field: "mechanism",
    kind: "enum",
    values: values("mechanism", ["direct_opd", "hybrid_opd", "offline", "unclassified"]),
  },
  { field: "tags", kind: "open", values: values("tags", ["kl", "rl"]) },
  { field: "year", kind: "year", values: values("year", ["2026", "2025", "2024", "2023"]) },
  { field: "has_code", kind: "presence", values: values("has_code", ["yes", "no"]) },
];

const model = () => core.createModel(DATA, FACETS, ["a", "b", "c", "d", "a"]);

function shown(m, state) {
  const result = core.evaluate(m, state);
  return m.records.filter((_, p) => result.visible[p]).map((r) => r.id);
}

function state(filters, q = "", sort = "") {
  return { filters, q, sort };
}

test("a paper listed twice is counted once", () => {
  const m = model();
  assert.equal(m.n, 4);
  assert.equal(core.evaluate(m, core.emptyState()).total, 4);
});

test("OR within a facet, AND across facets", () => {
  const m = model();
  assert.deepEqual(shown(m, state({ mechanism: ["direct_opd", "hybrid_opd"] })), ["a", "b", "c"]);
  assert.deepEqual(shown(m, state({ mechanism: ["direct_opd"], year: ["2025"] })), ["c"]);
  assert.deepEqual(shown(m, state({ tags: ["kl", "rl"], has_code: ["no"] })), ["b", "d"]);
});

test("a chapter matches its sections and a section its subsections", () => {
  const m = model();
  assert.deepEqual(shown(m, state({ section: ["4.1"] })), ["a"]);
  assert.deepEqual(shown(m, state({ section: ["4.2"], chapter: ["5"] })), ["b", "c", "d"]);
  const counts = core.evaluate(m, core.emptyState()).counts[0];
  assert.deepEqual(Array.from(counts), [2, 1, 1, 1, 2]); // 4, 4.1, 4.1.1, 4.2, 5
});

test("counts are disjunctive and zero counts stay", () => {
  const m = model();
  const result = core.evaluate(m, state({ mechanism: ["direct_opd"], year: ["2025"] }));
  // mechanism counts ignore the mechanism selection but apply year=2025
  assert.deepEqual(Array.from(result.counts[1]), [1, 1, 0, 0]);
  // year counts ignore the year selection but apply mechanism=direct_opd
  assert.deepEqual(Array.from(result.counts[3]), [1, 1, 0, 0]);
  // other facets count the papers shown
  assert.deepEqual(Array.from(result.counts[4]), [1, 0]);
  assert.equal(result.total, 1);
});

test("search: case, diacritics, several words ANDed, authors, ids, venues, summaries", () => {
  const m = model();
  assert.deepEqual(shown(m, state({}, "reverse kl")), ["a"]);
  assert.deepEqual(shown(m, state({}, "MULLER")), ["a"]);
  assert.deepEqual(shown(m, state({}, "nandu")), ["c"]);
  assert.deepEqual(shown(m, state({}, "alteres")), ["d"]);
  assert.deepEqual(shown(m, state({}, "iclr")), ["b"]);
  assert.deepEqual(shown(m, state({}, "multi-turn")), ["c"]);
  assert.deepEqual(shown(m, state({}, "kl students")), ["a"]);
  assert.deepEqual(shown(m, state({}, "kl nothing")), []);
  assert.deepEqual(shown(m, state({ mechanism: ["hybrid_opd"] }, "kl")), ["b"]);
  assert.equal(core.fold("Ærøskøbing Straße"), "aeroskobing strasse");
});

test("sort orders match the build's", () => {
  const m = model();
  const ids = (sort) => core.order(m, sort).indexes.map((p) => m.records[p].id);
  assert.deepEqual(ids("newest"), ["a", "b", "c", "d"]);
  assert.deepEqual(ids("oldest"), ["d", "c", "b", "a"]);
  assert.deepEqual(ids("title"), ["c", "b", "a", "d"]); // "agents", "forward", "reverse", "älteres"
  assert.deepEqual(ids("added"), ["c", "a", "b", "d"]);
});

test("URL state round trip, year ranges, foreign parameters kept", () => {
  const m = model();
  const s = state({ mechanism: ["direct_opd", "hybrid_opd"], year: ["2026", "2025", "2023"] }, "reverse kl", "oldest");
  const query = core.toQuery(m, s, "newest", "?h=distill");
  assert.equal(query, "?h=distill&mechanism=direct_opd,hybrid_opd&year=2023,2025-2026&q=reverse+kl&sort=oldest");
  const back = core.parseQuery(m, query, "newest");
  assert.deepEqual(
    back,
    state({ mechanism: ["direct_opd", "hybrid_opd"], year: ["2026", "2025", "2023"] }, "reverse kl", "oldest"),
  );
  assert.deepEqual(core.parseQuery(m, "?year=2024-2026", "newest").filters, { year: ["2026", "2025", "2024"] });
  assert.deepEqual(core.parseQuery(m, "?year=2026-2024", "newest").filters, { year: ["2026", "2025", "2024"] });
  assert.deepEqual(
    core.parseQuery(m, "?mechanism=nope,direct_opd&mechanism=hybrid_opd&sort=bogus", "title"),
    state({ mechanism: ["direct_opd", "hybrid_opd"] }),
  );
  assert.equal(core.toQuery(m, core.emptyState("newest"), "newest", ""), "");
  assert.equal(core.toQuery(m, state({ section: ["4.1"] }), "newest", "?q=old&sort=title"), "?section=4.1");
});

test("values with URL-special characters survive", () => {
  const facets = [{ field: "loss", kind: "enum", values: values("loss", ["KL+RL", "f-Divergence"]) }];
  const data = { chapters: [], papers: [{ id: "x", title: "x", chapter: "4", loss: "KL+RL" }] };
  const m = core.createModel(data, facets, ["x"]);
  const query = core.toQuery(m, state({ loss: ["KL+RL"] }), "newest", "");
  assert.equal(query, "?loss=KL%2BRL");
  assert.deepEqual(core.parseQuery(m, query, "newest").filters, { loss: ["KL+RL"] });
});

test("toggle keeps the facet's value order", () => {
  const m = model();
  let s = core.emptyState();
  s = core.toggle(m, s, "mechanism", "hybrid_opd", true);
  s = core.toggle(m, s, "mechanism", "direct_opd", true);
  assert.deepEqual(s.filters.mechanism, ["direct_opd", "hybrid_opd"]);
  s = core.toggle(m, s, "mechanism", "direct_opd", false);
  s = core.toggle(m, s, "mechanism", "hybrid_opd", false);
  assert.deepEqual(s.filters, {});
  assert.equal(core.isActive(s), false);
});

test("exports: BibTeX joined, CSV quoted and formula-safe, JSON with count", () => {
  const records = [
    { id: "1", title: 'Say "hi", then', authors: ["A, B", "C, D"], code: ["https://x"], bibtex: "@misc{k1,\n}\n" },
    { id: "2", title: "=HYPERLINK(1)", authors: [], code: [], bibtex: "@misc{k2,\n}" },
  ];
  assert.equal(core.toBibTeX(records), "@misc{k1,\n}\n\n@misc{k2,\n}\n");
  const csv = core.toCSV(records, ["chapter", "year"]).split("\r\n");
  assert.equal(
    csv[0],
    "id,title,authors,year,date,added,venue,arxiv,doi,link,code,tags,chapter,section,summary,abstract,url",
  );
  assert.ok(csv[1].startsWith('1,"Say ""hi"", then",'));
  assert.ok(csv[1].includes('"A, B; C, D"'));
  assert.ok(csv[2].startsWith("2,'=HYPERLINK(1)"));
  const json = JSON.parse(core.toJSON(records, { source: "here" }));
  assert.equal(json.count, 2);
  assert.equal(json.source, "here");
  assert.equal(json.papers[1].id, "2");
});
