/* mkdocs-opdhub: links that land on a card. ``#paper:<id>`` puts that card at the top of the
 * view (shown first if the filter's window or view left it out).
 *
 * Our element ids are "opdhub:…" and card anchors "paper:<id>": no paper id and no heading can
 * take either (neither has a colon), so a paper cannot clobber the page. Older links name a card
 * by its bare id (papers/#<id>) or as #paper-<id>: they are rewritten to the card's anchor. */
import { views } from "./views.js";

/** Rewrite an older fragment naming a card to the card's anchor. */
export function followBareAnchor() {
  let id;
  try {
    id = decodeURIComponent(location.hash.slice(1));
  } catch {
    return;
  }
  if (!id || document.getElementById(id)) return;
  const found = [id, id.replace(/^paper-/, "")].find((name) => document.getElementById(`paper:${name}`));
  if (!found) return;
  const url = `${location.pathname}${location.search}#paper:${encodeURIComponent(found)}`;
  window.history.replaceState(window.history.state, "", url);
}

/** The paper id a fragment names: the card anchor ``#paper:<id>``, or an older ``#<id>`` or
 *  ``#paper-<id>`` that names no other element of the page, when a card of this page has it. */
export function paperIdOf(hash) {
  let name;
  try {
    name = decodeURIComponent(String(hash || "").replace(/^#/, ""));
  } catch {
    return null;
  }
  if (!name) return null;
  const candidates = name.startsWith("paper:")
    ? [name.slice("paper:".length)]
    : document.getElementById(name)
      ? []
      : [name, name.replace(/^paper-/, "")];
  return candidates.find((id) => document.querySelector(`[data-paper-id="${CSS.escape(id)}"]`)) || null;
}

/**
 * Scroll so the card of ``id`` is at the top, once it is shown, the web fonts are in and the
 * cards above it are laid out (cards off screen are laid out late: content-visibility), and
 * again over the next frames while its place still moves.
 */
export function landOn(view, id) {
  const card = view ? view.reveal(id) : document.querySelector(`[data-paper-id="${CSS.escape(id)}"]`);
  if (!card) return;
  const fonts = document.fonts && document.fonts.ready ? document.fonts.ready : Promise.resolve();
  fonts.then(() => {
    let stable = 0;
    let frames = 0;
    let last = null;
    const settle = () => {
      card.scrollIntoView({ block: "start" });
      const top = Math.round(card.getBoundingClientRect().top);
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

/** Land on the paper the URL's fragment names, once the filter of its listing is ready. */
export function landOnHash() {
  const id = paperIdOf(location.hash);
  if (!id) return;
  const card = document.querySelector(`[data-paper-id="${CSS.escape(id)}"]`);
  const listing = card.closest("[data-opdhub-listing]");
  const key = listing && listing.getAttribute("data-opdhub-listing");
  const all = views();
  const view =
    all.find((v) => v.root.getAttribute("data-opdhub-listing") === key) ||
    all.find((v) => v.model && v.cards.some((entry) => entry.el === card));
  if (view && !view.model) {
    view.onReady = () => landOn(view, id);
    return;
  }
  landOn(view || null, id);
}

let listening = false;

/** Listen for fragments and links that name a card (once per page load of the module). */
export function listen() {
  if (listening) return;
  listening = true;
  window.addEventListener("hashchange", followBareAnchor);
  window.addEventListener("hashchange", landOnHash);
  // A link to a card of this page when the URL already has that fragment: no hashchange comes.
  document.addEventListener("click", (event) => {
    const link = event.target.closest && event.target.closest("a[href*='#']");
    if (!link || link.pathname !== location.pathname || link.hash !== location.hash || !paperIdOf(link.hash)) return;
    event.preventDefault();
    landOnHash();
  });
}
