/* mkdocs-opdhub: the entry module of pages with a facet filter (listings, the graph page).
 * Imports cards.js (Cite, Details, landing, cards of listings without a filter): a page with a
 * filter needs only this module. */
import "./cards.js";
import { FilterView } from "./filter-view.js";
import { keepFilterQuery } from "./filter-url.js";
import { landOnHash } from "./landing.js";
import { onPage } from "./page.js";
import { onSkip } from "./skip.js";
import { setViews, views } from "./views.js";

function init() {
  for (const view of views()) view.destroy();
  setViews(Array.from(document.querySelectorAll("[data-opdhub-filter]"), (root, i) => new FilterView(root, i === 0)));
  landOnHash();
}

// has-js.js marks the page from the head where the plugin adds it; where it is not (a page built
// by another engine from generated files) the filter marks it now that it runs.
document.documentElement.classList.add("opdhub-js");
keepFilterQuery();
window.addEventListener("popstate", () => {
  for (const view of views()) if (view.primary) view.fromLocation();
});
document.addEventListener("click", onSkip, true); // capture: before Material sees it (skip.js)
onPage(init);
