/* mkdocs-opdhub: the filter's "Skip to the results" link puts the keyboard on the first result:
 * the first card the view shows, its title link (the anchor after the filter when none shows).
 *
 * The click is taken in the capture phase and goes no further. Material's instant navigation
 * takes every click on a link to a page of the site, this one's fragment included, and follows
 * it a moment later by a fragment navigation of its own, which moves the focus to the anchor
 * after the filter or, when that navigation races with the page's own work, to <body>. The
 * filter's handler used to leave such clicks to it: it read the link's href attribute, which
 * Material had made absolute, so it never found the anchor. Handled from the moment the module
 * runs, not once the filter's data is in. */
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
  // .hash, not the attribute: Material's instant navigation makes the links of a page absolute
  const anchor = skip && skip.hash && document.getElementById(decodeURIComponent(skip.hash.slice(1)));
  if (!anchor) return;
  event.preventDefault();
  event.stopPropagation(); // see above: no other handler follows the link
  const filter = skip.closest("[data-opdhub-filter]");
  const view = views().find((v) => v.root === filter);
  if (view && view.flushCards) view.flushCards(); // the cards the view shows are in place now
  const target = firstResult(anchor, filter ? filter.getAttribute("data-opdhub-listing") || "" : "");
  if (!target.matches("a[href], button, input, select, textarea, [tabindex]")) target.tabIndex = -1;
  target.focus({ preventScroll: true });
  (target === anchor ? anchor : target.closest("[data-paper-id]")).scrollIntoView({ block: "start" });
}
