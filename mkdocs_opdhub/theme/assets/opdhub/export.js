/* mkdocs-opdhub: "Export": the papers a filter view shows, in its order, as BibTeX, CSV or JSON.
 * Methods of FilterView (filter-view.js), mixed into its prototype. */
import * as core from "./filter-core.js";
import { record as recordOf, loadFull } from "./data.js";
import { announce, download } from "./dom.js";
import { plural } from "./text.js";

export const exporting = {
  // -- export ------------------------------------------------------------------------------------------
  /** The records of the current view, in its order, with absolute card URLs (from ``full`` when given). */
  visibleRecords(full) {
    const model = this.model;
    const visible = this.result.visible;
    const base = this.rootUrl;
    return core
      .order(model, this.sort, this.result.scores)
      .indexes.filter(function (p) {
        return visible[p];
      })
      .map(function (p) {
        const record = Object.assign({}, (full && recordOf(full, String(model.records[p].id))) || model.records[p]);
        if (record.url) record.url = new URL(record.url, base).href;
        return record;
      });
  },

  exportView(format) {
    const self = this;
    const name = "papers";
    // CSV has no BibTeX column: the lean records make the same file.
    const full = format === "csv" ? Promise.resolve(null) : loadFull(this.root, this.model.records);
    full.then(
      function (data) {
        if (self.destroyed) return;
        const records = self.visibleRecords(data);
        if (format === "bib") {
          download(name + ".bib", "application/x-bibtex;charset=utf-8", core.toBibTeX(records));
        } else if (format === "csv") {
          const fields = (self.data.facets || []).map(function (f) {
            return f.field;
          });
          download(name + ".csv", "text/csv;charset=utf-8", core.toCSV(records, fields));
        } else {
          const meta = { generator: self.data.generator, source: location.href };
          download(name + ".json", "application/json;charset=utf-8", core.toJSON(records, meta));
        }
        announce("Exported " + plural(records.length, "paper") + " as " + format.toUpperCase());
      },
      function (error) {
        announce("The export could not load the citations");
        if (window.console) console.warn("opdhub: export:", error);
      },
    );
  },
};
