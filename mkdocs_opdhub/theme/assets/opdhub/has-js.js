/* mkdocs-opdhub: loaded in the head, so the filter (shown only with scripts) is there from the first paint. */
document.documentElement.classList.add("opdhub-js");
