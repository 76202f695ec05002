// Unit tests of the shared text helpers and the facet-kind registry: node --test tests/js/
import test from "node:test";
import assert from "node:assert/strict";
import { displayName, fold, humanDate, safeUrl, words } from "../../mkdocs_opdhub/theme/assets/opdhub/text.js";
import { KINDS, kindOf, sectionChains, yearRuns } from "../../mkdocs_opdhub/theme/assets/opdhub/facet-kinds.js";
import * as core from "../../mkdocs_opdhub/theme/assets/opdhub/filter-core.js";

test("one fold for the filter's search and the graph's: accents, case and whole letters spelt out", () => {
  // the graph's own fold kept "ß", "æ", "ø", "ł" as they were: "Straße" did not find "strasse" there
  assert.equal(fold("Straße"), "strasse");
  assert.equal(fold("Łódź Ærø Œuvre"), "lodz aero oeuvre");
  assert.equal(fold("Müller ÉCOLE"), "muller ecole");
  assert.equal(fold(null), "");
  assert.equal(core.fold, fold); // the filter's logic uses the same function
  assert.deepEqual(words("On-Policy Distillation (Ågren, 2025)"), ["on", "policy", "distillation", "agren", "2025"]);
});

test("author names, dates and URLs as the build shows them", () => {
  assert.equal(displayName("Agarwal, Rishabh"), "Rishabh Agarwal");
  assert.equal(displayName("OpenAI"), "OpenAI");
  assert.equal(displayName("Doe, Jane, Jr."), "Doe, Jane, Jr."); // more than one comma: as written
  assert.equal(displayName("Doe, "), "Doe, ");
  assert.equal(humanDate("2025-03-01"), "Mar 2025");
  assert.equal(humanDate("2025"), "2025");
  assert.equal(humanDate("2025-13"), "2025-13");
  assert.equal(safeUrl(" https://github.com/x/y "), "https://github.com/x/y");
  for (const bad of ["javascript:alert(1)", "http://a b", 'https://x/"onmouseover=', "https://x/\u0000", "//x", ""]) {
    assert.equal(safeUrl(bad), null, bad);
  }
});

test("every facet kind of the taxonomy has an entry; an unknown kind behaves as a plain one", () => {
  for (const kind of ["enum", "chapter", "year", "presence", "open", "kind"]) assert.ok(KINDS[kind], kind);
  assert.equal(kindOf("no-such-kind"), KINDS.enum);
  assert.equal(kindOf("__proto__"), KINDS.enum);
});

test("kinds: a paper's values, URL tokens and active-filter chips", () => {
  const chains = sectionChains([{ id: "4", sections: [{ id: "4.1", sections: [{ id: "4.1.1", sections: [] }] }] }]);
  const chapter = { field: "chapter", values: [] };
  assert.deepEqual(kindOf("chapter").values({ chapter: "4", section: "4.1.1" }, chapter, chains), [
    "4",
    "4.1.1",
    "4.1",
  ]);
  assert.deepEqual(kindOf("chapter").values({ chapter: ["4", "5"], section: null }, chapter, chains), ["4", "5"]);
  assert.deepEqual(kindOf("open").values({ tags: ["kl", "rl"] }, { field: "tags" }), ["kl", "rl"]);
  assert.deepEqual(kindOf("enum").values({ mechanism: null }, { field: "mechanism" }), []);

  const years = { field: "year", values: ["2026", "2025", "2024", "2022"].map((id) => ({ param: "year", id })) };
  // runs over the years the facet has: no paper of 2023, so 2022 and 2024 are consecutive
  assert.deepEqual(yearRuns(years, ["2025", "2024", "2026", "2022"]), ["2022-2026"]);
  assert.deepEqual(yearRuns(years, ["2026", "2022", "2025"]), ["2022", "2025-2026"]);
  assert.deepEqual(kindOf("year").tokens(years, ["2022", "2025"]), ["2022", "2025"]);
  assert.deepEqual(kindOf("year").parseToken(years, "2026-2023", "year").sort(), ["2024", "2025", "2026"]);
  assert.deepEqual(kindOf("year").parseToken(years, "2023", "year"), []);
  const chips = kindOf("year").activeChips(
    years,
    ["2026", "2025", "2022"].map((id) => ({ id, text: id })),
  );
  assert.deepEqual(chips, [
    { text: "2022", ids: ["2022"] },
    { text: "2025–2026", ids: ["2026", "2025"] },
  ]);

  // a token belongs to the URL parameter it came with (a chapter facet has two: chapter and section)
  const sections = {
    field: "chapter",
    values: [
      { param: "chapter", id: "4" },
      { param: "section", id: "4.1" },
    ],
  };
  assert.deepEqual(kindOf("chapter").parseToken(sections, "4.1", "section"), ["4.1"]);
  assert.deepEqual(kindOf("chapter").parseToken(sections, "4.1", "chapter"), []);
  assert.deepEqual(kindOf("enum").activeChips(sections, [{ id: "4", text: "Four" }]), [{ text: "Four", ids: ["4"] }]);
});
