/* mkdocs-opdhub: when the other scripts start. Loaded before them (site/assets.py).
 * Theme-agnostic: with Material's instant navigation a script starts again on every page it
 * shows (document$), elsewhere once, when the page is parsed. */
(function () {
  "use strict";
  function onPage(init) {
    if (window.document$ && typeof window.document$.subscribe === "function") {
      window.document$.subscribe(init);
    } else if (document.readyState === "loading") {
      document.addEventListener("DOMContentLoaded", init);
    } else {
      init();
    }
  }
  window.OpdhubPage = { onPage: onPage };
})();
