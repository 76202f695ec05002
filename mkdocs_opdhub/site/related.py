"""Related papers by content: the few papers most like each paper, and why.

Each paper becomes one sparse vector of two unit-length parts: TF-IDF weights of the words of
its title and summary, and the facet values it has (chapter, section, enum and open facets),
weighted by how rare each value is. Similarity is the dot product of two vectors, i.e. a
weighted sum of the text cosine and the facet cosine. It is computed once per build with one
sparse matrix product in blocks of rows, so 10,000 papers take a few seconds (see bench/).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from ..model.papers import Paper
from ..model.taxonomy import UNCLASSIFIED
from ..model.catalog import Catalog

TEXT_WEIGHT = 0.8  # squared weights sum to 1: text cosine counts 0.64, facet cosine 0.36
FACET_WEIGHT = 0.6
SHOWN = 5
MIN_SCORE = 0.12
COMMON = 0.2  # a word in more than this share of the papers says nothing about any of them
BLOCK = 128  # rows of the similarity matrix computed at once (BLOCK x papers floats: memory stays small)

# English words too common to say what a paper is about.
STOPWORDS = frozenset("""
a about above across after again against all also an and any are as at be been before being between both but by
can could did do does doing done down during each for from further had has have having how however if in into is
it its itself just may more most much must new no nor not of off on once only or other our out over own per same
should so some such than that the their them then there these they this those through to too toward towards under
until up upon using via was we were what when where which while who whom why will with within without would you
your based towards use used uses study paper approach method methods model models results show shows toward
""".split())
WORD = re.compile(r"[^\W_](?:[\w'+-]*[^\W_])?")


@dataclass(frozen=True)
class Similar:
    paper: Paper
    score: float
    reasons: tuple[str, ...]  # "same section 4.2 Reverse KL", "Mechanism: Direct OPD", "words: rollout, entropy"


def words(text: str) -> list[str]:
    out = []
    for word in WORD.findall(text.casefold()):
        word = word.strip("'")
        if len(word) > 1 and word not in STOPWORDS and not word.isdigit():
            out.append(word)
    return out


class RelatedPapers:
    def __init__(self, catalog: Catalog, shown: int = SHOWN):
        self.catalog = catalog
        self.papers = catalog.papers
        self.shown = shown
        n = len(self.papers)
        self._sections = catalog.taxonomy.sections()
        self._reasons: dict[str, str] = {}  # one string per facet value, however many papers have it
        self._features = [self._facet_features(p) for p in self.papers]
        text_rows, self.vocab = self._text_rows()
        facet_rows, self.feature_labels = self._facet_rows()
        self._text_weights = text_rows
        self._facet_weights = facet_rows
        self.matrix = self._matrix(n, text_rows, facet_rows)
        self._top = self._compute() if n > 1 else {}

    # -- features -------------------------------------------------------------------------
    def _facet_features(self, paper: Paper) -> list[tuple[str, str]]:
        """(key, reason) per facet value the paper has: what it can share with another paper."""
        out = []
        for section in paper.sections:  # one section, or several for an entry filed under more than one
            if section in self._sections:
                out.append(self._feature(f"section:{section}", lambda: f"same section {self._sections[section].heading}"))
        for facet in self.catalog.taxonomy.facets:
            if not facet.type.descriptive:
                continue  # the same year or both with code: true of too many papers to mean relatedness
            for value_id in self.catalog.values_of(paper, facet.field):
                if value_id == UNCLASSIFIED:
                    continue
                out.append(self._feature(f"{facet.field}:{value_id}",
                                         lambda: f"{facet.label}: {self.catalog.label(facet.field, value_id)}"))
        return out

    def _feature(self, key: str, reason) -> tuple[str, str]:
        """(key, reason), made once per facet value: thousands of papers share each of them."""
        found = self._reasons.get(key)
        if found is None:
            found = self._reasons[key] = (key, reason())
        return found

    def _text_rows(self) -> tuple[list[dict[int, float]], list[str]]:
        n = len(self.papers)
        counts = [Counter(words(f"{p.title} {p.summary or ''}")) for p in self.papers]
        df = Counter(w for c in counts for w in c)
        limit = max(2, COMMON * n)
        vocab = sorted(w for w, d in df.items() if 2 <= d <= limit)  # a word in one paper matches none
        self._word_index = {w: i for i, w in enumerate(vocab)}
        self._df = df
        return [self._text_row(c) for c in counts], vocab

    def _text_row(self, counts: Counter) -> dict[int, float]:
        n, index, df = len(self.papers), self._word_index, self._df
        return _unit({index[w]: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[w])) + 1) for w, k in counts.items() if w in index})

    def _facet_rows(self) -> tuple[list[dict[int, float]], list[str]]:
        df = Counter(key for feats in self._features for key, _ in feats)
        keys = sorted(df)
        self._feature_index = {k: i for i, k in enumerate(keys)}
        self._feature_df = df
        labels = [""] * len(keys)
        for feats in self._features:
            for key, reason in feats:
                labels[self._feature_index[key]] = reason
        return [self._facet_row(feats) for feats in self._features], labels

    def _facet_row(self, feats: list[tuple[str, str]]) -> dict[int, float]:
        n, index, df = len(self.papers), self._feature_index, self._feature_df
        return _unit({index[key]: math.log((1 + n) / df[key]) * (1.5 if key.startswith("section:") else 1.0)
                      for key, _ in feats if key in index})

    def _matrix(self, n: int, text_rows, facet_rows) -> sparse.csr_matrix:
        offset = len(self.vocab)
        data, cols, indptr = [], [], [0]
        for text, facets in zip(text_rows, facet_rows):
            for col, weight in text.items():
                cols.append(col)
                data.append(TEXT_WEIGHT * weight)
            for col, weight in facets.items():
                cols.append(offset + col)
                data.append(FACET_WEIGHT * weight)
            indptr.append(len(cols))
        shape = (n, offset + len(self.feature_labels))
        return sparse.csr_matrix((np.asarray(data, np.float32), np.asarray(cols, np.int32), np.asarray(indptr, np.int64)),
                                 shape=shape)

    # -- similarity -----------------------------------------------------------------------
    def _compute(self, rows: list[int] | None = None) -> dict[int, list[tuple[int, float]]]:
        """The best matches of each paper (of the papers at ``rows`` only, when given)."""
        n = self.matrix.shape[0]
        k = min(self.shown, n - 1)
        transposed = self.matrix.T.tocsc()
        top: dict[int, list[tuple[int, float]]] = {}
        positions = np.arange(n) if rows is None else np.asarray(sorted(rows), dtype=np.int64)
        for start in range(0, len(positions), BLOCK):
            block = positions[start:start + BLOCK]
            scores = (self.matrix[block] @ transposed).toarray()
            scores[np.arange(len(block)), block] = -1.0  # not similar to itself
            best = np.argpartition(scores, -k, axis=1)[:, -k:] if k < n else np.argsort(scores, axis=1)
            values = np.take_along_axis(scores, best, axis=1)
            # best first; ties broken by catalog order (newest first), so the choice is stable between builds
            order = np.lexsort((best, -values), axis=1)
            picked = np.take_along_axis(best, order, axis=1).tolist()
            values = np.take_along_axis(values, order, axis=1).tolist()
            for row, columns, row_scores in zip(block.tolist(), picked, values):
                top[row] = [(j, score) for j, score in zip(columns, row_scores) if score >= MIN_SCORE]
        return top

    def refreshed(self, catalog: Catalog) -> "RelatedPapers":
        """These related papers for ``catalog``, the same papers in the same order with a few of
        them edited (``mkdocs serve``): the edited papers' vectors are made again with the words
        and weights of the full computation, and only the papers whose best matches can change
        are ranked again. A full build computes everything anew; this is what a dirty rebuild
        shows meanwhile. Anything else (papers added, removed or moved) is computed anew."""
        papers = catalog.papers
        if len(papers) != len(self.papers) or any(a.id != b.id for a, b in zip(papers, self.papers)):
            return RelatedPapers(catalog, self.shown)
        edited = [i for i, (a, b) in enumerate(zip(papers, self.papers)) if a is not b]
        if len(edited) > max(8, len(papers) // 50):
            return RelatedPapers(catalog, self.shown)
        self.catalog, self.papers = catalog, papers
        for i in edited:
            self._features[i] = self._facet_features(papers[i])
            self._text_weights[i] = self._text_row(Counter(words(f"{papers[i].title} {papers[i].summary or ''}")))
            self._facet_weights[i] = self._facet_row(self._features[i])
            for key, reason in self._features[i]:
                if key in self._feature_index:
                    self.feature_labels[self._feature_index[key]] = reason
        if edited:
            self.matrix = self._matrix(len(papers), self._text_weights, self._facet_weights)
            # A paper's matches can change when an edited paper enters or leaves them.
            scores = (self.matrix @ self.matrix[edited].T).toarray()
            affected = set(edited)
            for j, row in enumerate(scores):
                best = self._top.get(j, [])
                floor = best[-1][1] if len(best) >= min(self.shown, len(papers) - 1) else MIN_SCORE
                if any(i in {m for m, _ in best} or row[c] >= floor for c, i in enumerate(edited)):
                    affected.add(j)
            self._top.update(self._compute(sorted(affected)))
        return self

    def signature(self, paper: Paper) -> tuple:
        """What a paper page shows of its related papers, to tell whether it must be made again."""
        return tuple((self.papers[j].id, self.papers[j].title, round(score, 3)) for j, score in
                     self._top.get(self._position(paper), [])[: self.shown])

    def of(self, paper: Paper) -> tuple[Similar, ...]:
        """The papers most like ``paper``, best first, each with why (made on each call, not kept:
        each paper page asks once, and 10,000 pages' worth would stay in memory)."""
        i = self._position(paper)
        return tuple(Similar(self.papers[j], score, self.reasons(i, j)) for j, score in self._top.get(i, []))

    def _position(self, paper: Paper) -> int:
        if not hasattr(self, "_positions"):
            self._positions = {p.id: i for i, p in enumerate(self.papers)}
        return self._positions[paper.id]

    def reasons(self, i: int, j: int) -> tuple[str, ...]:
        """What papers i and j share: facet values first (most telling first), then the words
        that weigh most in both."""
        a, b = self._facet_weights[i], self._facet_weights[j]
        shared = sorted(set(a) & set(b), key=lambda c: -a[c] * b[c])
        out = [self.feature_labels[c] for c in shared]
        if any(label.startswith("same section") for label in out):
            # the section implies its chapter: do not say both
            chapter = self.catalog.taxonomy.chapter_facet
            out = [x for x in out if not (chapter and x.startswith(f"{chapter.label}: "))]
        ta, tb = self._text_weights[i], self._text_weights[j]
        common = sorted(set(ta) & set(tb), key=lambda c: -ta[c] * tb[c])[:4]
        if common:
            out.append("words: " + ", ".join(self.vocab[c] for c in common))
        return tuple(out)


def _unit(row: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in row.values()))
    return {k: v / norm for k, v in row.items()} if norm else {}
