/* mkdocs-opdhub: a card drawn from the card template (opdhub/card.html) and a paper's record.
 *
 * The build draws each card of a listing with what it knows (badge, title, year) and, once per
 * listing, the same template with no paper (<script data-opdhub-card-template>). Here a
 * copy of that template is filled from the listing's data and takes the built card's place
 * (the element stays: the filter keeps hold of it). The template says where things go (see the
 * comment in card.html); data only ever becomes text (textContent) or a checked attribute value.
 */
import { displayName, fieldOf, humanDate, safeUrl } from "./text.js";

const contexts = new WeakMap(); // data -> {root -> rendering context}
const MARK = "data-opdhub-x"; // a filled slot, item or kept part, while a card is being filled

/** What filling a card of ``data`` needs, for a page whose site root is ``root``. */
export function context(data, root) {
  let byRoot = contexts.get(data);
  if (!byRoot) {
    byRoot = new Map();
    contexts.set(data, byRoot);
  }
  const template = cardTemplate(document.querySelector("script[data-opdhub-card-template]"));
  const known = byRoot.get(root);
  if (known && known.template === template) return known;
  const sections = new Map();
  const walk = (list) => {
    for (const section of list || []) {
      sections.set(String(section.id), (section.number ? `${section.number} ` : "") + section.title);
      walk(section.sections);
    }
  };
  for (const chapter of data.chapters || []) walk(chapter.sections);
  const chips = (data.facets || [])
    .filter((facet) => facet.chips !== false)
    .map((facet) => ({
      field: facet.field,
      label: facet.label,
      values: new Map((facet.values || []).map((v) => [String(v.id), v])),
    }));
  const ctx = {
    root,
    template,
    sections,
    chips,
    authorsShown: typeof data.authors_shown === "number" ? data.authors_shown : 5,
    kinds: new Map((data.kinds || []).map((k) => [String(k.id), k.label])),
  };
  byRoot.set(root, ctx);
  return ctx;
}

const templates = new WeakMap(); // <script data-opdhub-card-template> -> its <template>

/** The card template a listing carries: card.html rendered by the build with no paper, as a JSON
 *  string (the build's own markup, never data: data only ever goes in as text, below). */
function cardTemplate(holder) {
  if (!holder) return null;
  if (!templates.has(holder)) {
    const template = document.createElement("template");
    try {
      template.innerHTML = JSON.parse(holder.textContent);
    } catch (error) {
      console.warn("opdhub: the card template cannot be read:", error);
    }
    // a template with no slot (an override written for the build only) would erase the cards
    templates.set(holder, template.content.querySelector("[data-opdhub-slot]") ? template : null);
  }
  return templates.get(holder);
}

function slot(root, name) {
  return root.querySelector(`[data-opdhub-slot="${name}"]`);
}

/** ``text`` into slot ``name``; an empty text removes the slot's part (see card.html). */
function put(root, name, text) {
  const node = slot(root, name);
  if (!node) return null;
  if (text == null || String(text) === "") {
    (node.closest("[data-opdhub-part]") || node).remove();
    return null;
  }
  node.textContent = String(text);
  node.setAttribute(MARK, "");
  return node;
}

/** One copy of item ``name`` per entry of ``list``, each set up by ``fillItem(copy, entry, i)``. */
function items(root, name, list, fillItem) {
  const prototype = root.querySelector(`[data-opdhub-item="${name}"]`);
  if (!prototype) return;
  list.forEach((entry, i) => {
    const copy = prototype.cloneNode(true);
    copy.removeAttribute("data-opdhub-item");
    copy.setAttribute(MARK, "");
    if (fillItem(copy, entry, i) !== false) prototype.before(copy);
  });
  prototype.remove();
}

/** A named part kept (with ``href`` when given) or removed. */
function keepPart(root, name, keep, href) {
  const node = root.querySelector(`[data-opdhub-part="${name}"]`);
  if (!node) return null;
  if (!keep) {
    node.remove();
    return null;
  }
  if (href) node.setAttribute("href", href);
  node.setAttribute(MARK, "");
  return node;
}

/** Parts with nothing filled in go; the marks go. */
function settle(root, title) {
  const parts = Array.from(root.querySelectorAll("[data-opdhub-part]")).reverse(); // innermost first
  for (const part of parts) {
    if (!part.hasAttribute(MARK) && !part.querySelector(`[${MARK}]`)) part.remove();
  }
  for (const node of root.querySelectorAll(`[${MARK}]`)) node.removeAttribute(MARK);
  for (const node of root.querySelectorAll("[data-opdhub-aria]")) {
    node.setAttribute("aria-label", node.getAttribute("data-opdhub-aria").replace("{title}", title));
  }
}

function authorNames(rec) {
  return (rec.authors || []).map(displayName);
}

/** Turn the built card ``card`` into the full card of ``rec`` (once). */
export function fill(card, rec, ctx) {
  if (!rec || !ctx.template || card.hasAttribute("data-opdhub-filled")) return;
  const copy = ctx.template.content.firstElementChild.cloneNode(true);
  const title = String(rec.title);

  // What the build decided: where the title links to (or that it links nowhere), and "New".
  const builtTitle = card.querySelector('[data-opdhub-slot="title"]');
  const href = builtTitle ? builtTitle.getAttribute("href") : ctx.root + (rec.url || "");
  const builtNew = card.querySelector('[data-opdhub-part="new"]');
  const badge = keepPart(copy, "new", Boolean(builtNew));
  if (badge && builtNew.title) badge.title = builtNew.title;
  const titleSlot = put(copy, "title", title);
  if (titleSlot && href) titleSlot.setAttribute("href", href);
  else if (titleSlot) titleSlot.removeAttribute("href");

  const names = authorNames(rec);
  const shown = names.length <= ctx.authorsShown + 1 ? names : names.slice(0, ctx.authorsShown);
  const hidden = names.slice(shown.length);
  put(copy, "authors", shown.join(", "));
  put(copy, "more-count", hidden.length ? String(hidden.length) : "");
  put(copy, "more-names", hidden.join(", "));
  const kind = rec.kind && rec.kind !== "paper" ? String(rec.kind) : "";
  const kindSlot = put(copy, "kind", kind && ctx.kinds.get(kind));
  if (kindSlot) kindSlot.setAttribute("data-kind", kind);
  const year = fieldOf(rec, "year");
  const when = rec.date || (year != null ? String(year) : "");
  const date = put(copy, "date", when && humanDate(when));
  if (date) date.setAttribute("datetime", rec.date || String(rec.year));
  const venue = fieldOf(rec, "venue");
  put(copy, "venue", Array.isArray(venue) ? venue.join(", ") : venue);
  put(copy, "summary", rec.summary);
  put(copy, "abstract", rec.abstract); // text only: it comes from an API, via the paper file

  const chips = [];
  for (const facet of ctx.chips) {
    for (const id of [].concat(rec[facet.field] == null ? [] : rec[facet.field]).map(String)) {
      if (id !== "unclassified") chips.push({ facet, id, value: facet.values.get(id) });
    }
  }
  items(copy, "chip", chips, (node, { facet, id, value }) => {
    const label = value ? value.label : id;
    node.textContent = label;
    node.setAttribute("data-facet", facet.field);
    node.setAttribute("data-value", id);
    node.title = value && value.description ? value.description : `${facet.label}: ${label}`;
    if (value && value.url != null) node.setAttribute("href", ctx.root + value.url);
  });
  // one section, or a list of them for an entry listed under several headings
  const sections = []
    .concat(rec.section == null ? [] : rec.section)
    .map(String)
    .filter((s) => ctx.sections.has(s));
  items(copy, "section", sections, (node, section) => {
    const text = slot(node, "section");
    if (text) text.textContent = ctx.sections.get(section);
    else node.textContent = `§ ${ctx.sections.get(section)}`;
  });

  keepPart(copy, "arxiv", Boolean(rec.arxiv), rec.arxiv && `https://arxiv.org/abs/${encodeURI(rec.arxiv)}`);
  keepPart(copy, "doi", Boolean(rec.doi), rec.doi && `https://doi.org/${encodeURI(rec.doi)}`);
  const code = (rec.code || []).map(safeUrl).filter(Boolean);
  items(copy, "code", code, (node, url, i) => {
    node.setAttribute("href", url);
    if (code.length > 1) node.textContent += ` ${i + 1}`;
  });
  keepPart(copy, "permalink", true, `#paper:${rec.id}`);
  keepPart(copy, "details", false); // filled when a reader opens it (fillDetails)
  for (const button of copy.querySelectorAll("[data-opdhub-details], [data-opdhub-cite]"))
    button.setAttribute(MARK, "");
  settle(copy, title);

  for (const { name, value } of Array.from(copy.attributes)) {
    if (name !== "id" && name !== "data-paper-id" && !card.hasAttribute(name)) card.setAttribute(name, value);
  }
  card.className = copy.className;
  replaceKeepingTitle(card, copy);
  card.setAttribute("data-opdhub-filled", "");
}

/** ``card``'s children replaced by ``copy``'s; the built card's first element (the title line) stays
 *  the very same node when the copy's is equal to it: the browser then has nothing to paint anew
 *  there, and the title painted with the page stays its largest paint (not a new one per fill). */
function replaceKeepingTitle(card, copy) {
  const first = card.firstElementChild;
  const twin = copy.firstElementChild;
  if (!first || !twin || !first.isEqualNode(twin)) {
    card.replaceChildren(...copy.childNodes);
    return;
  }
  const before = [];
  for (let node = copy.firstChild; node !== twin; node = node.nextSibling) before.push(node);
  for (const node of Array.from(card.childNodes)) if (node !== first) node.remove();
  first.before(...before);
  twin.remove();
  first.after(...copy.childNodes);
}

/** The Details panel of ``rec`` (a copy of the template's, filled), or null when the template has none. */
export function detailsPanel(rec, ctx, base) {
  const prototype = ctx.template && ctx.template.content.querySelector('[data-opdhub-part="details"]');
  if (!prototype) return null;
  const panel = prototype.cloneNode(true);
  panel.removeAttribute("data-opdhub-part");
  put(panel, "details-summary", rec.summary); // the abstract has its own fold on the card
  put(panel, "details-authors", authorNames(rec).join(", "));
  const venue = fieldOf(rec, "venue");
  put(panel, "details-venue", Array.isArray(venue) ? venue.join(", ") : venue);
  put(panel, "details-date", rec.date || rec.year);
  const links = [];
  const add = (href, label) => {
    const url = safeUrl(href);
    if (url) links.push({ url, label: label || url });
  };
  if (rec.link) add(rec.link, "Paper");
  if (rec.arxiv) add(`https://arxiv.org/abs/${encodeURI(rec.arxiv)}`, `arXiv:${rec.arxiv}`);
  if (rec.doi) add(`https://doi.org/${encodeURI(rec.doi)}`, `DOI ${rec.doi}`);
  (rec.code || []).forEach((href, i) => add(href, `Code${rec.code.length > 1 ? ` ${i + 1}` : ""}`));
  if (rec.url && !rec.url.includes("#")) add(new URL(rec.url, base).href, "Paper page");
  items(panel, "details-link", links, (node, { url, label }) => {
    node.setAttribute("href", url);
    node.textContent = label;
  });
  put(panel, "details-bibtex", rec.bibtex && String(rec.bibtex).trim());
  settle(panel, String(rec.title));
  return panel;
}
