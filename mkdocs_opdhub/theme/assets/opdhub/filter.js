/* mkdocs-opdhub: the facet filter, "Cite" and "Export" on pages with paper listings.
 *
 * Progressive enhancement: the build renders every card and the filter's controls (hidden);
 * this script loads papers.json, shows the controls and hides the cards a view leaves out.
 * Without it the full list stays on the page. The HTML it relies on is documented in the
 * site's "HTML contract" page. Theme-agnostic: with Material's instant navigation it starts
 * again on every page (document$), elsewhere on DOMContentLoaded.
 */
(function () {
  "use strict";
  var core = window.OpdhubFilterCore;
  if (!core || !window.OpdhubCards || !window.URLSearchParams) { // cards.js checks fetch (or file:)
    // No filter here: every card shows (filter.css holds back the long tail until a filter is ready).
    Array.prototype.forEach.call(document.querySelectorAll("[data-opdhub-filter]"), function (root) {
      root.setAttribute("data-opdhub-off", "");
    });
    return;
  }
  document.documentElement.classList.add("opdhub-js");

  // Very long lists: a view shows its first WINDOW matching cards, and WINDOW more whenever the
  // reader nears the end ("Show more"). A change updates the cards for FIRST_MS at once (the
  // top of the page) and the rest over the next frames, STEP_MS a frame. The count, the chips and
  // the URL are exact at once. Lists up to WINDOW cards are shown whole, as without JavaScript.
  var WINDOW = 400;
  var FIRST_MS = 6;
  var STEP_MS = 24;
  var MORE_VALUES = "[data-opdhub-more]";
  var ROVING = 'input[type="checkbox"], ' + MORE_VALUES; // what the arrow keys move between in a facet

  // -- data (loading and cards filled from it: cards.js) --------------------------------------------
  var cards = window.OpdhubCards;
  var absolute = cards.absolute;
  var loadData = cards.load;

  var recordOf = cards.record;

  // A listing's data file may be lean (the records without their BibTeX, one file for the whole
  // site): data-opdhub-full then names the full papers.json, loaded only for Cite, Export and
  // Details, the first time one of them needs an entry.
  function fullUrl(holder) {
    var full = holder && holder.getAttribute("data-opdhub-full");
    return full ? absolute(full) : null;
  }

  function lacksBibtex(record) {
    return Boolean(record) && !Object.prototype.hasOwnProperty.call(record, "bibtex");
  }

  /** ``record`` as the full data file has it, when that file is needed and loaded already; else ``record``. */
  function fullNow(holder, record) {
    var full = lacksBibtex(record) && fullUrl(holder) && cards.loaded(fullUrl(holder));
    return (full && recordOf(full, String(record.id))) || record;
  }

  /** A promise of the full data file when any of ``records`` lacks its BibTeX, else of null. */
  function loadFull(holder, records) {
    var url = fullUrl(holder);
    return url && records.some(lacksBibtex) ? loadData(url) : Promise.resolve(null);
  }

  /** Start loading the full data file before a click needs it (a pointer or the focus on its way). */
  function warmFull(event) {
    var target = event.target.closest && event.target.closest("[data-opdhub-cite], .opdhub-filter__export, [data-opdhub-details]");
    var url = target && fullUrl(target.closest("[data-opdhub-full]"));
    if (url && !cards.loaded(url)) loadData(url).catch(function () {});
  }

  // -- small DOM helpers -------------------------------------------------------------------------
  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { node.appendChild(child); });
    return node;
  }

  function announce(text) {
    var region = document.getElementById("opdhub:announce");
    if (!region) {
      region = el("div", { id: "opdhub:announce", class: "opdhub-visually-hidden", "aria-live": "polite" });
      document.body.appendChild(region);
    }
    region.textContent = "";
    window.setTimeout(function () { region.textContent = text; }, 30);
  }

  function download(name, type, text) {
    var url = URL.createObjectURL(new Blob([text], { type: type }));
    var link = el("a", { href: url, download: name, hidden: "" });
    document.body.appendChild(link);
    link.click();
    link.remove();
    window.setTimeout(function () { URL.revokeObjectURL(url); }, 10000);
  }

  function plural(n, word) {
    return n + " " + word + (n === 1 ? "" : "s");
  }

  // -- the filter of one listing -------------------------------------------------------------------
  function FilterView(root, primary) {
    this.root = root;
    this.primary = primary; // the first filter of a page owns the URL's query string
    this.path = location.pathname;
    this.defaultSort = root.getAttribute("data-opdhub-sort") || "newest";
    this.destroyed = false;
    this.frame = 0;
    this.typing = false;
    var self = this;
    this.dataUrl = absolute(root.getAttribute("data-opdhub-data") || "papers.json");
    loadData(this.dataUrl).then(function (data) {
      if (!self.destroyed) self.start(data);
    }, function (error) {
      // The full server-rendered list stays as it is; controls that cannot work go away.
      root.hidden = true;
      root.setAttribute("data-opdhub-off", "");
      if (window.console) console.warn("opdhub: the filter is off:", error);
    });
  }

  FilterView.prototype.destroy = function () {
    this.destroyed = true;
    if (this.frame) window.cancelAnimationFrame(this.frame);
    if (this.moreObserver) this.moreObserver.disconnect();
  };

  FilterView.prototype.start = function (data) {
    var root = this.root;
    this.data = data;
    this.facets = Array.prototype.map.call(root.querySelectorAll("[data-opdhub-facet]"), readFacet);
    var key = root.getAttribute("data-opdhub-listing");
    var selector = "[data-opdhub-group]" + (key ? '[data-opdhub-listing="' + CSS.escape(key) + '"]' : "");
    this.groups = Array.prototype.map.call(document.querySelectorAll(selector), readGroup);
    var ids = [];
    this.cards = [];
    this.runs = [];
    var self = this;
    // The cards come in runs (cards.html): a run whose cards the view leaves out is hidden whole,
    // so a view of the first few hundred cards of 10,000 touches a few hundred elements, not 10,000.
    var add = function (card, gi, run) {
      var id = card.getAttribute("data-paper-id");
      ids.push(id);
      var entry = { el: card, id: id, group: gi, run: run, shown: !card.hidden, want: true, p: -1 };
      self.cards.push(entry);
      self.groups[gi].cards.push(entry);
    };
    this.groups.forEach(function (group, gi) {
      group.runs = [];
      Array.prototype.forEach.call(group.el.children, function (child) {
        if (child.hasAttribute("data-paper-id")) return add(child, gi, null);
        var run = { el: child, shown: !child.hidden, want: true };
        group.runs.push(run);
        self.runs.push(run);
        Array.prototype.forEach.call(child.querySelectorAll("[data-paper-id]"), function (card) { add(card, gi, run); });
      });
    });
    if (!ids.length && root.getAttribute("data-opdhub-universe") === "all") {
      // A page that shows the papers another way (the graph): every paper is in the view.
      ids = data.papers.map(function (record) { return String(record.id); });
    }
    this.model = core.createModel(data, this.facets, ids);
    var first = this.groups.length ? this.groups[0].el : root;
    this.cardContext = cards.context(data, first.getAttribute("data-opdhub-root") || "");
    // The records' URLs are site-relative: resolved against the site root, not the data file's folder.
    var rootAttr = first.getAttribute("data-opdhub-root");
    this.rootUrl = rootAttr !== null ? new URL(rootAttr, location.href).href : this.dataUrl; // the graph: papers.json at the root
    this.cards.forEach(function (card) {
      var p = self.model.index.get(card.id);
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
      var wide = !window.matchMedia || window.matchMedia("(min-width: 60em)").matches;
      this.panelToggle.setAttribute("aria-expanded", String(wide));
    }
    var state = this.primary ? core.parseQuery(this.model, location.search, this.defaultSort) : core.emptyState();
    if (this.search && this.search.value.trim() && !state.q) state.q = this.search.value; // typed before the data came
    root.hidden = false;
    this.apply(state, "none");
    root.setAttribute("data-opdhub-ready", "");
    if (this.onReady) this.onReady();
    // The search index takes a few hundred ms at 10,000 papers: build it before the first
    // keystroke, in slices while the page is idle (a keystroke before the end finishes it).
    var model = this.model;
    var later = window.requestIdleCallback || function (fn) {
      return window.setTimeout(function () { fn({ timeRemaining: function () { return 8; } }); }, 50);
    };
    var slice = function (deadline) {
      var start = performance.now(); // at most ~10 ms at a time: a keystroke then waits little
      while (!self.destroyed && deadline.timeRemaining() > 2 && performance.now() - start < 10) {
        if (core.prepareSomeSearch(model, 50)) return;
      }
      if (!self.destroyed) later(slice);
    };
    later(slice);
  };

  function readFacet(fieldset) {
    var legend = fieldset.querySelector("legend");
    var values = Array.prototype.map.call(fieldset.querySelectorAll('input[type="checkbox"]'), function (input) {
      var label = input.closest("label");
      var text = label && label.querySelector("[data-opdhub-value-label]");
      return {
        param: input.name, id: input.value, input: input, label: label,
        text: (text || label || input).textContent.trim(),
        count: label && label.querySelector("[data-opdhub-value-count]"),
      };
    });
    return {
      field: fieldset.getAttribute("data-opdhub-facet"), kind: fieldset.getAttribute("data-opdhub-kind") || "enum",
      label: legend ? legend.textContent.trim() : fieldset.getAttribute("data-opdhub-facet"),
      values: values, el: fieldset,
      from: fieldset.querySelector("[data-opdhub-year-from]"), to: fieldset.querySelector("[data-opdhub-year-to]"),
    };
  }

  function readGroup(element) {
    var level = element.getAttribute("data-opdhub-level");
    var heading = null;
    if (level !== null) {
      var previous = element.previousElementSibling;
      if (previous && /^H[1-6]$/.test(previous.tagName)) heading = previous;
    }
    var toc = heading && heading.id ? tocLinks("#" + heading.id) : [];
    return { el: element, level: level === null ? null : Number(level), heading: heading, toc: toc, cards: [] };
  }

  /** Table-of-contents entries pointing at a heading of this page (Material makes links absolute). */
  function tocLinks(hash) {
    var out = [];
    Array.prototype.forEach.call(document.querySelectorAll('nav a[href*="#"]'), function (link) {
      if (link.hash === hash && link.pathname === location.pathname) out.push(link.closest("li") || link);
    });
    return out;
  }

  // -- events ----------------------------------------------------------------------------------------
  FilterView.prototype.bind = function () {
    var self = this;
    var root = this.root;
    root.addEventListener("keydown", function (event) { self.onKey(event); });
    root.addEventListener("focusin", function (event) {
      var fieldset = event.target.closest("[data-opdhub-facet]");
      if (fieldset && event.target.matches(ROVING)) rove(fieldset, event.target);
    });
    root.addEventListener("submit", function (event) {
      event.preventDefault();
      self.typing = false;
    });
    root.addEventListener("change", function (event) {
      var target = event.target;
      if (target.matches('input[type="checkbox"]')) {
        self.apply(core.toggle(self.model, self.state, target.name, target.value, target.checked), "push");
      } else if (target === self.sortSelect) {
        self.apply(Object.assign({}, self.state, { sort: core.pickSort(self.state, target.value, self.defaultSort) }), "push");
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
      var skip = event.target.closest("[data-opdhub-skip]");
      var results = skip && document.getElementById((skip.getAttribute("href") || "").slice(1));
      if (results) { // focus moves past the filter too, not only the view
        event.preventDefault();
        results.focus({ preventScroll: true });
        results.scrollIntoView({ block: "start" });
        return;
      }
      var target = event.target.closest("button");
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
        var fieldset = target.closest("[data-opdhub-facet]");
        var open = fieldset.classList.toggle("opdhub-facet--all");
        target.setAttribute("aria-expanded", String(open));
        target.textContent = open ? target.getAttribute("data-less") : target.getAttribute("data-more");
      }
    });
  };

  FilterView.prototype.setPanel = function (open) {
    this.panelToggle.setAttribute("aria-expanded", String(open));
    this.panel.toggleAttribute("data-open", open);
    this.panel.toggleAttribute("data-closed", !open);
  };

  // -- keyboard: one Tab stop per facet (roving tabindex), arrows inside, Enter toggles too --------
  var MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity };

  /** The values a reader can reach in a facet: enabled, shown, then its "more" button. */
  function rovingItems(fieldset) {
    return Array.prototype.filter.call(fieldset.querySelectorAll(ROVING), function (item) {
      return !item.disabled && (item.closest("label") || item).getClientRects().length > 0;
    });
  }

  function rove(fieldset, target) {
    Array.prototype.forEach.call(fieldset.querySelectorAll(ROVING), function (item) {
      item.tabIndex = item === target ? 0 : -1;
    });
  }

  /** After a view change: the Tab stop of each facet is still a value that can be focused. */
  FilterView.prototype.fixRoving = function () {
    this.facets.forEach(function (facet) {
      // A view changes which values are enabled, not which are shown: a Tab stop that stays
      // enabled stays, without asking for the layout (rovingItems measures).
      var stop = Array.prototype.filter.call(facet.el.querySelectorAll(ROVING), function (item) { return item.tabIndex === 0; })[0];
      if (stop && !stop.disabled) return;
      var items = rovingItems(facet.el);
      var current = items.filter(function (item) { return item.tabIndex === 0; })[0];
      if (!current && items.length) rove(facet.el, items[0]);
    });
  };

  FilterView.prototype.onKey = function (event) {
    var target = event.target;
    var fieldset = target.closest("[data-opdhub-facet]");
    if (!fieldset || target.tagName === "SELECT") return;
    if (event.key === "Enter" && target.matches('input[type="checkbox"]')) {
      event.preventDefault(); // a chip toggles on Enter as on Space
      target.click();
      return;
    }
    if (!(event.key in MOVES) || event.altKey || event.ctrlKey || event.metaKey) return;
    var items = rovingItems(fieldset);
    var at = items.indexOf(target);
    if (at === -1) return;
    event.preventDefault();
    var step = MOVES[event.key];
    var next = step === -Infinity ? 0 : step === Infinity ? items.length - 1 : (at + step + items.length) % items.length;
    rove(fieldset, items[next]);
    items[next].focus();
  };

  FilterView.prototype.yearRange = function (fieldset) {
    var facet = this.facets.filter(function (f) { return f.el === fieldset; })[0];
    var from = facet.from.value ? Number(facet.from.value) : -Infinity;
    var to = facet.to.value ? Number(facet.to.value) : Infinity;
    if (from > to) { var swap = from; from = to; to = swap; }
    var state = { filters: Object.assign({}, this.state.filters), q: this.state.q, sort: this.state.sort };
    var param = facet.values.length ? facet.values[0].param : facet.field;
    var ids = facet.values.filter(function (v) { return Number(v.id) >= from && Number(v.id) <= to; })
      .map(function (v) { return v.id; });
    if (from === -Infinity && to === Infinity) ids = [];
    if (ids.length) state.filters[param] = ids; else delete state.filters[param];
    return state;
  };

  FilterView.prototype.removeChip = function (button) {
    var param = button.getAttribute("data-param");
    var next = { filters: Object.assign({}, this.state.filters), q: this.state.q, sort: this.state.sort };
    if (param === "q") {
      next.q = "";
    } else {
      var drop = button.getAttribute("data-values").split(",");
      next.filters[param] = (next.filters[param] || []).filter(function (id) { return drop.indexOf(id) === -1; });
      if (!next.filters[param].length) delete next.filters[param];
    }
    var chips = Array.prototype.slice.call(this.activeEl.querySelectorAll("button"));
    var position = chips.indexOf(button);
    this.apply(next, "push");
    // Keep the keyboard where it was: on the next chip, else on the search box.
    var rest = this.activeEl.querySelectorAll("button");
    var focus = rest[Math.min(position, rest.length - 1)] || this.search;
    if (focus) focus.focus();
  };

  // -- applying a view -------------------------------------------------------------------------------
  /** Show ``state``: controls, counts, chips, URL at once; cards now or over the next frames. */
  FilterView.prototype.apply = function (state, history) {
    if (this.destroyed) return;
    this.state = state;
    this.limit = WINDOW; // a new view starts from its top
    if (this.primary && history !== "none") this.scheduleUrl(history);
    var result = core.evaluate(this.model, state);
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
  };

  FilterView.prototype.updateControls = function (result) {
    var state = this.state;
    var model = this.model;
    this.facets.forEach(function (facet, fi) {
      var counts = result.counts[fi];
      facet.values.forEach(function (value, vi) {
        var checked = core.isSelected(state, value.param, value.id);
        if (value.input.checked !== checked) value.input.checked = checked;
        var disabled = !checked && counts[vi] === 0;
        if (value.input.disabled !== disabled) value.input.disabled = disabled;
        if (value.count && value.shown !== counts[vi]) { // untouched text costs no restyle
          value.shown = counts[vi];
          value.count.textContent = String(counts[vi]);
        }
      });
      if (facet.from && facet.to) {
        var ids = state.filters[facet.values.length ? facet.values[0].param : facet.field] || [];
        var runs = ids.length ? core.yearRuns(model.facets[fi], ids) : [];
        var single = runs.length === 1 ? runs[0].split("-") : null;
        facet.from.value = single ? single[0] : "";
        facet.to.value = single ? single[single.length - 1] : "";
      }
    });
    if (this.search && this.search.value !== state.q && document.activeElement !== this.search) this.search.value = state.q;
    if (this.sortSelect) {
      if (this.relevanceOption) this.relevanceOption.disabled = !state.q.trim();
      if (this.sortSelect.value !== this.sort) this.sortSelect.value = this.sort;
    }
    var active = core.isActive(state);
    var count = result.total + " of " + plural(model.n, "paper");
    if (this.countEl && this.countEl.textContent !== count) this.countEl.textContent = count;
    Array.prototype.forEach.call(this.root.querySelectorAll(".opdhub-filter__status [data-opdhub-clear]"), function (button) {
      if (button.hidden === active) button.hidden = !active;
    });
    if (this.emptyEl) this.emptyEl.hidden = result.total > 0;
    this.renderChips();
    if (this.panelToggle) {
      var n = this.activeEl ? this.activeEl.querySelectorAll("button[data-param]:not([data-param=q])").length : 0;
      var badge = this.panelToggle.querySelector("[data-opdhub-active-count]");
      if (badge) badge.textContent = n ? String(n) : "";
    }
  };

  FilterView.prototype.renderChips = function () {
    if (!this.activeEl) return;
    var state = this.state;
    var model = this.model;
    var items = [];
    this.facets.forEach(function (facet, fi) {
      var byParam = {};
      facet.values.forEach(function (value) {
        if (core.isSelected(state, value.param, value.id)) (byParam[value.param] = byParam[value.param] || []).push(value);
      });
      Object.keys(byParam).forEach(function (param) {
        if (facet.kind === "year") {
          core.yearRuns(model.facets[fi], byParam[param].map(function (v) { return v.id; })).forEach(function (run) {
            var ends = run.split("-");
            var ids = byParam[param].filter(function (v) {
              return Number(v.id) >= Number(ends[0]) && Number(v.id) <= Number(ends[ends.length - 1]);
            }).map(function (v) { return v.id; });
            items.push(chip(facet.label, run.replace("-", "–"), param, ids));
          });
        } else {
          byParam[param].forEach(function (value) { items.push(chip(facet.label, value.text, param, [value.id])); });
        }
      });
    });
    if (state.q.trim()) items.push(chip("Search", "“" + state.q.trim() + "”", "q", []));
    var signature = items.map(function (item) { return item.textContent; }).join("\n");
    if (signature === this.chipsShown) return;
    this.chipsShown = signature;
    this.activeEl.replaceChildren.apply(this.activeEl, items);
    this.activeEl.hidden = items.length === 0;
  };

  function chip(facet, text, param, ids) {
    var button = el("button", {
      type: "button", class: "opdhub-active__chip", "data-opdhub-remove": "", "data-param": param,
      "data-values": ids.join(","), "aria-label": "Remove filter " + facet + ": " + text,
    }, [el("span", { class: "opdhub-active__facet", text: facet + ":" }), document.createTextNode(" " + text + " "),
        el("span", { class: "opdhub-active__x", "aria-hidden": "true", text: "×" })]);
    return el("li", {}, [button]);
  }

  /**
   * Write the view to the URL at once, before the view changes the page: history.pushState()
   * costs a few ms on a page whose styles are up to date, but with the cards' changes pending it
   * makes Chromium recompute them at once, and again for the frame (measured: +50 ms at 10,000
   * cards). Changes within one frame make one history entry (a push if any of them was one).
   */
  FilterView.prototype.scheduleUrl = function (mode) {
    var self = this;
    var push = mode === "push" && !this.pushedInFrame;
    if (push) this.pushedInFrame = true;
    if (!this.urlFrame) {
      var next = function () { self.urlFrame = 0; self.pushedInFrame = false; };
      this.urlFrame = window.requestAnimationFrame(next);
      window.setTimeout(next, 200); // rAF does not run in a background tab
    }
    if (this.destroyed || location.pathname !== this.path) return;
    var query = core.toQuery(this.model, this.state, this.defaultSort, location.search);
    if (query === location.search) return;
    var url = location.pathname + query + location.hash;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(window.history.state, "", url);
  };

  /** ``data-opdhub-busy`` on the filter while cards are still being updated. */
  FilterView.prototype.setBusy = function () {
    if (this.frame) this.root.setAttribute("data-opdhub-busy", "");
    else this.root.removeAttribute("data-opdhub-busy");
  };

  /** Back/forward between views of this page. */
  FilterView.prototype.fromLocation = function () {
    if (!this.model || location.pathname !== this.path) return;
    this.typing = false;
    this.apply(core.parseQuery(this.model, location.search, this.defaultSort), "none");
  };

  // -- cards -------------------------------------------------------------------------------------
  /** Put every group's cards in ``sort`` order, refilling its runs of cards (see cards.html). */
  FilterView.prototype.reorder = function (sort, scores) {
    var rank = core.order(this.model, sort, scores).rank;
    var position = function (card) { return card.p === -1 ? Infinity : rank[card.p]; };
    var relevance = sort === core.RELEVANCE;
    this.groups.forEach(function (group) {
      group.cards.sort(function (a, b) { return position(a) - position(b); });
      // Relevance changes with every keystroke: only the cards a view shows are moved, to the
      // top of their group, once known (placeShown); the hidden rest keeps its places.
      if (relevance) return;
      // Moved off the page, the cards cost no style work until the group comes back.
      var parent = group.el.parentNode;
      var next = group.el.nextSibling;
      parent.removeChild(group.el);
      var perRun = Math.ceil(group.cards.length / Math.max(group.runs.length, 1));
      group.cards.forEach(function (card, i) {
        var run = group.runs[Math.floor(i / perRun)] || null;
        (run ? run.el : group.el).appendChild(card.el);
        card.run = run;
      });
      parent.insertBefore(group.el, next);
    });
    this.cards = [].concat.apply([], this.groups.map(function (group) { return group.cards; }));
    this.renderedSort = sort;
    this.renderedScores = scores;
  };

  /** In relevance order: the cards to show, in their order, first in their group's first run. */
  FilterView.prototype.placeShown = function () {
    this.groups.forEach(function (group) {
      var run = group.runs[0] || null;
      var parent = run ? run.el : group.el;
      var at = parent.firstChild;
      group.cards.forEach(function (card) {
        if (!card.want) return;
        card.run = run;
        if (card.el === at) at = at.nextSibling; // already in place
        else parent.insertBefore(card.el, at);
      });
    });
  };

  /**
   * Show the cards ``visible`` asks for (the first ``limit`` of them). Runs left with no card to
   * show are hidden at once, whole; the cards of the runs that stay or come are shown, hidden and
   * filled in page order, a run at a time (a run appears once its cards are right), the top of the
   * page first and the rest over the next frames when that takes long; the cards of hidden runs
   * last (hidden, they cost no style work).
   */
  FilterView.prototype.updateCards = function (visible) {
    if (this.frame) window.cancelAnimationFrame(this.frame);
    this.frame = 0;
    var limit = this.limit;
    var shown = 0;
    var matching = 0;
    this.cards.forEach(function (card) {
      var match = card.p === -1 || visible[card.p] === 1;
      if (match) matching++;
      card.want = match && shown < limit;
      if (card.want) shown++;
    });
    this.updateGroups();
    if (this.renderedSort === core.RELEVANCE) this.placeShown();
    this.runs.forEach(function (run) { run.want = false; });
    this.cards.forEach(function (card) { if (card.want && card.run) card.run.want = true; });
    this.runs.forEach(function (run) {
      if (!run.want && run.shown) { run.el.hidden = true; run.shown = false; }
    });
    var tasks = [];
    var later = []; // the cards of hidden runs: hidden too (as the HTML contract says), last, unseen
    var taskOf = new Map();
    this.cards.forEach(function (card) {
      var run = card.run;
      var changed = card.want !== card.shown || (card.want && !card.filled);
      if (!changed && (!run || run.shown || !run.want)) return;
      var key = run || card;
      var task = taskOf.get(key);
      if (!task) { task = { run: run, cards: [] }; taskOf.set(key, task); (run && !run.want ? later : tasks).push(task); }
      if (changed) task.cards.push(card);
    });
    tasks = tasks.concat(later);
    this.updateMore(matching - shown);
    var self = this;
    var budget = FIRST_MS;
    var records = this.model.records;
    var step = function () {
      self.frame = 0;
      self.pendingStep = null;
      var start = performance.now();
      while (tasks.length && performance.now() - start < budget) {
        var task = tasks.shift();
        task.cards.forEach(function (card) {
          if (card.want && !card.filled) { // a card stays compact until it is first shown
            if (card.p !== -1) cards.fill(card.el, records[card.p], self.cardContext);
            card.filled = true;
          }
          if (card.shown !== card.want) card.el.hidden = !card.want;
          card.shown = card.want;
        });
        if (task.run && task.run.want && !task.run.shown) { task.run.el.hidden = false; task.run.shown = true; }
      }
      budget = STEP_MS;
      if (tasks.length) {
        self.pendingStep = step;
        self.frame = window.requestAnimationFrame(step);
      } else if (self.moreObserver && self.moreEl) { // still near the end? then more again
        self.moreObserver.unobserve(self.moreEl);
        self.moreObserver.observe(self.moreEl);
      }
      self.setBusy();
    };
    step();
  };

  /** The "Show more" row after the listing, for the matching cards beyond the window. */
  FilterView.prototype.updateMore = function (remaining) {
    var self = this;
    if (!this.moreEl) {
      if (remaining <= 0) return;
      var button = el("button", { type: "button", class: "opdhub-button" });
      button.addEventListener("click", function () { self.showMore(); });
      this.moreEl = el("div", { class: "opdhub-more" }, [button]);
      var last = this.groups[this.groups.length - 1].el;
      last.parentNode.insertBefore(this.moreEl, last.nextSibling);
      if (window.IntersectionObserver) {
        this.moreObserver = new IntersectionObserver(function (entries) {
          if (entries[entries.length - 1].isIntersecting && !self.frame) self.showMore();
        }, { rootMargin: "0px 0px 1200px 0px" });
        this.moreObserver.observe(this.moreEl);
      }
    }
    this.moreEl.hidden = remaining <= 0;
    this.moreEl.firstChild.textContent = "Show more (" + remaining + " not shown yet)";
  };

  /**
   * Make the card of paper ``id`` shown, if this listing has it: beyond the window, the window
   * grows to it. Hidden by the view, the filter says so and offers to show it. Returns the card
   * element when it is shown now, else null.
   */
  FilterView.prototype.reveal = function (id) {
    var entry = this.cards.filter(function (card) { return card.id === id; })[0];
    if (!entry) return null;
    if (entry.p !== -1 && !this.result.visible[entry.p]) {
      this.showHiddenNotice(entry);
      return null;
    }
    this.hideNotice();
    if (!entry.want) {
      var position = 0;
      var visible = this.result.visible;
      this.cards.some(function (card) {
        if (card.p === -1 || visible[card.p]) position++;
        return card === entry;
      });
      this.limit = Math.max(this.limit, Math.ceil(position / WINDOW) * WINDOW);
      this.updateCards(visible);
    }
    this.flushCards();
    return entry.el;
  };

  /** Finish showing/hiding cards now (normally spread over frames). */
  FilterView.prototype.flushCards = function () {
    while (this.frame) {
      window.cancelAnimationFrame(this.frame);
      this.frame = 0;
      if (this.pendingStep) this.pendingStep();
    }
  };

  FilterView.prototype.showHiddenNotice = function (entry) {
    var self = this;
    if (!this.notice) {
      this.notice = el("div", { class: "opdhub-filter__notice", role: "status" });
      this.root.querySelector(".opdhub-filter__status").after(this.notice);
    }
    var title = (entry.el.querySelector(".opdhub-card__title") || entry.el).textContent.trim();
    var button = el("button", { type: "button", class: "opdhub-button opdhub-button--primary", text: "Show it" });
    button.addEventListener("click", function () {
      self.apply(core.emptyState(self.state.sort), "push");
      landOn(self, entry.id);
    });
    this.notice.replaceChildren(el("span", { text: "The current filter hides the paper you followed a link to: “" + title + "”. " }), button);
    this.notice.hidden = false;
  };

  FilterView.prototype.hideNotice = function () {
    if (this.notice) this.notice.hidden = true;
  };

  FilterView.prototype.showMore = function () {
    if (this.destroyed || !this.result) return;
    this.limit += WINDOW;
    this.updateCards(this.result.visible);
  };

  FilterView.prototype.updateGroups = function () {
    var groups = this.groups;
    var has = groups.map(function (group) {
      return group.cards.some(function (card) { return card.want; });
    });
    // A titled group also stays while a deeper group after it (a subsection) has papers.
    for (var i = groups.length - 1; i >= 0; i--) {
      if (has[i] || groups[i].level === null) continue;
      for (var j = i + 1; j < groups.length && (groups[j].level === null || groups[j].level > groups[i].level); j++) {
        if (has[j] && groups[j].level !== null) { has[i] = true; break; }
      }
    }
    groups.forEach(function (group, gi) {
      var hidden = !has[gi];
      if (group.el.hidden !== hidden) group.el.hidden = hidden;
      if (group.heading && group.heading.hidden !== hidden) group.heading.hidden = hidden;
      group.toc.forEach(function (item) { if (item.hidden !== hidden) item.hidden = hidden; });
    });
  };

  // -- export ------------------------------------------------------------------------------------------
  /** The records of the current view, in its order, with absolute card URLs (from ``full`` when given). */
  FilterView.prototype.visibleRecords = function (full) {
    var model = this.model;
    var visible = this.result.visible;
    var base = this.rootUrl;
    return core.order(model, this.sort, this.result.scores).indexes.filter(function (p) { return visible[p]; }).map(function (p) {
      var record = Object.assign({}, (full && recordOf(full, String(model.records[p].id))) || model.records[p]);
      if (record.url) record.url = new URL(record.url, base).href;
      return record;
    });
  };

  FilterView.prototype.exportView = function (format) {
    var self = this;
    var name = "papers";
    // CSV has no BibTeX column: the lean records make the same file.
    var full = format === "csv" ? Promise.resolve(null) : loadFull(this.root, this.model.records);
    full.then(function (data) {
      if (self.destroyed) return;
      var records = self.visibleRecords(data);
      if (format === "bib") {
        download(name + ".bib", "application/x-bibtex;charset=utf-8", core.toBibTeX(records));
      } else if (format === "csv") {
        var fields = (self.data.facets || []).map(function (f) { return f.field; });
        download(name + ".csv", "text/csv;charset=utf-8", core.toCSV(records, fields));
      } else {
        var meta = { generator: self.data.generator, source: location.href };
        download(name + ".json", "application/json;charset=utf-8", core.toJSON(records, meta));
      }
      announce("Exported " + plural(records.length, "paper") + " as " + format.toUpperCase());
    }, function (error) {
      announce("The export could not load the citations");
      if (window.console) console.warn("opdhub: export:", error);
    });
  };

  // -- Cite ------------------------------------------------------------------------------------------
  function onCite(event) {
    var button = event.target.closest && event.target.closest("[data-opdhub-cite]");
    if (!button) return;
    event.preventDefault();
    var card = button.closest("[data-paper-id]");
    var holder = button.closest("[data-opdhub-data]");
    if (!card || !holder) return;
    var url = absolute(holder.getAttribute("data-opdhub-data"));
    var id = card.getAttribute("data-paper-id");
    var title = (card.querySelector(".opdhub-card__title") || card).textContent.trim();
    var failed = function () { showDialog(title, "The citation could not be loaded."); };
    var cite = function (record) {
      if (record && record.bibtex) copyBibTeX(record.bibtex, button, title);
    };
    var fromData = function (data) {
      var record = fullNow(holder, recordOf(data, id));
      if (lacksBibtex(record)) loadFull(holder, [record]).then(function (full) { cite(full && recordOf(full, id)); }, failed);
      else cite(record);
    };
    // With the data already here the clipboard is written within the click, as browsers require.
    if (cards.loaded(url)) fromData(cards.loaded(url));
    else loadData(url).then(fromData, failed);
  }

  function copyBibTeX(text, button, title) {
    var write = navigator.clipboard && navigator.clipboard.writeText
      ? navigator.clipboard.writeText(text) : Promise.reject(new Error("no clipboard"));
    write.then(function () {
      var label = button.getAttribute("data-label") || button.textContent;
      button.setAttribute("data-label", label);
      button.textContent = "Copied";
      button.classList.add("opdhub-card__cite--done");
      announce("BibTeX of “" + title + "” copied");
      window.setTimeout(function () {
        button.textContent = label;
        button.classList.remove("opdhub-card__cite--done");
      }, 2000);
    }, function () {
      showDialog(title, text); // the clipboard was refused: let the reader copy it
    });
  }

  function citeDialog() {
    var dialog = document.getElementById("opdhub:cite-dialog");
    if (dialog) return dialog;
    var copy = el("button", { type: "button", class: "opdhub-button opdhub-button--primary", "data-opdhub-copy": "", text: "Copy" });
    var close = el("button", { type: "submit", class: "opdhub-button", value: "close", text: "Close" });
    dialog = el("dialog", { id: "opdhub:cite-dialog", class: "opdhub-dialog", "aria-labelledby": "opdhub:cite-title" }, [
      el("form", { method: "dialog" }, [
        el("p", { id: "opdhub:cite-title", class: "opdhub-dialog__title" }),
        el("p", { class: "opdhub-dialog__hint", text: "The BibTeX entry is selected: copy it with Ctrl+C (⌘C on a Mac)." }),
        el("textarea", { readonly: "", rows: "10", spellcheck: "false", "aria-label": "BibTeX" }),
        el("div", { class: "opdhub-dialog__actions" }, [copy, close]),
      ]),
    ]);
    copy.addEventListener("click", function () {
      var area = dialog.querySelector("textarea");
      area.focus();
      area.select();
      var done = function () { copy.textContent = "Copied"; };
      var legacy = function () {
        try { if (document.execCommand("copy")) done(); } catch (error) { /* the text stays selected */ }
      };
      if (navigator.clipboard && navigator.clipboard.writeText) navigator.clipboard.writeText(area.value).then(done, legacy);
      else legacy();
    });
    document.body.appendChild(dialog);
    return dialog;
  }

  function showDialog(title, text) {
    var dialog = citeDialog();
    dialog.querySelector(".opdhub-dialog__title").textContent = "Cite “" + title + "”";
    dialog.querySelector("[data-opdhub-copy]").textContent = "Copy";
    var area = dialog.querySelector("textarea");
    area.value = text;
    if (typeof dialog.showModal === "function") {
      if (!dialog.open) dialog.showModal();
    } else {
      dialog.setAttribute("open", "");
    }
    area.focus();
    area.select();
  }

  // -- start -------------------------------------------------------------------------------------------
  /* Material opens its own search when a page is opened with ?q= (and drops q from the URL when
   * that search closes). On a page with a filter, q is the filter's search: close Material's
   * search again and keep the URL as it was. Runs as soon as this script does, right after
   * Material's bundle, so the overlay never shows. */
  function keepFilterQuery() {
    var toggle = document.querySelector('[data-md-toggle="search"]');
    if (!toggle || !toggle.checked || !document.querySelector("[data-opdhub-filter]")) return;
    if (!new URLSearchParams(location.search).has("q")) return;
    var url = location.pathname + location.search + location.hash;
    toggle.checked = false;
    toggle.dispatchEvent(new Event("change"));
    window.history.replaceState(window.history.state, "", url);
    var input = document.querySelector('[data-md-component="search-query"]');
    if (input) {
      input.value = "";
      input.blur();
    }
  }

  /* Our element ids are "opdhub:…" and card anchors "paper:<id>": no paper id and no heading can
   * take either (neither has a colon), so a paper cannot clobber the page. Older links name a card
   * by its bare id (papers/#<id>) or as #paper-<id>: rewrite them to the card's anchor (landOnHash
   * then puts the card at the top). */
  function followBareAnchor() {
    var id;
    try { id = decodeURIComponent(location.hash.slice(1)); } catch (error) { return; }
    if (!id || document.getElementById(id)) return;
    var found = [id, id.replace(/^paper-/, "")].filter(function (name) { return document.getElementById("paper:" + name); })[0];
    if (!found) return;
    window.history.replaceState(window.history.state, "", location.pathname + location.search + "#paper:" + encodeURIComponent(found));
  }

  // -- links that land: #paper:<id> puts that card at the top of the view ------------------------
  /** The paper id a fragment names: the card anchor ``#paper:<id>``, or an older ``#<id>`` or
   * ``#paper-<id>`` that names no other element of the page, when a card of this page has it. */
  function paperIdOf(hash) {
    var name;
    try { name = decodeURIComponent(String(hash || "").replace(/^#/, "")); } catch (error) { return null; }
    if (!name) return null;
    var candidates = name.indexOf("paper:") === 0 ? [name.slice("paper:".length)]
      : document.getElementById(name) ? [] : [name, name.replace(/^paper-/, "")];
    for (var i = 0; i < candidates.length; i++) {
      if (document.querySelector('[data-paper-id="' + CSS.escape(candidates[i]) + '"]')) return candidates[i];
    }
    return null;
  }

  /**
   * Scroll so the card of ``id`` is at the top, once it is shown, the web fonts are in and the
   * cards above it are laid out (cards off screen are laid out late: content-visibility), and
   * again over the next frames while its place still moves.
   */
  function landOn(view, id) {
    var card = view ? view.reveal(id) : document.querySelector('[data-paper-id="' + CSS.escape(id) + '"]');
    if (!card) return;
    var fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
    fonts.then(function () {
      var stable = 0;
      var frames = 0;
      var last = null;
      var settle = function () {
        card.scrollIntoView({ block: "start" });
        var top = Math.round(card.getBoundingClientRect().top);
        stable = top === last ? stable + 1 : 0;
        last = top;
        if (stable < 3 && ++frames < 60) window.requestAnimationFrame(settle);
      };
      settle();
      card.classList.add("opdhub-card--target");
      if (view && view.landed && view.landed !== card) view.landed.classList.remove("opdhub-card--target");
      if (view) view.landed = card;
    });
  }

  function viewOf(card) {
    for (var i = 0; i < views.length; i++) {
      if (views[i].model && views[i].cards.some(function (entry) { return entry.el === card; })) return views[i];
    }
    return null;
  }

  /** Land on the paper the URL's fragment names, once the filter of its listing is ready. */
  function landOnHash() {
    var id = paperIdOf(location.hash);
    if (!id) return;
    var card = document.querySelector('[data-paper-id="' + CSS.escape(id) + '"]');
    var listing = card.closest("[data-opdhub-listing]");
    var key = listing && listing.getAttribute("data-opdhub-listing");
    var view = views.filter(function (v) { return v.root.getAttribute("data-opdhub-listing") === key; })[0];
    if (view && !view.model) {
      view.onReady = function () { landOn(view, id); };
      return;
    }
    landOn(view || viewOf(card), id);
  }

  // -- details in place: a card's button shows its summary, authors, venue, BibTeX and links -------
  var detailsSerial = 0;

  function onDetails(event) {
    var button = event.target.closest && event.target.closest("[data-opdhub-details]");
    if (!button) return;
    var card = button.closest("[data-paper-id]");
    var holder = button.closest("[data-opdhub-data]");
    if (!card || !holder) return;
    var panel = card.querySelector(".opdhub-card__details");
    var open = button.getAttribute("aria-expanded") !== "true";
    if (panel) {
      panel.hidden = !open;
      button.setAttribute("aria-expanded", String(open));
      return;
    }
    var url = absolute(holder.getAttribute("data-opdhub-data"));
    var id = card.getAttribute("data-paper-id");
    loadData(url).then(function (data) {
      var record = recordOf(data, id);
      // the BibTeX shown in the details comes from the full data file, when the listing's is lean
      return loadFull(holder, record ? [record] : []).then(function (full) {
        return (full && recordOf(full, id)) || record;
      }, function () { return record; });
    }).then(function (record) {
      if (!record || card.querySelector(".opdhub-card__details")) return;
      var root = card.closest("[data-opdhub-root]");
      panel = detailsPanel(record, new URL(root ? root.getAttribute("data-opdhub-root") : "", location.href));
      panel.id = "opdhub:details-" + (++detailsSerial);
      button.setAttribute("aria-controls", panel.id);
      card.appendChild(panel);
      button.setAttribute("aria-expanded", "true");
    });
  }

  /** The details of one paper, built from papers.json as text nodes (contributor text stays text). */
  function detailsPanel(record, base) {
    var rows = [];
    var add = function (label, node) {
      if (node) rows.push(el("dt", { text: label }), el("dd", {}, [node]));
    };
    var text = function (value) { return value ? document.createTextNode(String(value)) : null; };
    var link = function (href, label) {
      return /^https?:\/\//i.test(String(href || "")) ? el("a", { href: href, rel: "noopener", text: label || href }) : null;
    };
    // The abstract has its own fold on the card (cards.js): not a second time here.
    add("Summary", record.summary ? el("p", { text: record.summary }) : null);
    add("Authors", text((record.authors || []).map(displayName).join(", ")));
    var venue = record.raw && record.raw.venue !== undefined ? record.raw.venue : record.venue;
    add("Venue", text(Array.isArray(venue) ? venue.join(", ") : venue));
    add("Date", text(record.date || record.year));
    var links = [];
    if (record.link) links.push(link(record.link, "Paper"));
    if (record.arxiv) links.push(link("https://arxiv.org/abs/" + encodeURI(record.arxiv), "arXiv:" + record.arxiv));
    if (record.doi) links.push(link("https://doi.org/" + encodeURI(record.doi), "DOI " + record.doi));
    (record.code || []).forEach(function (href, i) { links.push(link(href, "Code" + (record.code.length > 1 ? " " + (i + 1) : ""))); });
    if (record.url && !/#/.test(record.url)) links.push(link(new URL(record.url, base).href, "Paper page"));
    links = links.filter(Boolean);
    if (links.length) {
      var list = el("span", { class: "opdhub-card__detail-links" });
      links.forEach(function (a) { list.appendChild(a); });
      add("Links", list);
    }
    if (record.bibtex) add("BibTeX", el("pre", { class: "opdhub-card__bibtex" }, [el("code", { text: String(record.bibtex).trim() })]));
    return el("div", { class: "opdhub-card__details" }, [el("dl", {}, rows)]);
  }

  function displayName(author) {
    var parts = String(author).split(",");
    return parts.length === 2 && parts[1].trim() ? parts[1].trim() + " " + parts[0].trim() : String(author);
  }

  var views = [];

  function init() {
    followBareAnchor();
    views.forEach(function (view) { view.destroy(); });
    views = Array.prototype.map.call(document.querySelectorAll("[data-opdhub-filter]"), function (root, i) {
      return new FilterView(root, i === 0);
    });
    landOnHash();
    // Cite on a page without a filter: fetch the data early so a click can copy at once.
    var holder = document.querySelector("[data-opdhub-cite]") && document.querySelector("[data-opdhub-data]");
    if (holder && !views.length) {
      var later = window.requestIdleCallback || function (fn) { return window.setTimeout(fn, 200); };
      later(function () { loadData(absolute(holder.getAttribute("data-opdhub-data"))).catch(function () {}); });
    }
  }

  keepFilterQuery();
  window.addEventListener("hashchange", followBareAnchor);
  window.addEventListener("popstate", function () {
    views.forEach(function (view) { if (view.primary) view.fromLocation(); });
  });
  document.addEventListener("click", onCite);
  document.addEventListener("click", onDetails);
  document.addEventListener("pointerover", warmFull, { passive: true });
  document.addEventListener("focusin", warmFull);
  window.addEventListener("hashchange", landOnHash);
  // A link to a card of this page when the URL already has that fragment: no hashchange comes.
  document.addEventListener("click", function (event) {
    var link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.pathname !== location.pathname || link.hash !== location.hash || !paperIdOf(link.hash)) return;
    event.preventDefault();
    landOnHash();
  });

  window.OpdhubPage.onPage(init);
})();
