/* mkdocs-opdhub: a card's "Details" button: the card template's Details panel, filled from the
 * paper's record (its BibTeX from the full data file when the listing's is lean), in place. */
import { context, detailsPanel } from "./card.js";
import { dataUrlOf, fullRecord, load } from "./data.js";

let serial = 0;

export function onDetails(event) {
  const button = event.target.closest && event.target.closest("[data-opdhub-details]");
  if (!button) return;
  const card = button.closest("[data-paper-id]");
  const holder = button.closest("[data-opdhub-data]");
  if (!card || !holder) return;
  const open = button.getAttribute("aria-expanded") !== "true";
  const known = button.getAttribute("aria-controls") && document.getElementById(button.getAttribute("aria-controls"));
  if (known) {
    known.hidden = !open;
    button.setAttribute("aria-expanded", String(open));
    return;
  }
  if (button.hasAttribute("data-opdhub-loading")) return;
  button.setAttribute("data-opdhub-loading", "");
  const id = card.getAttribute("data-paper-id");
  const rootAttr = (card.closest("[data-opdhub-root]") || holder).getAttribute("data-opdhub-root") || "";
  Promise.all([load(dataUrlOf(holder)), fullRecord(holder, id)])
    .then(([data, rec]) => {
      if (!rec) return;
      const panel = detailsPanel(rec, context(data, rootAttr), new URL(rootAttr, location.href));
      if (!panel) return;
      panel.id = `opdhub:details-${++serial}`;
      button.setAttribute("aria-controls", panel.id);
      card.appendChild(panel);
      button.setAttribute("aria-expanded", "true");
    })
    .finally(() => button.removeAttribute("data-opdhub-loading"));
}
