/* mkdocs-opdhub: the entry module of pages with paper cards (listings, paper pages).
 *
 * Fills the cards of listings that have no filter (a filter fills the cards of its view itself:
 * filter.js), and wires what every card offers: Cite, Details, links that land on a card, and
 * the paper page's "Copy BibTeX". */
import { context, fill } from "./card.js";
import { onCite, onCopy } from "./cite.js";
import { absolute, dataUrlOf, load, record, warmFull } from "./data.js";
import { onDetails } from "./details.js";
import { inSlices, whenIdle, whenNear } from "./dom.js";
import { followBareAnchor, landOnHash, listen } from "./landing.js";
import { onPage } from "./page.js";

/** Fill every card of the groups of a listing that has no filter of its own. The listing's data is
 *  fetched, and its cards filled a few at a time, once the reader nears the listing (the home
 *  page's recent papers lie below its first screen). */
function fillListing(groups) {
  const root = groups[0].getAttribute("data-opdhub-root") || "";
  whenNear(groups[0], () =>
    load(dataUrlOf(groups[0])).then(
      (data) => {
        const ctx = context(data, root);
        const cards = groups.flatMap((group) => Array.from(group.querySelectorAll("[data-paper-id]")));
        inSlices(cards, (card) => fill(card, record(data, card.getAttribute("data-paper-id")), ctx));
      },
      (error) => console.warn("opdhub: cards stay as built:", error),
    ),
  );
}

function init() {
  followBareAnchor();
  const listings = new Map();
  for (const group of document.querySelectorAll("[data-opdhub-group]")) {
    const key = group.getAttribute("data-opdhub-listing") || "";
    if (!listings.has(key)) listings.set(key, []);
    listings.get(key).push(group);
  }
  listings.forEach((groups, key) => {
    if (!document.querySelector(`[data-opdhub-filter][data-opdhub-listing="${CSS.escape(key)}"]`)) fillListing(groups);
  });
  for (const button of document.querySelectorAll("[data-opdhub-copy]")) button.hidden = false;
  if (document.querySelector("[data-opdhub-filter]")) return; // the filter lands once its view is ready
  landOnHash();
  // Cite on a page without a filter: fetch the data early so that a click can copy at once.
  const holder = document.querySelector("[data-opdhub-cite]") && document.querySelector("[data-opdhub-data]");
  if (holder) whenIdle(() => load(absolute(holder.getAttribute("data-opdhub-data"))).catch(() => {}), 200);
}

document.addEventListener("click", onCite);
document.addEventListener("click", onDetails);
document.addEventListener("click", onCopy);
document.addEventListener("pointerover", warmFull, { passive: true });
document.addEventListener("focusin", warmFull);
listen();
onPage(init);
