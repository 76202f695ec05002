/* mkdocs-opdhub: when the page's scripts start. Theme-agnostic: a module runs once, but with
 * Material's instant navigation each page it shows arrives through document$, which then calls
 * ``init`` again; elsewhere ``init`` runs once, when the page is parsed. */
export function onPage(init) {
  if (window.document$ && typeof window.document$.subscribe === "function") {
    window.document$.subscribe(init);
  } else if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
}
