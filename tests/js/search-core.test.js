// Unit tests of the filter's ranked search (search-core.js on the vendored MiniSearch): node --test tests/js/
import test from "node:test";
import assert from "node:assert/strict";
import * as search from "../../mkdocs_opdhub/theme/assets/opdhub/search-core.js";
import * as core from "../../mkdocs_opdhub/theme/assets/opdhub/filter-core.js";

const PAPERS = [
  {
    id: "2306.13649",
    arxiv: "2306.13649",
    title: "On-Policy Distillation of Language Models",
    authors: ["Agarwal, Rishabh"],
    date: "2023-06-23",
    summary: "Generalized knowledge distillation.",
  },
  {
    id: "1606.07947",
    arxiv: "1606.07947",
    title: "Sequence-Level Knowledge Distillation",
    authors: ["Kim, Yoon", "Rush, Alexander M."],
    date: "2016-06-25",
    venue: "EMNLP 2016",
  },
  {
    id: "x1",
    title: "Reward models for agents",
    authors: ["Müller, Jörg"],
    date: "2025-01-01",
    tags: ["distillation"],
    summary: "Uses a teacher.",
  },
  {
    id: "hep-th/9901001",
    arxiv: "hep-th/9901001",
    title: "An old-style identifier",
    authors: ["Old, A."],
    date: "1999-01-01",
  },
];
const DATA = { chapters: [], papers: PAPERS };
const model = () =>
  core.createModel(
    DATA,
    [],
    PAPERS.map((p) => p.id),
  );

function found(m, q) {
  const result = core.evaluate(m, { filters: {}, q, sort: "" });
  if (!result.scores) return null;
  return core
    .order(m, "relevance", result.scores)
    .indexes.filter((p) => result.visible[p])
    .map((p) => m.records[p].id);
}

test("typos: a word that matches nothing as typed may have 1 edit from 4 letters, 2 from 8, none below", () => {
  const m = model();
  assert.deepEqual(found(m, "distilation").sort(), ["1606.07947", "2306.13649", "x1"]);
  assert.deepEqual(found(m, "knowlege distillation").sort(), ["1606.07947", "2306.13649"]);
  assert.deepEqual(found(m, "sequense"), ["1606.07947"]); // 8 letters, 1 edit
  assert.deepEqual(found(m, "seqeunse"), []); // 3 edits
  assert.deepEqual(found(m, "kimm"), ["1606.07947"]);
  assert.deepEqual(found(m, "kin"), []); // 3 letters: exact or prefix only
  assert.equal(search.edits("kin"), 0);
  assert.equal(search.edits("model"), 1);
  assert.equal(search.edits("distillation"), 2);
  // "models" matches as typed, so it is not stretched to other words; "modeks" is
  assert.deepEqual(found(m, "modeks").sort(), ["2306.13649", "x1"]);
  assert.deepEqual(found(m, "seq"), ["1606.07947"]);
  assert.equal(search.isPrefix("se"), false); // prefixes from 3 letters on
  assert.deepEqual(found(m, "se"), []);
});

test("prefixes as you type, accents and case folded, every word must match", () => {
  const m = model();
  assert.deepEqual(found(m, "seq"), ["1606.07947"]);
  assert.deepEqual(found(m, "MULLER teach"), ["x1"]);
  assert.deepEqual(found(m, "emnlp"), ["1606.07947"]);
  assert.deepEqual(found(m, "distillation agents"), ["x1"]);
  assert.deepEqual(found(m, "distillation zzzzzz"), []);
  assert.equal(found(m, "  "), null);
});

test("arXiv ids, versions, prefixes and URLs find exactly that paper", () => {
  const m = model();
  for (const q of [
    "2306.13649",
    "arXiv:2306.13649",
    "2306.13649v2",
    "ARXIV: 2306.13649v1",
    "https://arxiv.org/abs/2306.13649",
    "arxiv.org/pdf/2306.13649v3.pdf",
    "https://arxiv.org/html/2306.13649v2",
  ]) {
    assert.deepEqual(found(m, q), ["2306.13649"], q);
  }
  assert.deepEqual(found(m, "hep-th/9901001v2"), ["hep-th/9901001"]);
  assert.deepEqual(found(m, "2306.13649 agarwal"), ["2306.13649"]);
  assert.deepEqual(found(m, "2306.13649 kim"), []);
  assert.deepEqual(found(m, "9999.99999"), []);
});

test("title weighs most: a title match ranks above a tag or summary match", () => {
  const m = model();
  const ids = found(m, "distillation");
  assert.equal(ids[ids.length - 1], "x1"); // only its tags say distillation
  const byTitle = found(m, "teacher");
  assert.deepEqual(byTitle, ["x1"]);
});

test("the order: relevance while searching unless the reader picked another; in the URL only when picked", () => {
  const m = model();
  const s = { filters: {}, q: "distillation", sort: "" };
  assert.equal(core.viewSort(s, "newest"), "relevance");
  assert.equal(core.viewSort({ filters: {}, q: "", sort: "" }, "newest"), "newest");
  assert.equal(core.viewSort({ filters: {}, q: "", sort: "relevance" }, "title"), "title");
  assert.equal(core.pickSort(s, "relevance", "newest"), "");
  assert.equal(core.pickSort(s, "newest", "newest"), "newest");
  assert.equal(core.toQuery(m, s, "newest", ""), "?q=distillation");
  assert.equal(core.toQuery(m, Object.assign({}, s, { sort: "newest" }), "newest", ""), "?q=distillation&sort=newest");
  assert.deepEqual(core.parseQuery(m, "?q=distillation&sort=newest", "newest").sort, "newest");
  assert.deepEqual(core.parseQuery(m, "?q=distillation&sort=relevance", "newest").sort, "");
  const newest = core.order(m, "newest").indexes.map((p) => m.records[p].id);
  assert.deepEqual(newest, ["x1", "2306.13649", "1606.07947", "hep-th/9901001"]);
});
