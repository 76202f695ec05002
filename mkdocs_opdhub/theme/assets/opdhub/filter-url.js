/* mkdocs-opdhub: a filter view's state in the URL (the first filter of a page owns the query
 * string) and Material's own search, which must not take the filter's ?q=. */
import * as core from "./filter-core.js";

// -- start -------------------------------------------------------------------------------------------
/* Material opens its own search when a page is opened with ?q= (and drops q from the URL when
 * that search closes). On a page with a filter, q is the filter's search: close Material's
 * search again and keep the URL as it was. Runs as soon as this script does, right after
 * Material's bundle, so the overlay never shows. */
export function keepFilterQuery() {
  const toggle = document.querySelector('[data-md-toggle="search"]');
  if (!toggle || !toggle.checked || !document.querySelector("[data-opdhub-filter]")) return;
  if (!new URLSearchParams(location.search).has("q")) return;
  const url = location.pathname + location.search + location.hash;
  toggle.checked = false;
  toggle.dispatchEvent(new Event("change"));
  window.history.replaceState(window.history.state, "", url);
  const input = document.querySelector('[data-md-component="search-query"]');
  if (input) {
    input.value = "";
    input.blur();
  }
}

export const urlState = {
  /**
   * Write the view to the URL at once, before the view changes the page: history.pushState()
   * costs a few ms on a page whose styles are up to date, but with the cards' changes pending it
   * makes Chromium recompute them at once, and again for the frame (measured: +50 ms at 10,000
   * cards). Changes within one frame make one history entry (a push if any of them was one).
   */
  scheduleUrl(mode) {
    const self = this;
    const push = mode === "push" && !this.pushedInFrame;
    if (push) this.pushedInFrame = true;
    if (!this.urlFrame) {
      const next = function () {
        self.urlFrame = 0;
        self.pushedInFrame = false;
      };
      this.urlFrame = window.requestAnimationFrame(next);
      window.setTimeout(next, 200); // rAF does not run in a background tab
    }
    if (this.destroyed || location.pathname !== this.path) return;
    const query = core.toQuery(this.model, this.state, this.defaultSort, location.search);
    if (query === location.search) return;
    const url = location.pathname + query + location.hash;
    if (push) window.history.pushState(null, "", url);
    else window.history.replaceState(window.history.state, "", url);
  },

  /** Back/forward between views of this page. */
  fromLocation() {
    if (!this.model || location.pathname !== this.path) return;
    this.typing = false;
    this.apply(core.parseQuery(this.model, location.search, this.defaultSort), "none");
  },
};
