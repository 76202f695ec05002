"""Related papers by content: the few papers most like each paper, and why.

Each paper becomes one sparse vector of two unit-length parts: TF-IDF weights of the words of
its title and summary, and the facet values it has (chapter, section, enum and open facets),
weighted by how rare each value is. Similarity is the dot product of two vectors, i.e. a
weighted sum of the text cosine and the facet cosine. It is computed once per build in plain
Python: text scores through an inverted index of words (only papers sharing a word meet), facet
scores once per distinct set of facet values (papers with the same values have the same facet
vector, and a taxonomy has far fewer such sets than a big list has papers), and the best matches
from those two.

One approximation, for big lists only: words in more than max(FREQUENT, sqrt(papers)) papers
are left out of the inverted index (its cost is the sum over words of (papers with the word)^2,
and those few words are nearly all of it) and added to the scores of each paper's best
CANDIDATES papers without them. The scores shown are exact; a paper whose score comes mostly
from frequent words and shares neither rare words nor facet values can be missed (a paper with
no frequent words gets its exact best matches). Measured against the exact result: the OPDHub
catalog (305 papers, a few frequent words) and 1,000 synthetic papers (bench/related_cost.py)
identical; 10,000 synthetic papers with Zipf-distributed summaries: recall@5 0.998 (9,922 of
10,000 lists identical), 5.5 s of CPU instead of 42 s.

Lists with open facets (tags, venues) give nearly every paper a set of facet values of its own;
adding up the facet scores of a set with every set then costs the sum over values of (sets with
the value)^2 (14,000 additions per set, 14 s at bench/scale.py's 10,000 papers). Beyond
DENSE_UP_TO sets, PackedWeights adds them up for all sets at once, rounded, to find the sets
that may reach a score; only those are scored exactly, the best first, as far as a paper reads
(the same results to the last bit: 4.9 s there).
"""

from __future__ import annotations

import heapq
import math
import re
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from itertools import islice

from ..model.catalog import Catalog
from ..model.papers import Paper
from ..model.taxonomy import UNCLASSIFIED
from .packed import PackedSums, PackedWeights

TEXT_WEIGHT = 0.8  # squared weights sum to 1: text cosine counts 0.64, facet cosine 0.36
FACET_WEIGHT = 0.6
SHOWN = 5
MIN_SCORE = 0.12
COMMON = 0.2  # a word in more than this share of the papers says nothing about any of them
CANDIDATES = 100  # papers per paper whose exact score is computed (recall: see the module docstring)
DENSE_UP_TO = 1000  # sets of facet values; beyond, PackedWeights finds the sets worth scoring
PACKED = 128  # a value in at least 1/PACKED of the sets is packed (see PackedWeights)
FREQUENT = 50  # words in more papers than this and than the square root of their number: scored apart

# English words too common to say what a paper is about.
STOPWORDS = frozenset(
    """
a about above across after again against all also an and any are as at be been before being between both but by
can could did do does doing done down during each for from further had has have having how however if in into is
it its itself just may more most much must new no nor not of off on once only or other our out over own per same
should so some such than that the their them then there these they this those through to too toward towards under
until up upon using via was we were what when where which while who whom why will with within without would you
your based towards use used uses study paper approach method methods model models results show shows toward
""".split()
)
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
        self._index()
        self._top = self._compute() if n > 1 else {}

    # -- features -------------------------------------------------------------------------
    def _facet_features(self, paper: Paper) -> list[tuple[str, str]]:
        """(key, reason) per facet value the paper has: what it can share with another paper."""
        out = []
        for section in paper.sections:  # one section, or several for an entry filed under more than one
            if section in self._sections:
                out.append(
                    self._feature(f"section:{section}", lambda: f"same section {self._sections[section].heading}")
                )
        for facet in self.catalog.taxonomy.facets:
            if not facet.type.descriptive:
                continue  # the same year or both with code: true of too many papers to mean relatedness
            for value_id in self.catalog.values_of(paper, facet.field):
                if value_id == UNCLASSIFIED:
                    continue
                out.append(
                    self._feature(
                        f"{facet.field}:{value_id}",
                        lambda: f"{facet.label}: {self.catalog.label(facet.field, value_id)}",
                    )
                )
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
        return _unit(
            {
                index[w]: (1 + math.log(k)) * (math.log((1 + n) / (1 + df[w])) + 1)
                for w, k in counts.items()
                if w in index
            }
        )

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
        return _unit(
            {
                index[key]: math.log((1 + n) / df[key]) * (1.5 if key.startswith("section:") else 1.0)
                for key, _ in feats
                if key in index
            }
        )

    # -- similarity -----------------------------------------------------------------------
    def _index(self) -> None:
        """The inverted indexes the scores are read from: per word, the papers with it; per
        distinct set of facet values, its papers (catalog order) and the other sets it shares a
        value with; and per paper, the part of its text vector made of frequent words."""
        # Two flat lists per word (papers, weights): the loop that adds them up is most of the
        # time at 10,000 papers, and zip over two lists is its fastest form in plain Python.
        self._with_word: dict[int, list[int]] = defaultdict(list)
        self._word_weights: dict[int, list[float]] = defaultdict(list)
        for j, row in enumerate(self._text_weights):
            for col, weight in row.items():
                self._with_word[col].append(j)
                self._word_weights[col].append(TEXT_WEIGHT * weight)
        # That loop costs the sum over words of (papers with the word)^2, and the few words in
        # many papers would be nearly all of it (60 of 63 million additions at 10,000 papers with
        # Zipf-distributed summaries). Those frequent words are left out of it: each paper keeps
        # their weights apart, added to the scores of its best candidates only (see _best).
        limit = max(FREQUENT, math.isqrt(len(self._text_weights)))
        frequent = {col for col, papers in self._with_word.items() if len(papers) > limit}
        self._rare_words = [[col for col in row if col not in frequent] for row in self._text_weights]
        self._frequent_words = [
            {col: TEXT_WEIGHT * weight for col, weight in row.items() if col in frequent} for row in self._text_weights
        ]
        self._sums = [0.0] * len(self._text_weights)  # reused by each paper's text scores
        groups: dict[tuple, int] = {}
        self._group_of: list[int] = []
        self._group_rows: list[dict[int, float]] = []
        self._members: list[list[int]] = []
        for j, row in enumerate(self._facet_weights):
            key = tuple(sorted(row.items()))
            g = groups.get(key)
            if g is None:
                g = groups[key] = len(self._group_rows)
                self._group_rows.append(row)
                self._members.append([])
            self._group_of.append(g)
            self._members[g].append(j)
        self._groups_with: dict[int, list[int]] = defaultdict(list)  # flat lists again, as for words
        self._group_weights: dict[int, list[float]] = defaultdict(list)
        for g, row in enumerate(self._group_rows):
            for col, weight in row.items():
                self._groups_with[col].append(g)
                self._group_weights[col].append(FACET_WEIGHT * weight)
        # Many sets: their facet scores with a set are added up for all of them at once, roughly
        # (see PackedWeights), and computed exactly only for the sets that may reach MIN_SCORE.
        many = len(self._group_rows) > DENSE_UP_TO
        self._packed = (
            PackedWeights(
                self._groups_with, self._group_weights, len(self._group_rows), len(self._group_rows) // PACKED
            )
            if many
            else None
        )
        self._facet_last: tuple[int, tuple[Callable[[int], float], Iterable[tuple[float, int]]]] | None = None

    def _facet_scores_of(self, g: int) -> tuple[Callable[[int], float], Iterable[tuple[float, int]]]:
        """The facet score of set ``g`` with any set (a function of the set), and the sets scoring
        at least MIN_SCORE as (-score, set), best first. The last set's are kept: :meth:`_compute`
        asks for the papers of one set in a row."""
        if self._facet_last is not None and self._facet_last[0] == g:
            return self._facet_last[1]
        found: tuple[Callable[[int], float], Iterable[tuple[float, int]]]
        if self._packed is None:
            sums = self._facet_row_scores(g)
            # One pass over the dense scores picks the few sets worth ranking: a dict of every set
            # met (nearly all of them, through the common values) cost as much as adding them up.
            found = (sums.__getitem__, sorted([(-score, h) for h, score in enumerate(sums) if score >= MIN_SCORE]))
        else:
            score = self._facet_scorer(g)
            packed = self._packed.sums({col: FACET_WEIGHT * weight for col, weight in self._group_rows[g].items()})
            found = (score, _Ranked(score, packed))
        self._facet_last = (g, found)
        return found

    def _facet_row_scores(self, g: int) -> list[float]:
        """The facet score of set ``g`` with every set (0 for a set sharing no value with it)."""
        sums = [0.0] * len(self._group_rows)
        for col, weight in self._group_rows[g].items():
            factor = FACET_WEIGHT * weight
            for h, other in zip(self._groups_with[col], self._group_weights[col], strict=False):
                sums[h] += factor * other
        return sums

    def _facet_scorer(self, g: int) -> Callable[[int], float]:
        """The facet score of set ``g`` with one set: the same products added in the same order
        as :meth:`_facet_row_scores`, hence the same float, to the last bit."""
        factors = [(col, FACET_WEIGHT * weight) for col, weight in self._group_rows[g].items()]
        rows: list[dict[int, float]] = self._group_rows
        known: dict[int, float] = {}

        def score(h: int) -> float:
            found = known.get(h)
            if found is None:
                found, other = 0.0, rows[h]
                for col, factor in factors:
                    weight = other.get(col)
                    if weight is not None:
                        found += factor * (FACET_WEIGHT * weight)
                known[h] = found
            return found

        return score

    def _text_scores(self, i: int, cols=None) -> dict[int, float]:
        """The text score of paper ``i`` with every paper sharing a word with it (only the
        words ``cols``, when given)."""
        sums, met, row = self._sums, [], self._text_weights[i]
        for col in row if cols is None else cols:
            factor, papers = TEXT_WEIGHT * row[col], self._with_word[col]
            for j, other in zip(papers, self._word_weights[col], strict=False):
                sums[j] += factor * other
            met.append(papers)
        scores = {}
        for j in set().union(*met):
            scores[j] = sums[j]
            sums[j] = 0.0
        scores.pop(i, None)
        return scores

    def _best(self, i: int, k: int) -> list[tuple[int, float]]:
        """The ``k`` papers most like paper ``i``, best first; ties go to the paper first in the
        catalog (newest first), so the choice is stable between builds.

        Candidates are ranked on their score without the frequent words (exact when a list has
        none, as lists of a few hundred papers do): the papers sharing a rare word, then the
        papers of the best sets of facet values (a set's papers score the same, so its first
        ones stand for it). The best CANDIDATES of them get their exact score."""
        group_of = self._group_of
        facet, ranked = self._facet_scores_of(group_of[i])
        rare = self._text_scores(i, self._rare_words[i])
        mine = self._frequent_words[i]
        wanted = CANDIDATES if mine else k  # without frequent words, the scores are exact already
        pool = heapq.nsmallest(wanted, ((-(score + facet(group_of[j])), j) for j, score in rare.items()))
        groups_at = None
        for minus, h in ranked:
            if len(pool) >= 2 * wanted and minus != groups_at:
                break  # enough papers score at least as well (a tie with the last set goes on)
            pool.extend((minus, j) for j in islice((j for j in self._members[h] if j != i and j not in rare), wanted))
            groups_at = minus
        pool.sort()
        scored = []
        for minus, j in pool[:wanted]:
            other = self._frequent_words[j]
            if mine and other:
                minus -= sum(w * other[c] for c, w in mine.items() if c in other)
            scored.append((minus, j))
        return [(j, -minus) for minus, j in heapq.nsmallest(k, scored) if -minus >= MIN_SCORE]

    def _scores_with(self, i: int) -> list[float]:
        """The score of every paper with paper ``i`` (0 with itself)."""
        text = self._text_scores(i)
        facet = self._facet_row_scores(self._group_of[i])
        out = [text.get(j, 0.0) + facet[g] for j, g in enumerate(self._group_of)]
        out[i] = 0.0
        return out

    def _compute(self, rows: list[int] | None = None) -> dict[int, list[tuple[int, float]]]:
        """The best matches of each paper (of the papers at ``rows`` only, when given)."""
        n = len(self.papers)
        k = min(self.shown, n - 1)
        rows = list(range(n)) if rows is None else sorted(rows)
        best = {i: self._best(i, k) for i in sorted(rows, key=self._group_of.__getitem__)}  # a set's papers in a row
        return {i: best[i] for i in rows}

    def refreshed(self, catalog: Catalog) -> RelatedPapers:
        """These related papers for ``catalog``, the same papers in the same order with a few of
        them edited (``mkdocs serve``): the edited papers' vectors are made again with the words
        and weights of the full computation, and only the papers whose best matches can change
        are ranked again. A full build computes everything anew; this is what a dirty rebuild
        shows meanwhile. Papers that only moved (an edited title or date changes the catalog's
        order) keep their vectors and matches; papers added or removed: computed anew."""
        papers = catalog.papers
        if len(papers) != len(self.papers):
            return RelatedPapers(catalog, self.shown)
        moved = any(a.id != b.id for a, b in zip(papers, self.papers, strict=False))
        if moved and not self._follow(papers):
            return RelatedPapers(catalog, self.shown)
        edited = [i for i, (a, b) in enumerate(zip(papers, self.papers, strict=False)) if a is not b]
        if len(edited) > max(8, len(papers) // 50):
            return RelatedPapers(catalog, self.shown)
        self.catalog, self.papers = catalog, papers
        if moved and not edited:
            self._index()
        for i in edited:
            self._features[i] = self._facet_features(papers[i])
            self._text_weights[i] = self._text_row(Counter(words(f"{papers[i].title} {papers[i].summary or ''}")))
            self._facet_weights[i] = self._facet_row(self._features[i])
            for key, reason in self._features[i]:
                if key in self._feature_index:
                    self.feature_labels[self._feature_index[key]] = reason
        if edited:
            self._index()
            # A paper's matches can change when an edited paper enters or leaves them.
            scores = [self._scores_with(i) for i in edited]
            affected = set(edited)
            for j in range(len(papers)):
                best = self._top.get(j, [])
                floor = best[-1][1] if len(best) >= min(self.shown, len(papers) - 1) else MIN_SCORE
                if any(i in {m for m, _ in best} or row[j] >= floor for i, row in zip(edited, scores, strict=False)):
                    affected.add(j)
            self._top.update(self._compute(sorted(affected)))
        return self

    def _follow(self, papers: list[Paper]) -> bool:
        """Put what is kept per paper in the order of ``papers``, the same papers reordered
        (False when they are not the same papers)."""
        where = {p.id: i for i, p in enumerate(self.papers)}
        found = [where.get(p.id) for p in papers]  # new position -> old position
        order = [o for o in found if o is not None]
        if len(order) != len(papers) or len(set(order)) != len(order):
            return False
        new = {old: i for i, old in enumerate(order)}
        self.papers = [self.papers[o] for o in order]
        self._features = [self._features[o] for o in order]
        self._text_weights = [self._text_weights[o] for o in order]
        self._facet_weights = [self._facet_weights[o] for o in order]
        self._top = {new[i]: [(new[j], score) for j, score in best] for i, best in self._top.items()}
        self.__dict__.pop("_positions", None)
        return True

    def signature(self, paper: Paper) -> tuple:
        """What a paper page shows of its related papers, to tell whether it must be made again."""
        return tuple(
            (self.papers[j].id, self.papers[j].title, round(score, 3))
            for j, score in self._top.get(self._position(paper), [])[: self.shown]
        )

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


class _Ranked:
    """The sets scoring at least MIN_SCORE with one set, as (-score, set), best first, found as
    far as they are read: most papers need the few best sets only, and the sets reaching a lower
    score are looked for only when a paper reads past the ones above it. Re-iterable: each paper
    of the set reads it from the start."""

    LEVELS = (1.6, 1.3, 1.0)  # the scores looked for in turn, in multiples of MIN_SCORE

    def __init__(self, score: Callable[[int], float], sums: PackedSums):
        self._score, self._sums = score, sums
        self._found: list[tuple[float, int]] = []
        self._level = 0

    def __iter__(self) -> Iterator[tuple[float, int]]:
        i = 0
        while True:
            while i == len(self._found):
                if self._level == len(self.LEVELS):
                    return
                self._next_level()
            yield self._found[i]
            i += 1

    def _next_level(self) -> None:
        """Add the sets scoring at least the next level and below the last one, best first."""
        above = MIN_SCORE * self.LEVELS[self._level - 1] if self._level else math.inf
        at_least = MIN_SCORE * self.LEVELS[self._level]
        self._level += 1
        score = self._score
        self._found.extend(
            sorted((-s, h) for h in self._sums.reaching(at_least) if at_least <= (s := score(h)) < above)
        )


def _unit(row: dict[int, float]) -> dict[int, float]:
    norm = math.sqrt(sum(v * v for v in row.values()))
    return {k: v / norm for k, v in row.items()} if norm else {}
