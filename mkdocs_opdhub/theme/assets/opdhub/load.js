/* mkdocs-opdhub: the scripts of a page reached by Material's instant navigation (site/assets.py).
 * A page's head lists its scripts, which run when the page is loaded; a page swapped in by instant
 * navigation runs only the scripts in its content, in no set order. This one, placed before the
 * feature that needs them, adds the scripts of data-opdhub-scripts that have not run yet, in order. */
(function () {
  "use strict";
  const me = document.currentScript;
  const done = window.OpdhubScripts || (window.OpdhubScripts = new Set());
  const wanted = ((me && me.getAttribute("data-opdhub-scripts")) || "")
    .split(" ")
    .filter(Boolean)
    .map(function (src) {
      return new URL(src, location.href).href;
    });
  if (document.readyState !== "complete") {
    // the page itself was loaded: its head's scripts run
    wanted.forEach(function (src) {
      done.add(src);
    });
    return;
  }
  const module = me.getAttribute("data-opdhub-type") === "module";
  const next = function () {
    const src = wanted.shift();
    if (src === undefined) return;
    if (done.has(src)) return next();
    done.add(src);
    const script = document.createElement("script");
    script.src = src;
    if (module) {
      // a module added by a script runs whenever it arrives: one after the other, then
      script.type = "module";
      script.onload = script.onerror = next;
    } else {
      script.async = false; // classic scripts added by a script run in the order they were added
    }
    document.body.appendChild(script);
    if (!module) next();
  };
  next();
})();
