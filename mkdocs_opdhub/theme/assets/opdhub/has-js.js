/* mkdocs-opdhub: loaded in the head, so the filter (shown only with scripts) is there from the
 * first paint. The scripts are ES modules, which browsers refuse on pages opened from disk
 * (file://, Material's offline plugin): there this script loads, for each entry module the page
 * names, its classic bundle from offline/ instead (scripts/build_offline.mjs), and data.js reads
 * the data files' twin scripts. A browser without modules keeps the full listing as built. */
(function () {
  if (location.protocol !== "file:") {
    if ("noModule" in HTMLScriptElement.prototype) document.documentElement.classList.add("opdhub-js");
    return;
  }
  document.documentElement.classList.add("opdhub-js");
  // The bundled entries, each with the others its bundle holds (build_offline.mjs prints this).
  const BUNDLES = { "cards.js": [], "filter.js": ["cards.js"], "graph.js": [] };
  const base = document.currentScript.src.replace(/[^/]*$/, ""); // .../assets/opdhub/
  document.addEventListener("DOMContentLoaded", () => {
    const names = Array.from(document.querySelectorAll('script[type="module"][src]'), (s) => s.src)
      .filter((src) => src.startsWith(base) && !src.slice(base.length).includes("/"))
      .map((src) => src.slice(base.length).replace(/[?#].*$/, ""));
    const held = new Set(names.flatMap((name) => BUNDLES[name] || []));
    for (const name of names) {
      if (held.has(name) || !BUNDLES[name]) continue; // each bundle once, holding what it imports
      const script = document.createElement("script");
      script.src = `${base}offline/${name}`;
      script.async = false; // in the page's order
      document.head.append(script);
    }
  });
})();
