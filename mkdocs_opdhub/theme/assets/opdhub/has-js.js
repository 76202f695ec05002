/* mkdocs-opdhub: loaded in the head, so the filter (shown only with scripts) is there from the
 * first paint. A page opened from disk (file://) runs no module scripts (browsers refuse them
 * there): it is marked not scripted and keeps its full server-rendered listing. */
if (location.protocol !== "file:") document.documentElement.classList.add("opdhub-js");
