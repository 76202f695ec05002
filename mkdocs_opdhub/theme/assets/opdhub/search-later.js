/* mkdocs-opdhub: Material's search index (tens of KiB, the largest file of a page) is fetched
 * when the reader starts to search, not with every page. Material's script asks for it at start-up
 * with an XMLHttpRequest; this script, run just before Material's (site/assets.py), holds back that
 * one request until the search is used: a pointer or the focus on the search form or its header
 * button, Material's search toggle (its keyboard shortcuts open it), or a search or highlight
 * (?q=, ?h=) in the address. Material then builds its index as it always did; a query typed
 * meanwhile is answered once the index is in. A file, not an inline script, for a strict CSP. */
(function () {
  "use strict";
  const proto = XMLHttpRequest.prototype;
  const open = proto.open;
  let wanted = /[?&][qh]=/.test(location.search);
  let held = null; // sends the held-back request

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

  proto.open = function (method, url) {
    const path = new URL(url, location.href).pathname;
    if (/\/search\/search_index\.json$/.test(path)) {
      proto.open = open; // Material asks once per document: nothing else is held
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
