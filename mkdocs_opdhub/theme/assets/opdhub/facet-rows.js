/* mkdocs-opdhub: a filter view's facet rows: reading them from the page, their checkboxes,
 * counts and year range kept in step with the view, the keyboard inside them (one Tab stop per
 * facet: roving tabindex, arrows inside, Enter toggles too) and the chips of the active filters.
 * Methods of FilterView (filter-view.js), mixed into its prototype. */
import * as core from "./filter-core.js";
import { el } from "./dom.js";
import { kindOf } from "./facet-kinds.js";
import { plural } from "./text.js";

export const MORE_VALUES = "[data-opdhub-more]";
export const ROVING = 'input[type="checkbox"], ' + MORE_VALUES; // what the arrow keys move between in a facet
const MOVES = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1, Home: -Infinity, End: Infinity };

export function readFacet(fieldset) {
  const legend = fieldset.querySelector("legend");
  const values = Array.prototype.map.call(fieldset.querySelectorAll('input[type="checkbox"]'), function (input) {
    const label = input.closest("label");
    const text = label && label.querySelector("[data-opdhub-value-label]");
    return {
      param: input.name,
      id: input.value,
      input: input,
      label: label,
      text: (text || label || input).textContent.trim(),
      count: label && label.querySelector("[data-opdhub-value-count]"),
    };
  });
  return {
    field: fieldset.getAttribute("data-opdhub-facet"),
    kind: fieldset.getAttribute("data-opdhub-kind") || "enum",
    label: legend ? legend.textContent.trim() : fieldset.getAttribute("data-opdhub-facet"),
    values: values,
    el: fieldset,
    from: fieldset.querySelector("[data-opdhub-year-from]"),
    to: fieldset.querySelector("[data-opdhub-year-to]"),
  };
}

/** The values a reader can reach in a facet: enabled, shown, then its "more" button. */
function rovingItems(fieldset) {
  return Array.prototype.filter.call(fieldset.querySelectorAll(ROVING), function (item) {
    return !item.disabled && (item.closest("label") || item).getClientRects().length > 0;
  });
}

export function rove(fieldset, target) {
  Array.prototype.forEach.call(fieldset.querySelectorAll(ROVING), function (item) {
    item.tabIndex = item === target ? 0 : -1;
  });
}

function chip(facet, text, param, ids) {
  const button = el(
    "button",
    {
      type: "button",
      class: "opdhub-active__chip",
      "data-opdhub-remove": "",
      "data-param": param,
      "data-values": ids.join(","),
      "aria-label": "Remove filter " + facet + ": " + text,
    },
    [
      el("span", { class: "opdhub-active__facet", text: facet + ":" }),
      document.createTextNode(" " + text + " "),
      el("span", { class: "opdhub-active__x", "aria-hidden": "true", text: "×" }),
    ],
  );
  return el("li", {}, [button]);
}

export const facetRows = {
  /** After a view change: the Tab stop of each facet is still a value that can be focused. */
  fixRoving() {
    this.facets.forEach(function (facet) {
      // A view changes which values are enabled, not which are shown: a Tab stop that stays
      // enabled stays, without asking for the layout (rovingItems measures).
      const stop = Array.prototype.filter.call(facet.el.querySelectorAll(ROVING), function (item) {
        return item.tabIndex === 0;
      })[0];
      if (stop && !stop.disabled) return;
      const items = rovingItems(facet.el);
      const current = items.filter(function (item) {
        return item.tabIndex === 0;
      })[0];
      if (!current && items.length) rove(facet.el, items[0]);
    });
  },

  onKey(event) {
    const target = event.target;
    const fieldset = target.closest("[data-opdhub-facet]");
    if (!fieldset || target.tagName === "SELECT") return;
    if (event.key === "Enter" && target.matches('input[type="checkbox"]')) {
      event.preventDefault(); // a chip toggles on Enter as on Space
      target.click();
      return;
    }
    if (!(event.key in MOVES) || event.altKey || event.ctrlKey || event.metaKey) return;
    const items = rovingItems(fieldset);
    const at = items.indexOf(target);
    if (at === -1) return;
    event.preventDefault();
    const step = MOVES[event.key];
    const next =
      step === -Infinity ? 0 : step === Infinity ? items.length - 1 : (at + step + items.length) % items.length;
    rove(fieldset, items[next]);
    items[next].focus();
  },

  yearRange(fieldset) {
    const facet = this.facets.filter(function (f) {
      return f.el === fieldset;
    })[0];
    let from = facet.from.value ? Number(facet.from.value) : -Infinity;
    let to = facet.to.value ? Number(facet.to.value) : Infinity;
    if (from > to) {
      const swap = from;
      from = to;
      to = swap;
    }
    const state = { filters: Object.assign({}, this.state.filters), q: this.state.q, sort: this.state.sort };
    const param = facet.values.length ? facet.values[0].param : facet.field;
    let ids = facet.values
      .filter(function (v) {
        return Number(v.id) >= from && Number(v.id) <= to;
      })
      .map(function (v) {
        return v.id;
      });
    if (from === -Infinity && to === Infinity) ids = [];
    if (ids.length) state.filters[param] = ids;
    else delete state.filters[param];
    return state;
  },

  removeChip(button) {
    const param = button.getAttribute("data-param");
    const next = { filters: Object.assign({}, this.state.filters), q: this.state.q, sort: this.state.sort };
    if (param === "q") {
      next.q = "";
    } else {
      const drop = button.getAttribute("data-values").split(",");
      next.filters[param] = (next.filters[param] || []).filter(function (id) {
        return drop.indexOf(id) === -1;
      });
      if (!next.filters[param].length) delete next.filters[param];
    }
    const chips = Array.prototype.slice.call(this.activeEl.querySelectorAll("button"));
    const position = chips.indexOf(button);
    this.apply(next, "push");
    // Keep the keyboard where it was: on the next chip, else on the search box.
    const rest = this.activeEl.querySelectorAll("button");
    const focus = rest[Math.min(position, rest.length - 1)] || this.search;
    if (focus) focus.focus();
  },

  updateControls(result) {
    const state = this.state;
    const model = this.model;
    this.facets.forEach(function (facet, fi) {
      const counts = result.counts[fi];
      facet.values.forEach(function (value, vi) {
        const checked = core.isSelected(state, value.param, value.id);
        if (value.input.checked !== checked) value.input.checked = checked;
        const disabled = !checked && counts[vi] === 0;
        if (value.input.disabled !== disabled) value.input.disabled = disabled;
        if (value.count && value.shown !== counts[vi]) {
          // untouched text costs no restyle
          value.shown = counts[vi];
          value.count.textContent = String(counts[vi]);
        }
      });
      if (facet.from && facet.to) {
        const ids = state.filters[facet.values.length ? facet.values[0].param : facet.field] || [];
        const runs = ids.length ? core.yearRuns(model.facets[fi], ids) : [];
        const single = runs.length === 1 ? runs[0].split("-") : null;
        facet.from.value = single ? single[0] : "";
        facet.to.value = single ? single[single.length - 1] : "";
      }
    });
    if (this.search && this.search.value !== state.q && document.activeElement !== this.search)
      this.search.value = state.q;
    if (this.sortSelect) {
      if (this.relevanceOption) this.relevanceOption.disabled = !state.q.trim();
      if (this.sortSelect.value !== this.sort) this.sortSelect.value = this.sort;
    }
    const active = core.isActive(state);
    const count = result.total + " of " + plural(model.n, "paper");
    if (this.countEl && this.countEl.textContent !== count) this.countEl.textContent = count;
    Array.prototype.forEach.call(
      this.root.querySelectorAll(".opdhub-filter__status [data-opdhub-clear]"),
      function (button) {
        if (button.hidden === active) button.hidden = !active;
      },
    );
    if (this.emptyEl) this.emptyEl.hidden = result.total > 0;
    this.renderChips();
    if (this.panelToggle) {
      const n = this.activeEl ? this.activeEl.querySelectorAll("button[data-param]:not([data-param=q])").length : 0;
      const badge = this.panelToggle.querySelector("[data-opdhub-active-count]");
      if (badge) badge.textContent = n ? String(n) : "";
    }
  },

  renderChips() {
    if (!this.activeEl) return;
    const state = this.state;
    const model = this.model;
    const items = [];
    this.facets.forEach(function (facet, fi) {
      const byParam = {};
      facet.values.forEach(function (value) {
        if (core.isSelected(state, value.param, value.id))
          (byParam[value.param] = byParam[value.param] || []).push(value);
      });
      Object.keys(byParam).forEach(function (param) {
        kindOf(facet.kind)
          .activeChips(model.facets[fi], byParam[param])
          .forEach(function (active) {
            items.push(chip(facet.label, active.text, param, active.ids));
          });
      });
    });
    if (state.q.trim()) items.push(chip("Search", "“" + state.q.trim() + "”", "q", []));
    const signature = items
      .map(function (item) {
        return item.textContent;
      })
      .join("\n");
    if (signature === this.chipsShown) return;
    this.chipsShown = signature;
    this.activeEl.replaceChildren.apply(this.activeEl, items);
    this.activeEl.hidden = items.length === 0;
  },
};
