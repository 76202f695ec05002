/* mkdocs-opdhub: listing data and cards rendered from it.
 *
 * The build renders each card of a listing compact (the title linking to the paper's page, and
 * the year), so that a listing of 10,000 papers stays small and complete without JavaScript.
 * This script loads the listing's data file (data-opdhub-data: papers.json, or a file holding
 * only that listing's papers) and fills a card in (authors, date, venue, summary, abstract, chips, links,
 * Cite) when it is shown: the filter (filter.js) asks for the cards of its view; listings
 * without a filter are filled here. The paper page's "Copy BibTeX" button lives here too.
 * Everything from the data is set as text (textContent) or as a checked attribute value.
 */
(function () {
  "use strict";
  // A site opened from disk (file://, e.g. built with Material's offline plugin) cannot fetch():
  // there each data file comes from its twin script (papers.json -> papers.js, see loadScript).
  var fromDisk = location.protocol === "file:";
  if (!(window.fetch || fromDisk) || !window.Map) return;

  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var pending = new Map(); // absolute data URL -> Promise of the parsed data
  var loaded = new Map(); // absolute data URL -> the parsed data, once there
  var contexts = new WeakMap(); // data -> {root -> rendering context}

  function absolute(url) {
    return new URL(url, location.href).href;
  }

  /** A data file's twin script files the data under its own absolute URL (document.currentScript.src). */
  function loadScript(url) {
    var src = url.replace(/\.json(?=$|[?#])/, ".js");
    if (src === url) src = url + ".js";
    return new Promise(function (resolve, reject) {
      var script = document.createElement("script");
      script.src = src;
      script.onload = function () {
        var store = window.OpdhubData || {};
        var data = store[script.src];
        delete store[script.src]; // kept in `loaded` from here on
        script.remove();
        if (data) resolve(data);
        else reject(new Error(src + ": no data"));
      };
      script.onerror = function () { script.remove(); reject(new Error(src + ": not loaded")); };
      document.head.appendChild(script);
    });
  }

  function load(url) {
    if (!pending.has(url)) {
      pending.set(url, (fromDisk ? loadScript(url) : fetch(url, { credentials: "same-origin" })
        .then(function (response) {
          if (!response.ok) throw new Error(url + ": HTTP " + response.status);
          return response.json();
        }))
        .then(function (data) { loaded.set(url, data); return data; },
              function (error) { pending.delete(url); throw error; }));
    }
    return pending.get(url);
  }

  var indexes = new WeakMap(); // data -> Map paper id -> record

  /** The record of paper ``id`` in ``data`` (null if none), through an index made on first use. */
  function record(data, id) {
    var byId = indexes.get(data);
    if (!byId) {
      byId = new Map();
      data.papers.forEach(function (r) { byId.set(String(r.id), r); });
      indexes.set(data, byId);
    }
    return byId.get(String(id)) || null;
  }

  function el(tag, attrs, children) {
    var node = document.createElement(tag);
    Object.keys(attrs || {}).forEach(function (name) {
      if (name === "text") node.textContent = attrs[name];
      else node.setAttribute(name, attrs[name]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  function humanDate(text) {
    var parts = String(text || "").split("-");
    var month = Number(parts[1]);
    return parts.length >= 2 && month >= 1 && month <= 12 ? MONTHS[month - 1] + " " + parts[0] : String(text || "");
  }

  /** "Last, First" -> "First Last" (as the build's display_name). */
  function displayName(author) {
    var text = String(author);
    var comma = text.indexOf(",");
    if (comma < 0) return text;
    var last = text.slice(0, comma).trim();
    var first = text.slice(comma + 1).trim();
    return first && first.indexOf(",") === -1 ? first + " " + last : text;
  }

  function safeUrl(url) {
    var text = String(url || "").trim();
    return /^https?:\/\//i.test(text) && !/[\s<>"\x00-\x1f\x7f]/.test(text) ? text : "#";
  }

  function rawField(record, name) {
    return record.raw && Object.prototype.hasOwnProperty.call(record.raw, name) ? record.raw[name] : record[name];
  }

  /** What rendering a card of ``data`` needs, for a page whose site root is ``root``. */
  function context(data, root) {
    var byRoot = contexts.get(data);
    if (!byRoot) { byRoot = {}; contexts.set(data, byRoot); }
    if (byRoot[root]) return byRoot[root];
    var sections = new Map();
    (function walk(list) {
      (list || []).forEach(function (section) {
        sections.set(String(section.id), (section.number ? section.number + " " : "") + section.title);
        walk(section.sections);
      });
    })([].concat.apply([], (data.chapters || []).map(function (c) { return c.sections || []; })));
    var chips = (data.facets || []).filter(function (f) { return f.chips !== false; }).map(function (facet) {
      var values = new Map();
      (facet.values || []).forEach(function (v) { values.set(String(v.id), v); });
      return { field: facet.field, label: facet.label, values: values };
    });
    var authorsShown = typeof data.authors_shown === "number" ? data.authors_shown : 5;
    var kinds = new Map((data.kinds || []).map(function (k) { return [String(k.id), k.label]; }));
    byRoot[root] = { root: root, sections: sections, chips: chips, authorsShown: authorsShown, kinds: kinds };
    return byRoot[root];
  }

  /** Turn the compact card ``card`` into the full card of ``record`` (once). */
  function fill(card, record, ctx) {
    if (!record || card.hasAttribute("data-opdhub-filled")) return;
    var title = card.querySelector(".opdhub-card__title");
    var href = title && title.getAttribute("href");
    var badge = card.querySelector(".opdhub-badge-new"); // "New" is decided at build time: keep it
    var authors = record.authors || [];
    var shown = authors.length <= ctx.authorsShown + 1 ? authors : authors.slice(0, ctx.authorsShown);
    var hidden = authors.slice(shown.length);
    var meta = el("div", { class: "opdhub-card__meta" }, [
      shown.length ? el("span", { class: "opdhub-card__authors", text: shown.map(displayName).join(", ") }, [
        hidden.length ? el("details", { class: "opdhub-card__more" }, [
          el("summary", { text: "+" + hidden.length + " more" }),
          document.createTextNode(hidden.map(displayName).join(", ")),
        ]) : null,
      ]) : null,
      record.kind && record.kind !== "paper" && ctx.kinds.has(String(record.kind))
        ? el("span", { class: "opdhub-card__kind", "data-kind": String(record.kind), text: ctx.kinds.get(String(record.kind)) }) : null,
      record.date || rawField(record, "year") != null ? el("span", { class: "opdhub-card__date" }, [
        el("time", { datetime: record.date || String(record.year), text: humanDate(record.date || String(rawField(record, "year"))) }),
      ]) : null,
      rawField(record, "venue") ? el("span", { class: "opdhub-card__venue", text: rawField(record, "venue") }) : null,
    ]);
    var chipNodes = [];
    ctx.chips.forEach(function (facet) {
      var ids = record[facet.field];
      (Array.isArray(ids) ? ids : ids == null ? [] : [ids]).forEach(function (id) {
        id = String(id);
        if (id === "unclassified") return;
        var value = facet.values.get(id);
        var label = value ? value.label : id;
        var attrs = { class: "opdhub-chip", "data-facet": facet.field, "data-value": id,
                      title: value && value.description ? value.description : facet.label + ": " + label, text: label };
        if (value && value.url != null) attrs.href = ctx.root + value.url;
        chipNodes.push(el(attrs.href ? "a" : "span", attrs));
      });
    });
    // one section, or a list of them for an entry listed under several headings
    [].concat(record.section == null ? [] : record.section).forEach(function (section) {
      if (!ctx.sections.has(String(section))) return;
      chipNodes.push(el("span", { class: "opdhub-chip opdhub-chip--section", title: "Section",
                                  text: "§ " + ctx.sections.get(String(section)) }));
    });
    var links = [];
    if (record.arxiv) links.push(el("a", { href: "https://arxiv.org/abs/" + encodeURI(record.arxiv), rel: "noopener", text: "arXiv" }));
    if (record.doi) links.push(el("a", { href: "https://doi.org/" + encodeURI(record.doi), rel: "noopener", text: "DOI" }));
    (record.code || []).forEach(function (url, i, all) {
      links.push(el("a", { href: safeUrl(url), rel: "noopener", class: "opdhub-card__code",
                           text: "Code" + (all.length > 1 ? " " + (i + 1) : "") }));
    });
    links.push(el("button", { type: "button", class: "opdhub-card__toggle", "data-opdhub-details": "", "aria-expanded": "false",
                              "aria-label": "Details of " + record.title, text: "Details" }));
    links.push(el("button", { type: "button", class: "opdhub-card__cite", "data-opdhub-cite": "",
                              title: "Copy the BibTeX entry", "aria-label": "Cite " + record.title + ": copy its BibTeX", text: "Cite" }));
    links.push(el("a", { href: "#paper:" + record.id, class: "opdhub-card__permalink", title: "Link to this paper",
                         "aria-label": "Link to " + record.title, text: "#" }));
    var children = [
      el("div", { class: "opdhub-card__title" }, [badge, title && title.tagName !== "A"  // no page and no link: text
        ? document.createTextNode(record.title) : el("a", { href: href || ctx.root + (record.url || ""), text: record.title })].filter(Boolean)),
      meta,
      record.summary ? el("p", { class: "opdhub-card__summary", text: record.summary }) : null,
      // The authors' abstract, folded: text nodes only (it comes from an API, via the paper file).
      record.abstract ? el("details", { class: "opdhub-card__abstract" }, [
        el("summary", { text: "Abstract" }), el("p", { text: record.abstract })]) : null,
      el("div", { class: "opdhub-card__foot" }, [
        chipNodes.length ? el("span", { class: "opdhub-chips" }, chipNodes) : null,
        el("span", { class: "opdhub-card__links" }, links),
      ]),
    ];
    card.replaceChildren.apply(card, children.filter(Boolean));
    card.setAttribute("data-opdhub-filled", "");
  }

  /** Fill every card of the groups of a listing that has no filter of its own. */
  function fillListing(groups) {
    var url = absolute(groups[0].getAttribute("data-opdhub-data"));
    var root = groups[0].getAttribute("data-opdhub-root") || "";
    load(url).then(function (data) {
      var ctx = context(data, root);
      var cards = [];
      groups.forEach(function (group) {
        Array.prototype.push.apply(cards, group.querySelectorAll("[data-paper-id]"));
      });
      var step = function () {
        cards.splice(0, 200).forEach(function (card) { fill(card, record(data, card.getAttribute("data-paper-id")), ctx); });
        if (cards.length) window.requestAnimationFrame(step);
      };
      step();
    }, function (error) {
      if (window.console) console.warn("opdhub: cards stay compact:", error);
    });
  }

  function init() {
    var listings = new Map();
    Array.prototype.forEach.call(document.querySelectorAll("[data-opdhub-group]"), function (group) {
      var key = group.getAttribute("data-opdhub-listing") || "";
      if (!listings.has(key)) listings.set(key, []);
      listings.get(key).push(group);
    });
    listings.forEach(function (groups, key) {
      var filter = document.querySelector('[data-opdhub-filter][data-opdhub-listing="' + CSS.escape(key) + '"]');
      if (!filter || !window.OpdhubFilterCore) fillListing(groups);
    });
    Array.prototype.forEach.call(document.querySelectorAll("[data-opdhub-copy]"), function (button) {
      button.hidden = false;
    });
  }

  // The paper page's "Copy BibTeX": the entry is on the page already.
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-opdhub-copy]");
    if (!button) return;
    var source = document.getElementById(button.getAttribute("data-opdhub-copy"));
    if (!source || !navigator.clipboard) return;
    var label = button.getAttribute("data-label") || button.textContent;
    button.setAttribute("data-label", label);
    navigator.clipboard.writeText(source.textContent).then(function () {
      button.textContent = "Copied";
      window.setTimeout(function () { button.textContent = label; }, 2000);
    }, function () {
      var range = document.createRange();
      range.selectNodeContents(source);
      var selection = window.getSelection();
      selection.removeAllRanges();
      selection.addRange(range); // the entry is selected: the reader copies it with Ctrl+C
    });
  });

  window.OpdhubCards = {
    load: load, loaded: function (url) { return loaded.get(url); }, absolute: absolute,
    context: context, fill: fill, record: record,
  };

  window.OpdhubPage.onPage(init);
})();
