/* mkdocs-opdhub: loaded in the head, so the filter (shown only with scripts) is there from the
 * first paint. The scripts are ES modules: where they cannot run (a page opened from disk,
 * file://, where browsers refuse them, or a browser without modules) the page is not marked
 * and keeps its full listing as built. */
if (location.protocol !== "file:" && "noModule" in HTMLScriptElement.prototype) {
  document.documentElement.classList.add("opdhub-js");
}
