/* mkdocs-opdhub: the facet filter of one listing (FilterView): it loads the listing's data,
 * shows the controls and hides the cards a view leaves out; its parts live in their own modules
 * (facet-rows.js, results.js, filter-url.js, export.js) and are mixed into its prototype.
 * Progressive enhancement: the build renders every card and the filter's controls; without this
 * the full list stays on the page. The HTML it relies on is the site's "HTML contract" page. */
import { context } from "./card.js";
import { absolute, load as loadData } from "./data.js";
import { exporting } from "./export.js";
import { facetRows, MORE_VALUES, readFacet, ROVING, rove } from "./facet-rows.js";
import * as core from "./filter-core.js";
import { urlState } from "./filter-url.js";
import { readGroup, results, WINDOW } from "./results.js";
import { whenIdle } from "./dom.js";

// -- the filter of one listing -------------------------------------------------------------------
export function FilterView(root, primary) {
  this.root = root;
  this.primary = primary; // the first filter of a page owns the URL's query string
  this.path = location.pathname;
  this.defaultSort = root.getAttribute("data-opdhub-sort") || "newest";
  this.destroyed = false;
  this.frame = 0;
  this.typing = false;
  const self = this;
  this.dataUrl = absolute(root.getAttribute("data-opdhub-data") || "papers.json");
  loadData(this.dataUrl).then(
    function (data) {
      if (!self.destroyed) self.start(data);
    },
    function (error) {
      // The full server-rendered list stays as it is; controls that cannot work go away.
      root.hidden = true;
      root.setAttribute("data-opdhub-off", "");
      if (window.console) console.warn("opdhub: the filter is off:", error);
    },
  );
}

Object.assign(FilterView.prototype, facetRows, results, urlState, exporting, {
  destroy() {
    this.destroyed = true;
    if (this.frame) window.cancelAnimationFrame(this.frame);
    if (this.moreObserver) this.moreObserver.disconnect();
  },

  start(data) {
    const root = this.root;
    this.data = data;
    this.facets = Array.prototype.map.call(root.querySelectorAll("[data-opdhub-facet]"), readFacet);
    const key = root.getAttribute("data-opdhub-listing");
    const selector = "[data-opdhub-group]" + (key ? '[data-opdhub-listing="' + CSS.escape(key) + '"]' : "");
    this.groups = Array.prototype.map.call(document.querySelectorAll(selector), readGroup);
    let ids = [];
    this.cards = [];
    this.runs = [];
    const self = this;
    // The cards come in runs (cards.html): a run whose cards the view leaves out is hidden whole,
    // so a view of the first few hundred cards of 10,000 touches a few hundred elements, not 10,000.
    const add = function (card, gi, run) {
      const id = card.getAttribute("data-paper-id");
      ids.push(id);
      const entry = { el: card, id: id, group: gi, run: run, shown: !card.hidden, want: true, p: -1 };
      self.cards.push(entry);
      self.groups[gi].cards.push(entry);
    };
    this.groups.forEach(function (group, gi) {
      group.runs = [];
      Array.prototype.forEach.call(group.el.children, function (child) {
        if (child.tagName === "SCRIPT") return; // the card template (card.html), not a run of cards
        if (child.hasAttribute("data-paper-id")) return add(child, gi, null);
        const run = { el: child, shown: !child.hidden, want: true };
        group.runs.push(run);
        self.runs.push(run);
        Array.prototype.forEach.call(child.querySelectorAll("[data-paper-id]"), function (card) {
          add(card, gi, run);
        });
      });
    });
    if (!ids.length && root.getAttribute("data-opdhub-universe") === "all") {
      // A page that shows the papers another way (the graph): every paper is in the view.
      ids = data.papers.map(function (record) {
        return String(record.id);
      });
    }
    this.model = core.createModel(data, this.facets, ids);
    const first = this.groups.length ? this.groups[0].el : root;
    this.cardContext = context(data, first.getAttribute("data-opdhub-root") || "");
    // The records' URLs are site-relative: resolved against the site root, not the data file's folder.
    const rootAttr = first.getAttribute("data-opdhub-root");
    this.rootUrl = rootAttr !== null ? new URL(rootAttr, location.href).href : this.dataUrl; // the graph: papers.json at the root
    this.cards.forEach(function (card) {
      const p = self.model.index.get(card.id);
      card.p = p === undefined ? -1 : p; // a card without a record (an overridden papers.json) stays shown
    });
    this.renderedSort = this.defaultSort;
    this.search = root.querySelector('input[type="search"][name="q"]');
    this.sortSelect = root.querySelector('select[name="sort"]');
    this.relevanceOption = this.sortSelect && this.sortSelect.querySelector('option[value="' + core.RELEVANCE + '"]');
    this.countEl = root.querySelector("[data-opdhub-count]");
    this.activeEl = root.querySelector("[data-opdhub-active]");
    this.emptyEl = root.querySelector("[data-opdhub-empty]");
    this.panel = root.querySelector("[data-opdhub-panel]");
    this.panelToggle = root.querySelector("[data-opdhub-toggle]");
    this.limit = WINDOW;
    this.bind();
    if (this.panelToggle && this.panel) {
      // The stylesheet shows the panel on wide screens and folds it on narrow ones from the first
      // paint; here only the button learns which (changing the layout now would shift the page).
      const wide = !window.matchMedia || window.matchMedia("(min-width: 60em)").matches;
      this.panelToggle.setAttribute("aria-expanded", String(wide));
    }
    const state = this.primary ? core.parseQuery(this.model, location.search, this.defaultSort) : core.emptyState();
    if (this.search && this.search.value.trim() && !state.q) state.q = this.search.value; // typed before the data came
    root.hidden = false;
    this.apply(state, "none");
    root.setAttribute("data-opdhub-ready", "");
    if (this.onReady) this.onReady();
    // The search index takes a few hundred ms at 10,000 papers: build it before the first
    // keystroke, in slices while the page is idle (a keystroke before the end finishes it).
    const model = this.model;
    const slice = function (deadline) {
      const start = performance.now(); // at most ~6 ms at a time: a keystroke then waits little, a phone (several times slower) is not held
      while (!self.destroyed && deadline.timeRemaining() > 2 && performance.now() - start < 6) {
        if (core.prepareSomeSearch(model, 50)) return;
      }
      if (!self.destroyed) whenIdle(slice);
    };
    whenIdle(slice);
  },

  // -- events ----------------------------------------------------------------------------------------
  bind() {
    const self = this;
    const root = this.root;
    root.addEventListener("keydown", function (event) {
      self.onKey(event);
    });
    root.addEventListener("focusin", function (event) {
      const fieldset = event.target.closest("[data-opdhub-facet]");
      if (fieldset && event.target.matches(ROVING)) rove(fieldset, event.target);
    });
    root.addEventListener("submit", function (event) {
      event.preventDefault();
      self.typing = false;
    });
    root.addEventListener("change", function (event) {
      const target = event.target;
      if (target.matches('input[type="checkbox"]')) {
        self.apply(core.toggle(self.model, self.state, target.name, target.value, target.checked), "push");
      } else if (target === self.sortSelect) {
        self.apply(
          Object.assign({}, self.state, { sort: core.pickSort(self.state, target.value, self.defaultSort) }),
          "push",
        );
      } else if (target.matches("[data-opdhub-year-from], [data-opdhub-year-to]")) {
        self.apply(self.yearRange(target.closest("[data-opdhub-facet]")), "push");
      } else if (target === self.search) {
        self.typing = false; // the next keystroke starts a new history entry
      }
    });
    if (this.search) {
      this.search.addEventListener("input", function () {
        self.apply(Object.assign({}, self.state, { q: self.search.value }), self.typing ? "replace" : "push");
        self.typing = true;
      });
    }
    root.addEventListener("click", function (event) {
      const target = event.target.closest("button");
      if (!target || !root.contains(target)) return;
      if (target.hasAttribute("data-opdhub-clear")) {
        self.apply(core.emptyState(self.state.sort), "push");
        if (self.search) self.search.focus();
      } else if (target.hasAttribute("data-opdhub-remove")) {
        self.removeChip(target);
      } else if (target.hasAttribute("data-opdhub-export")) {
        self.exportView(target.getAttribute("data-opdhub-export"));
      } else if (target.hasAttribute("data-opdhub-toggle")) {
        self.setPanel(target.getAttribute("aria-expanded") !== "true");
      } else if (target.matches(MORE_VALUES)) {
        const fieldset = target.closest("[data-opdhub-facet]");
        const open = fieldset.classList.toggle("opdhub-facet--all");
        target.setAttribute("aria-expanded", String(open));
        target.textContent = open ? target.getAttribute("data-less") : target.getAttribute("data-more");
      }
    });
  },

  setPanel(open) {
    this.panelToggle.setAttribute("aria-expanded", String(open));
    this.panel.toggleAttribute("data-open", open);
    this.panel.toggleAttribute("data-closed", !open);
  },

  // -- applying a view -------------------------------------------------------------------------------
  /** Show ``state``: controls, counts, chips, URL at once; cards now or over the next frames. */
  apply(state, history) {
    if (this.destroyed) return;
    this.state = state;
    this.limit = WINDOW; // a new view starts from its top
    if (this.primary && history !== "none") this.scheduleUrl(history);
    const result = core.evaluate(this.model, state);
    this.result = result;
    this.sort = core.viewSort(state, this.defaultSort);
    this.updateControls(result);
    this.fixRoving();
    // Relevance is an order of the current search's scores: a new search is a new order.
    if (this.sort !== this.renderedSort || (this.sort === core.RELEVANCE && result.scores !== this.renderedScores)) {
      this.reorder(this.sort, result.scores);
    }
    this.updateCards(result.visible);
    // Other views of the same papers (the graph) follow the filter: visible[p] is 1 for records[p].
    this.lastView = { records: this.model.records, visible: result.visible, state: state };
    this.root.opdhubView = this.lastView;
    this.root.dispatchEvent(new CustomEvent("opdhub:view", { bubbles: true, detail: this.lastView }));
  },
});
