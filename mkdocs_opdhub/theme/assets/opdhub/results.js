/* mkdocs-opdhub: a filter view's results: which cards show, in which order, filled when first
 * shown, and the groups, "Show more" and the notice around them. Methods of FilterView
 * (filter-view.js), mixed into its prototype. */
import { fill } from "./card.js";
import * as core from "./filter-core.js";
import { el } from "./dom.js";
import { landOn } from "./landing.js";

// Very long lists: a view shows its first WINDOW matching cards, and WINDOW more whenever the
// reader nears the end ("Show more"). A change updates the cards for FIRST_MS at once (the
// top of the page) and the rest over the next frames, STEP_MS a frame. The count, the chips and
// the URL are exact at once. Lists up to WINDOW cards are shown whole, as without JavaScript.
// Both budgets are checked after every card and kept small: a phone is several times slower than
// the machine that measures, and a frame's work above ~50 ms there holds up the reader's input.
export const WINDOW = 400;
const FIRST_MS = 4;
const STEP_MS = 6;

export function readGroup(element) {
  const level = element.getAttribute("data-opdhub-level");
  let heading = null;
  if (level !== null) {
    const previous = element.previousElementSibling;
    if (previous && /^H[1-6]$/.test(previous.tagName)) heading = previous;
  }
  const toc = heading && heading.id ? tocLinks("#" + heading.id) : [];
  return { el: element, level: level === null ? null : Number(level), heading: heading, toc: toc, cards: [] };
}

/** Table-of-contents entries pointing at a heading of this page (Material makes links absolute). */
function tocLinks(hash) {
  const out = [];
  Array.prototype.forEach.call(document.querySelectorAll('nav a[href*="#"]'), function (link) {
    if (link.hash === hash && link.pathname === location.pathname) out.push(link.closest("li") || link);
  });
  return out;
}

export const results = {
  // -- cards -------------------------------------------------------------------------------------
  /** Put every group's cards in ``sort`` order, refilling its runs of cards (see cards.html). */
  reorder(sort, scores) {
    const rank = core.order(this.model, sort, scores).rank;
    const position = function (card) {
      return card.p === -1 ? Infinity : rank[card.p];
    };
    const relevance = sort === core.RELEVANCE;
    this.groups.forEach(function (group) {
      group.cards.sort(function (a, b) {
        return position(a) - position(b);
      });
      // Relevance changes with every keystroke: only the cards a view shows are moved, to the
      // top of their group, once known (placeShown); the hidden rest keeps its places.
      if (relevance) return;
      // Moved off the page, the cards cost no style work until the group comes back.
      const parent = group.el.parentNode;
      const next = group.el.nextSibling;
      parent.removeChild(group.el);
      const perRun = Math.ceil(group.cards.length / Math.max(group.runs.length, 1));
      group.cards.forEach(function (card, i) {
        const run = group.runs[Math.floor(i / perRun)] || null;
        (run ? run.el : group.el).appendChild(card.el);
        card.run = run;
      });
      parent.insertBefore(group.el, next);
    });
    this.cards = [].concat.apply(
      [],
      this.groups.map(function (group) {
        return group.cards;
      }),
    );
    this.renderedSort = sort;
    this.renderedScores = scores;
  },

  /** In relevance order: the cards to show, in their order, first in their group's first run. */
  placeShown() {
    this.groups.forEach(function (group) {
      const run = group.runs[0] || null;
      const parent = run ? run.el : group.el;
      let at = parent.firstChild;
      group.cards.forEach(function (card) {
        if (!card.want) return;
        card.run = run;
        if (card.el === at)
          at = at.nextSibling; // already in place
        else parent.insertBefore(card.el, at);
      });
    });
  },

  /**
   * Show the cards ``visible`` asks for (the first ``limit`` of them). Runs left with no card to
   * show are hidden at once, whole; the cards of the runs that stay or come are shown, hidden and
   * filled in page order, a run at a time (a run appears once its cards are right), the top of the
   * page first and the rest over the next frames when that takes long; the cards of hidden runs
   * last (hidden, they cost no style work).
   */
  updateCards(visible) {
    if (this.frame) window.cancelAnimationFrame(this.frame);
    this.frame = 0;
    const limit = this.limit;
    let shown = 0;
    let matching = 0;
    this.cards.forEach(function (card) {
      const match = card.p === -1 || visible[card.p] === 1;
      if (match) matching++;
      card.want = match && shown < limit;
      if (card.want) shown++;
    });
    this.updateGroups();
    if (this.renderedSort === core.RELEVANCE) this.placeShown();
    this.runs.forEach(function (run) {
      run.want = false;
    });
    this.cards.forEach(function (card) {
      if (card.want && card.run) card.run.want = true;
    });
    this.runs.forEach(function (run) {
      if (!run.want && run.shown) {
        run.el.hidden = true;
        run.shown = false;
      }
    });
    let tasks = [];
    const later = []; // the cards of hidden runs: hidden too (as the HTML contract says), last, unseen
    const taskOf = new Map();
    this.cards.forEach(function (card) {
      const run = card.run;
      const changed = card.want !== card.shown || (card.want && !card.filled);
      if (!changed && (!run || run.shown || !run.want)) return;
      const key = run || card;
      let task = taskOf.get(key);
      if (!task) {
        task = { run: run, cards: [] };
        taskOf.set(key, task);
        (run && !run.want ? later : tasks).push(task);
      }
      if (changed) task.cards.push(card);
    });
    tasks = tasks.concat(later);
    this.updateMore(matching - shown);
    const self = this;
    let budget = FIRST_MS;
    const records = this.model.records;
    const step = function () {
      self.frame = 0;
      self.pendingStep = null;
      const start = performance.now();
      // the budget is checked after each card: a run may hold hundreds
      while (tasks.length && performance.now() - start < budget) {
        const task = tasks[0];
        while (task.cards.length && performance.now() - start < budget) {
          const card = task.cards.shift();
          if (card.want && !card.filled) {
            // a card stays compact until it is first shown
            if (card.p !== -1) fill(card.el, records[card.p], self.cardContext);
            card.filled = true;
          }
          if (card.shown !== card.want) card.el.hidden = !card.want;
          card.shown = card.want;
        }
        if (task.cards.length) break;
        tasks.shift();
        if (task.run && task.run.want && !task.run.shown) {
          task.run.el.hidden = false;
          task.run.shown = true;
        }
      }
      budget = STEP_MS;
      if (tasks.length) {
        self.pendingStep = step;
        self.frame = window.requestAnimationFrame(step);
      } else if (self.moreObserver && self.moreEl) {
        // still near the end? then more again
        self.moreObserver.unobserve(self.moreEl);
        self.moreObserver.observe(self.moreEl);
      }
      self.setBusy();
    };
    step();
  },

  /** The "Show more" row after the listing, for the matching cards beyond the window. */
  updateMore(remaining) {
    const self = this;
    if (!this.moreEl) {
      if (remaining <= 0) return;
      const button = el("button", { type: "button", class: "opdhub-button" });
      button.addEventListener("click", function () {
        self.showMore();
      });
      this.moreEl = el("div", { class: "opdhub-more" }, [button]);
      const last = this.groups[this.groups.length - 1].el;
      last.parentNode.insertBefore(this.moreEl, last.nextSibling);
      if (window.IntersectionObserver) {
        this.moreObserver = new IntersectionObserver(
          function (entries) {
            if (entries[entries.length - 1].isIntersecting && !self.frame) self.showMore();
          },
          { rootMargin: "0px 0px 1200px 0px" },
        );
        this.moreObserver.observe(this.moreEl);
      }
    }
    this.moreEl.hidden = remaining <= 0;
    this.moreEl.firstChild.textContent = "Show more (" + remaining + " not shown yet)";
  },

  /**
   * Make the card of paper ``id`` shown, if this listing has it: beyond the window, the window
   * grows to it. Hidden by the view, the filter says so and offers to show it. Returns the card
   * element when it is shown now, else null.
   */
  reveal(id) {
    const entry = this.cards.filter(function (card) {
      return card.id === id;
    })[0];
    if (!entry) return null;
    if (entry.p !== -1 && !this.result.visible[entry.p]) {
      this.showHiddenNotice(entry);
      return null;
    }
    this.hideNotice();
    if (!entry.want) {
      let position = 0;
      const visible = this.result.visible;
      this.cards.some(function (card) {
        if (card.p === -1 || visible[card.p]) position++;
        return card === entry;
      });
      this.limit = Math.max(this.limit, Math.ceil(position / WINDOW) * WINDOW);
      this.updateCards(visible);
    }
    this.flushCards();
    return entry.el;
  },

  /** Finish showing/hiding cards now (normally spread over frames). */
  flushCards() {
    while (this.frame) {
      window.cancelAnimationFrame(this.frame);
      this.frame = 0;
      if (this.pendingStep) this.pendingStep();
    }
  },

  showHiddenNotice(entry) {
    const self = this;
    if (!this.notice) {
      this.notice = el("div", { class: "opdhub-filter__notice", role: "status" });
      this.root.querySelector(".opdhub-filter__status").after(this.notice);
    }
    const title = (entry.el.querySelector(".opdhub-card__title") || entry.el).textContent.trim();
    const button = el("button", { type: "button", class: "opdhub-button opdhub-button--primary", text: "Show it" });
    button.addEventListener("click", function () {
      self.apply(core.emptyState(self.state.sort), "push");
      landOn(self, entry.id);
    });
    this.notice.replaceChildren(
      el("span", { text: "The current filter hides the paper you followed a link to: “" + title + "”. " }),
      button,
    );
    this.notice.hidden = false;
  },

  hideNotice() {
    if (this.notice) this.notice.hidden = true;
  },

  showMore() {
    if (this.destroyed || !this.result) return;
    this.limit += WINDOW;
    this.updateCards(this.result.visible);
  },

  updateGroups() {
    const groups = this.groups;
    const has = groups.map(function (group) {
      return group.cards.some(function (card) {
        return card.want;
      });
    });
    // A titled group also stays while a deeper group after it (a subsection) has papers.
    for (let i = groups.length - 1; i >= 0; i--) {
      if (has[i] || groups[i].level === null) continue;
      for (let j = i + 1; j < groups.length && (groups[j].level === null || groups[j].level > groups[i].level); j++) {
        if (has[j] && groups[j].level !== null) {
          has[i] = true;
          break;
        }
      }
    }
    groups.forEach(function (group, gi) {
      const hidden = !has[gi];
      if (group.el.hidden !== hidden) group.el.hidden = hidden;
      if (group.heading && group.heading.hidden !== hidden) group.heading.hidden = hidden;
      group.toc.forEach(function (item) {
        if (item.hidden !== hidden) item.hidden = hidden;
      });
    });
  },

  /** ``data-opdhub-busy`` on the filter while cards are still being updated. */
  setBusy() {
    if (this.frame) this.root.setAttribute("data-opdhub-busy", "");
    else this.root.removeAttribute("data-opdhub-busy");
  },
};
