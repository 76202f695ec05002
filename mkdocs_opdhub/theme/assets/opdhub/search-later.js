/* mkdocs-opdhub: Material's search index (tens of KiB, the largest file of a page) is fetched
 * when the reader starts to search, not with every page. Material's script asks for it at start-up
 * with an XMLHttpRequest; this script, run just before Material's (site/assets.py), holds back that
 * one request until the search is used: a pointer or the focus on the search form or its header
 * button, Material's search toggle (its keyboard shortcuts open it), or a search or highlight
 * (?q=, ?h=) in the address. Material then builds its index as it always did; a query typed
 * meanwhile is answered once the index is in. A file, not an inline script, for a strict CSP.
 *
 * Material also fetches and parses a site's sitemap.xml for every <link rel="alternate"> of a
 * page, taking each for another language's version of the site; a feed's link (RSS, JSON Feed,
 * Atom) is none, and its sitemap is the page's own, which instant navigation has already asked
 * for. Those extra requests end at once, as if aborted (Material then keeps no sitemap for the
 * feed, which no link leads into): no download, and no parse of the whole sitemap on the main
 * thread. A language's link keeps its request. */
(function () {
  "use strict";
  const proto = XMLHttpRequest.prototype;
  const open = proto.open;
  let wanted = /[?&][qh]=/.test(location.search);
  let held = null; // sends the held-back request
  let indexSeen = false;

  const want = function () {
    if (wanted) return;
    wanted = true;
    stop();
    if (held) held();
  };
  const onEvent = function (event) {
    const target = event.target;
    if (!(target instanceof Element)) return;
    if (target.id === "__search" || target.closest('form[name="search"], label[for="__search"], a[href*="h="]')) want();
  };
  const EVENTS = ["pointerdown", "focusin", "change", "click"]; // click: a link to ?h= followed by keyboard
  const stop = function () {
    EVENTS.forEach(function (type) {
      document.removeEventListener(type, onEvent, true);
    });
  };
  if (wanted) return;
  EVENTS.forEach(function (type) {
    document.addEventListener(type, onEvent, true);
  });

  const FEEDS = /^application\/(rss\+xml|atom\+xml|feed\+json|json)$/i;
  const sitemaps = new Map(); // sitemap URL -> requests of it still to let through

  /** Whether a request of ``href`` (a sitemap) is one Material makes for a feed's link. */
  const forFeed = function (href) {
    if (!sitemaps.has(href)) {
      // instant navigation's own request, and one per language link whose sitemap it is
      let allowed = 1;
      document.querySelectorAll("link[rel=alternate]").forEach(function (link) {
        const type = link.getAttribute("type") || "";
        if (!FEEDS.test(type) && new URL("sitemap.xml", link.href).href === href) allowed++;
      });
      sitemaps.set(href, allowed);
    }
    const left = sitemaps.get(href);
    sitemaps.set(href, left - 1);
    return left <= 0;
  };

  proto.open = function (method, url) {
    const where = new URL(url, location.href);
    const path = where.pathname;
    if (/\/sitemap\.xml$/.test(path) && forFeed(where.href)) {
      const xhr = this;
      xhr.send = function () {
        delete xhr.send;
        setTimeout(function () {
          xhr.dispatchEvent(new ProgressEvent("abort"));
        });
      };
    } else if (!indexSeen && /\/search\/search_index\.json$/.test(path)) {
      indexSeen = true; // Material asks once per document: nothing else is held
      if (!wanted) {
        const xhr = this;
        xhr.send = function () {
          const args = arguments;
          held = function () {
            delete xhr.send;
            proto.send.apply(xhr, args);
          };
          if (wanted) held();
        };
      }
    }
    return open.apply(this, arguments);
  };
})();
