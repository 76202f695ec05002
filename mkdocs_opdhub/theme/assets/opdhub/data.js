/* mkdocs-opdhub: the listings' data files, loaded once per page and shared by every module.
 *
 * A listing's data file (data-opdhub-data) may be lean (the records without their BibTeX, one
 * file for the whole site): data-opdhub-full then names the full papers.json, loaded only for
 * Cite, Export and Details, the first time one of them needs an entry.
 */

const pending = new Map(); // absolute data URL -> Promise of the parsed data
const loaded = new Map(); // absolute data URL -> the parsed data, once there
const indexes = new WeakMap(); // data -> Map paper id -> record

export function absolute(url) {
  return new URL(url, location.href).href;
}

function fetched(url) {
  return fetch(url, { credentials: "same-origin" }).then((response) => {
    if (!response.ok) throw new Error(`${url}: HTTP ${response.status}`);
    return response.json();
  });
}

/** A page opened from disk may not fetch() files but may load scripts: the build writes each
 * data file's twin script (papers.json -> papers.js), which files the data under its own URL. */
function fromTwin(url) {
  return new Promise((resolve, reject) => {
    const script = document.createElement("script");
    script.src = url.replace(/\.json(?=$|[?#])/, ".js");
    script.onload = () => {
      const data = window.OpdhubData && window.OpdhubData[script.src];
      if (data) resolve(data);
      else reject(new Error(`${script.src}: no data`));
    };
    script.onerror = () => reject(new Error(`${script.src}: not loaded`));
    document.head.append(script);
  });
}

/** A promise of the data file at ``url`` (absolute), loaded once. */
export function load(url) {
  if (!pending.has(url)) {
    const request = (location.protocol === "file:" ? fromTwin(url) : fetched(url)).then(
      (data) => {
        loaded.set(url, data);
        return data;
      },
      (error) => {
        pending.delete(url);
        throw error;
      },
    );
    pending.set(url, request);
  }
  return pending.get(url);
}

/** The data file at ``url`` when it is loaded already, else undefined. */
export function loadedData(url) {
  return loaded.get(url);
}

/** The record of paper ``id`` in ``data`` (null if none), through an index made on first use. */
export function record(data, id) {
  let byId = indexes.get(data);
  if (!byId) {
    byId = new Map(data.papers.map((r) => [String(r.id), r]));
    indexes.set(data, byId);
  }
  return byId.get(String(id)) || null;
}

/** The absolute URL of the data file of the listing holding ``element``. */
export function dataUrlOf(holder) {
  return absolute(holder.getAttribute("data-opdhub-data"));
}

function fullUrl(holder) {
  const full = holder && holder.getAttribute("data-opdhub-full");
  return full ? absolute(full) : null;
}

export function lacksBibtex(rec) {
  return Boolean(rec) && !Object.prototype.hasOwnProperty.call(rec, "bibtex");
}

/** ``rec`` as the full data file has it, when that file is needed and loaded already; else ``rec``. */
export function fullNow(holder, rec) {
  const url = lacksBibtex(rec) && fullUrl(holder);
  const full = url && loaded.get(url);
  return (full && record(full, String(rec.id))) || rec;
}

/** A promise of the full data file when any of ``records`` lacks its BibTeX, else of null. */
export function loadFull(holder, records) {
  const url = fullUrl(holder);
  return url && records.some(lacksBibtex) ? load(url) : Promise.resolve(null);
}

/** The record of paper ``id`` with its BibTeX (from the full file when the listing's is lean). */
export function fullRecord(holder, id) {
  return load(dataUrlOf(holder)).then((data) => {
    const rec = record(data, id);
    return loadFull(holder, rec ? [rec] : []).then(
      (full) => (full && record(full, id)) || rec,
      () => rec,
    );
  });
}

/** Start loading the full data file before a click needs it (a pointer or the focus on its way). */
export function warmFull(event) {
  const target =
    event.target.closest && event.target.closest("[data-opdhub-cite], .opdhub-filter__export, [data-opdhub-details]");
  const url = target && fullUrl(target.closest("[data-opdhub-full]"));
  if (url && !loaded.has(url)) load(url).catch(() => {});
}
