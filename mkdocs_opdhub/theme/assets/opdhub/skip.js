/* mkdocs-opdhub: the filter's "Skip to the results" link puts the keyboard on the first result.
 *
 * Handled here, on the document, from the moment the module runs: not by the filter, which binds
 * its events only once its data is in (a skip before that was left to the browser, whose
 * fragment navigation moves no focus: it stayed on <body>). The first result is the first card
 * the view shows, its title link (the anchor after the filter when the view shows none). */
import { views } from "./views.js";

function firstResult(anchor, listing) {
  const groups = document.querySelectorAll(`[data-opdhub-group][data-opdhub-listing="${CSS.escape(listing)}"]`);
  for (const group of groups) {
    if (group.hidden) continue;
    for (const card of group.querySelectorAll("[data-paper-id]")) {
      if (card.hidden || card.closest("[hidden]")) continue;
      return card.querySelector("a[href]") || card;
    }
  }
  return anchor;
}

export function onSkip(event) {
  const skip = event.target.closest && event.target.closest("[data-opdhub-skip]");
  const anchor = skip && document.getElementById((skip.getAttribute("href") || "").slice(1));
  if (!anchor) return;
  event.preventDefault();
  const filter = skip.closest("[data-opdhub-filter]");
  const view = views().find((v) => v.root === filter);
  if (view && view.flushCards) view.flushCards(); // the cards the view shows are in place now
  const target = firstResult(anchor, filter ? filter.getAttribute("data-opdhub-listing") || "" : "");
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.tabIndex = -1;
  target.focus({ preventScroll: true });
  (target === anchor ? anchor : target.closest("[data-paper-id]")).scrollIntoView({ block: "start" });
}
