// Injected by scripts/build_offline.mjs into the offline bundles, where it stands for
// import.meta.url: the address the bundled module has on the site (offline/graph.js -> graph.js),
// from the bundle's own script element, which is known only while the bundle runs.
export const opdhubModuleUrl = document.currentScript.src.replace(/offline\/([^/]*)$/, "$1");
