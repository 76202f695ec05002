// Injected by scripts/build_offline.mjs into the offline bundles, where it stands for
// import.meta.url: the address the bundled module has on the site (offline/graph.js -> graph.js),
// from the bundle's own script element, which is known only while the bundle runs. (Every bundle
// gets it; only graph.js reads it, so a bundle run without a script element still starts.)
const script = document.currentScript;
export const opdhubModuleUrl = script ? script.src.replace(/offline\/([^/]*)$/, "$1") : location.href;
