/* mkdocs-opdhub: the Graph page, drawn with Cytoscape.js (vendored, see vendor/cytoscape/VERSION).
 *
 * Positions come from graph.json, computed at build time, so the browser never lays out the
 * graph. Titles and facet values come from papers.json. The page's facet filter (the same one as
 * on listings, with the same URL state) announces each view in an "opdhub:view" event: papers
 * outside the view are hidden. Without JavaScript the page keeps its list of relations.
 *
 * The picture is first sketched on a plain canvas (a few milliseconds, nothing else loaded); the
 * library, and with it panning, zooming, tips and Find, comes on the reader's first move over the
 * graph or its controls, and takes over the same picture. So the page's first paint and first
 * input never wait for the library.
 *
 * Both data files come through data.js, which reads their twin scripts on a page opened from disk
 * (file://, where fetch() is refused); there has-js.js runs this module's classic bundle instead.
 */
import { absolute, load } from "./data.js";
import { onPage } from "./page.js";
import { fold } from "./text.js";

// The library sits next to this module, under the site root: a page's own way up leads to its
// language's folder with mkdocs-static-i18n (fr/assets/... does not exist). Taken while the module
// runs: in the offline bundle import.meta.url is the bundle's script, known only then.
const LIBRARY = new URL("vendor/cytoscape/cytoscape.min.js", import.meta.url).href;

(function () {
  "use strict";

  var SERIES = 10;
  var BIG = 2000; // from this many nodes on, pan and zoom move a cached picture (textureOnViewport)

  var probe = null;

  /** A CSS variable's colour in a form Cytoscape reads (#rrggbb or rgba(), never #rrggbbaa). */
  function css(name, fallback) {
    var value = getComputedStyle(document.body).getPropertyValue(name).trim() || fallback;
    probe = probe || document.createElement("canvas").getContext("2d");
    probe.fillStyle = fallback;
    probe.fillStyle = value;
    return probe.fillStyle;
  }

  function palette() {
    var out = [];
    for (var i = 0; i < SERIES; i++) out.push(css("--opdhub-series-" + i, "#888"));
    return { series: out, fg: css("--opdhub-fg", "#222"), faint: css("--opdhub-fg-lighter", "#999"),
             accent: css("--opdhub-accent", "#526cfe"), bg: css("--opdhub-bg", "#fff") };
  }

  function recordValues(record, facet) {
    if (facet.kind === "chapter") return [String(record.chapter)];
    var value = record[facet.field];
    if (value == null) return [];
    return Array.isArray(value) ? value.map(String) : [String(value)];
  }

  function GraphView(root) {
    this.root = root;
    this.canvas = root.querySelector("[data-opdhub-graph-canvas]");
    this.controls = root.querySelector(".opdhub-graph__controls");
    this.select = root.querySelector("[data-opdhub-graph-colour]");
    this.search = root.querySelector("[data-opdhub-graph-search]");
    this.status = root.querySelector("[data-opdhub-graph-status]");
    this.found = root.querySelector("[data-opdhub-graph-found]");
    this.tip = root.querySelector("[data-opdhub-graph-tip]");
    this.legend = root.querySelector("[data-opdhub-graph-legend]");
    this.list = root.querySelector("[data-opdhub-graph-list]");
    this.prefix = root.getAttribute("data-opdhub-root") || "";
    var self = this;
    var get = function (name) {
      return load(absolute(root.getAttribute(name)));
    };
    Promise.all([get("data-opdhub-graph-data"), get("data-opdhub-data")])
      .then(function (parts) { if (!self.destroyed) self.prepare(parts[0], parts[1]); })
      .catch(function (error) { off(root, error); });
  }

  /** The data in, the sketch drawn, the controls live; the library waits for the reader. */
  GraphView.prototype.prepare = function (graph, data) {
    var self = this;
    this.graph = graph;
    this.records = new Map();
    data.papers.forEach(function (record) { self.records.set(String(record.id), record); });
    this.facets = data.facets;
    this.hidden = new Set();
    this.canvas.hidden = false; // its room was kept from the first paint (discover.css): nothing moves
    this.controls.hidden = false;
    this.bindPage();
    var filter = document.querySelector("[data-opdhub-filter]");
    if (filter && filter.opdhubView) this.applyView(filter.opdhubView);
    this.colourBy(this.select.value);
    this.legend.hidden = false;
    if (this.list) this.list.open = false; // the picture says it now; the list stays one click away
    this.root.setAttribute("data-opdhub-drawn", "");
    var wake = function () { self.upgrade(); };
    ["pointerover", "pointerdown", "touchstart", "wheel", "focusin"].forEach(function (type) {
      self.canvas.addEventListener(type, wake, { once: true, passive: true });
      self.controls.addEventListener(type, wake, { once: true, passive: true });
    });
  };

  /** Load the library and hand the picture over to it (once). */
  GraphView.prototype.upgrade = function () {
    if (this.upgrading) return;
    this.upgrading = true;
    var self = this;
    loadLibrary(LIBRARY).then(function () {
      if (!self.destroyed && self.root.isConnected) self.start();
    }, function (error) { if (window.console) console.warn("opdhub: the graph stays a picture:", error); });
  };

  /** The graph drawn once from graph.json on a plain canvas under the library's (same framing,
   * sizes and colours): what the reader sees until the library takes over. */
  GraphView.prototype.sketch = function () {
    var width = this.canvas.clientWidth, height = this.canvas.clientHeight;
    if (this.cy || !width || !height) return;
    var picture = this.picture;
    if (!picture) {
      picture = this.picture = document.createElement("canvas");
      picture.className = "opdhub-graph__sketch";
      picture.setAttribute("aria-hidden", "true");
      this.canvas.appendChild(picture);
    }
    picture.width = width;
    picture.height = height;
    var hidden = this.hidden, graph = this.graph;
    var nodes = graph.nodes.filter(function (n) { return !hidden.has(n[0]); });
    var view = framing(nodes, width, height, 16);
    var ctx = picture.getContext("2d");
    ctx.clearRect(0, 0, width, height);
    if (!view) return;
    ctx.setTransform(view.zoom, 0, 0, view.zoom, view.pan.x, view.pan.y);
    var colours = palette();
    var edgeColours = edgeSeries(colours.series);
    ctx.globalAlpha = 0.55;
    ctx.lineWidth = 1;
    graph.edges.forEach(function (edge) {
      var a = graph.nodes[edge[0]], b = graph.nodes[edge[1]];
      if (hidden.has(a[0]) || hidden.has(b[0])) return;
      ctx.strokeStyle = edgeColours[edge[2] % SERIES];
      ctx.beginPath();
      ctx.moveTo(a[1], a[2]);
      ctx.lineTo(b[1], b[2]);
      ctx.stroke();
    });
    ctx.globalAlpha = 1;
    var fill = this.nodeColours(this.select.value, colours);
    nodes.forEach(function (n) {
      ctx.fillStyle = fill ? fill.get(n[0]) : colours.faint;
      ctx.beginPath();
      ctx.arc(n[1], n[2], nodeSize(n) / 2, 0, 2 * Math.PI);
      ctx.fill();
    });
  };

  function nodeSize(node) {
    return 6 + Math.min(10, 2.2 * Math.sqrt(node[3]));
  }

  /** Without the graph, its empty room and controls go: the list of relations stays. */
  function off(root, error) {
    Array.prototype.forEach.call(root.querySelectorAll(".opdhub-graph__controls, [data-opdhub-graph-canvas]"),
                                 function (el) { el.hidden = true; });
    if (window.console) console.warn("opdhub: the graph is off:", error);
  }

  /** Run ``steps`` one by one, each in a task of its own after the browser has had its turn
   * (input, painting): the page stays responsive while the graph is built. */
  function inSlices(steps, alive) {
    var later = window.requestIdleCallback
      ? function (fn) { window.requestIdleCallback(fn, { timeout: 200 }); }
      : function (fn) { window.setTimeout(fn, 0); };
    var next = function () {
      if (!steps.length || !alive()) return;
      steps.shift()();
      later(next);
    };
    later(next);
  }

  /** Relation types take the series colours from the fourth on (the first ones colour papers). */
  function edgeSeries(series) {
    return series.slice(3).concat(series.slice(0, 3));
  }

  var SLICE = 100; // elements added per task: well under 50 ms on a slow phone

  /** Zoom and pan that show every position in ``nodes`` (graph.json rows) in a box of width x height. */
  function framing(nodes, width, height, padding) {
    var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    nodes.forEach(function (n) {
      x0 = Math.min(x0, n[1]); y0 = Math.min(y0, n[2]); x1 = Math.max(x1, n[1]); y1 = Math.max(y1, n[2]);
    });
    if (!isFinite(x0)) return null;
    var margin = 16; // the largest node's radius, about
    x0 -= margin; y0 -= margin; x1 += margin; y1 += margin;
    var zoom = Math.min((width - 2 * padding) / (x1 - x0 || 1), (height - 2 * padding) / (y1 - y0 || 1));
    zoom = Math.max(0.02, Math.min(6, zoom));
    return { zoom: zoom, pan: { x: (width - zoom * (x0 + x1)) / 2, y: (height - zoom * (y0 + y1)) / 2 } };
  }

  GraphView.prototype.start = function () {
    if (typeof window.cytoscape !== "function") return;
    var self = this;
    var graph = this.graph;
    var colours = palette();
    var edgeColours = edgeSeries(colours.series);
    var nodes = graph.nodes.map(function (node) {
      var record = self.records.get(node[0]) || {};
      return { group: "nodes", data: { id: node[0], title: record.title || node[0], url: node[4], colour: "#888888",
        size: nodeSize(node), hay: fold([record.title, (record.authors || []).join(" "), node[0]].join(" ")) },
        position: { x: node[1], y: node[2] } };
    });
    var edges = graph.edges.map(function (edge, i) {
      var type = graph.types[edge[2]];
      return { group: "edges", data: { id: "e" + i, source: graph.nodes[edge[0]][0], target: graph.nodes[edge[1]][0],
        type: edge[2], colour: edgeColours[edge[2] % SERIES], directed: !type.derived && type.label !== type.inverse } };
    });
    var big = graph.nodes.length >= BIG;
    // Cytoscape injects an inline <style> unless an element with this id exists; a strict
    // Content-Security-Policy refuses inline styles, so its one rule lives in discover.css.
    if (!document.getElementById("__________cytoscape_stylesheet")) {
      var mark = document.createElement("meta");
      mark.id = "__________cytoscape_stylesheet";
      document.head.appendChild(mark);
    }
    // The viewport is set from the positions (cheap), not by Cytoscape's fit(), which measures every
    // element; the elements then arrive in slices, each task short.
    var hidden = this.hidden;
    var view = framing(graph.nodes.filter(function (n) { return !hidden.has(n[0]); }), this.canvas.clientWidth, this.canvas.clientHeight, 16) || { zoom: 1, pan: { x: 0, y: 0 } };
    this.cy = window.cytoscape({
      container: this.canvas, elements: [], zoom: view.zoom, pan: view.pan,
      minZoom: 0.02, maxZoom: 6, boxSelectionEnabled: false, autoungrabify: true,
      // one canvas pixel per CSS pixel: on a phone's dense screen "auto" draws three times the pixels
      textureOnViewport: big, hideEdgesOnViewport: big, pixelRatio: 1,
      style: this.style(colours),
    });
    window.opdhubGraph = this.cy; // for tests and the benchmark: node positions on screen
    var cy = this.cy;
    var steps = [];
    var add = function (part) { return function () { cy.add(part); }; };
    for (var i = 0; i < nodes.length; i += SLICE) steps.push(add(nodes.slice(i, i + SLICE)));
    for (var j = 0; j < edges.length; j += SLICE) steps.push(add(edges.slice(j, j + SLICE)));
    steps.push(function () {
      self.bindGraph();
      self.colourBy(self.select.value);
    });
    steps.push(function () {
      var filter = document.querySelector("[data-opdhub-filter]");
      if (filter && filter.opdhubView) self.applyView(filter.opdhubView);
      if (self.search.value) self.find(self.search.value); // typed while the library was coming
      cy.one("render", function () { // the library's picture is up: the sketch goes
        if (self.picture) self.picture.remove();
        self.picture = null;
      });
      self.root.setAttribute("data-opdhub-ready", "");
    });
    inSlices(steps, function () { return !self.destroyed; });
  };

  GraphView.prototype.style = function (colours) {
    return [
      { selector: "node", style: { width: "data(size)", height: "data(size)", "background-color": "data(colour)",
        "border-width": 0.5, "border-color": colours.bg } },
      { selector: "edge", style: { width: 1, "curve-style": "straight", opacity: 0.55,
        "line-color": "data(colour)" } },
      { selector: "edge[?directed]", style: { "target-arrow-shape": "triangle", "arrow-scale": 0.6,
        "target-arrow-color": "data(colour)" } },
      { selector: ".faded", style: { opacity: 0.12 } },
      { selector: "node.found", style: { "border-width": 3, "border-color": colours.fg, "z-index": 10 } },
      { selector: "node.hover", style: { "border-width": 3, "border-color": colours.accent, "z-index": 11 } },
      { selector: ".outside", style: { display: "none" } },
    ];
  };

  /** What works with the sketch already: colours, the filter's view, the palette. */
  GraphView.prototype.bindPage = function () {
    var self = this;
    this.select.addEventListener("change", function () { self.colourBy(self.select.value); });
    this.search.addEventListener("input", function () { if (self.cy) self.find(self.search.value); else self.upgrade(); });
    this.search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") {
        event.preventDefault();
        var first = self.found.querySelector("a");
        if (first) self.focusNode(first.getAttribute("data-id"));
      }
    });
    this.found.addEventListener("focusin", function (event) {
      var link = event.target.closest("a[data-id]");
      if (link) self.focusNode(link.getAttribute("data-id"), true);
    });
    this.found.addEventListener("focusout", function () { self.hideTip(); });
    document.addEventListener("opdhub:view", this.onView = function (event) { self.applyView(event.detail); });
    // Material switches palettes on body[data-md-color-scheme]: recolour with the new variables.
    this.observer = new MutationObserver(function () {
      var cy = self.cy;
      if (!cy) {
        self.colourBy(self.select.value);
        return;
      }
      var colours = palette();
      var edgeColours = edgeSeries(colours.series);
      cy.batch(function () {
        cy.edges().forEach(function (edge) { edge.data("colour", edgeColours[edge.data("type") % SERIES]); });
      });
      cy.style(self.style(colours));
      self.colourBy(self.select.value);
    });
    this.observer.observe(document.body, { attributes: true, attributeFilter: ["data-md-color-scheme"] });
  };

  /** The library's events: open, tips. */
  GraphView.prototype.bindGraph = function () {
    var self = this;
    var cy = this.cy;
    cy.on("tap", "node", function (event) { self.open(event.target); });
    cy.on("mouseover", "node", function (event) { self.showTip(event.target); });
    cy.on("mouseout", "node", function () { self.hideTip(); });
    cy.on("viewport", function () { self.hideTip(); });
  };

  GraphView.prototype.destroy = function () {
    this.destroyed = true;
    if (this.onView) document.removeEventListener("opdhub:view", this.onView);
    if (this.observer) this.observer.disconnect();
    if (this.cy) this.cy.destroy();
  };

  GraphView.prototype.open = function (node) {
    location.href = new URL(this.prefix + node.data("url"), location.href).href;
  };

  GraphView.prototype.facet = function (field) {
    return this.facets.filter(function (f) { return f.field === field; })[0];
  };

  /** Paper id -> its colour when coloured by ``field`` (its first value's series colour). */
  GraphView.prototype.nodeColours = function (field, colours) {
    var facet = this.facet(field);
    if (!facet) return null;
    var position = new Map();
    facet.values.forEach(function (value, i) { position.set(String(value.id), i); });
    var out = new Map();
    var self = this;
    this.graph.nodes.forEach(function (node) {
      var ids = recordValues(self.records.get(node[0]) || {}, facet);
      var i = ids.length ? position.get(ids[0]) : undefined;
      out.set(node[0], i === undefined ? colours.faint : colours.series[i % SERIES]);
    });
    return out;
  };

  GraphView.prototype.colourBy = function (field) {
    var facet = this.facet(field);
    if (!facet) return;
    var colours = palette();
    var cy = this.cy;
    if (cy) {
      var fill = this.nodeColours(field, colours);
      cy.batch(function () {
        cy.nodes().forEach(function (node) { node.data("colour", fill.get(node.id())); });
      });
    } else {
      this.sketch();
    }
    this.renderLegend(facet, colours.series);
  };

  GraphView.prototype.renderLegend = function (facet, colours) {
    var legend = this.legend;
    legend.textContent = "";
    var list = document.createElement("ul");
    list.className = "opdhub-graph__keys";
    facet.values.forEach(function (value, i) {
      if (!value.count) return;
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "opdhub-chart__swatch opdhub-series-" + (i % SERIES);
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(value.label));
      list.appendChild(item);
    });
    var edges = document.createElement("ul");
    edges.className = "opdhub-graph__keys opdhub-graph__keys--edges";
    var used = new Set(this.graph.edges.map(function (e) { return e[2]; }));
    this.graph.types.forEach(function (type, i) {
      if (!used.has(i)) return;
      var item = document.createElement("li");
      var swatch = document.createElement("span");
      swatch.className = "opdhub-graph__line opdhub-series-" + ((i + 3) % SERIES);
      swatch.setAttribute("aria-hidden", "true");
      item.appendChild(swatch);
      item.appendChild(document.createTextNode(type.label));
      edges.appendChild(item);
    });
    legend.appendChild(list);
    legend.appendChild(edges);
  };

  GraphView.prototype.applyView = function (view) {
    var hidden = new Set();
    view.records.forEach(function (record, p) { if (view.visible[p] !== 1) hidden.add(String(record.id)); });
    this.hidden = hidden;
    var cy = this.cy;
    var total = this.graph.nodes.length;
    var shown = total - hidden.size;
    if (cy) {
      cy.batch(function () {
        cy.nodes().forEach(function (node) { node.toggleClass("outside", hidden.has(node.id())); });
      });
      if (shown && hidden.size !== (this.hiddenCount || 0)) { // frame what is left
        var frame = framing(this.graph.nodes.filter(function (n) { return !hidden.has(n[0]); }),
                            this.canvas.clientWidth, this.canvas.clientHeight, 16);
        if (frame) cy.viewport(frame);
      }
    } else {
      this.sketch();
    }
    this.hiddenCount = hidden.size;
    this.root.setAttribute("data-opdhub-shown", String(shown));
    this.say(shown + " of " + total + " papers shown");
  };

  GraphView.prototype.say = function (text) {
    this.status.textContent = text;
  };

  GraphView.prototype.find = function (text) {
    var words = fold(text).split(/\s+/).filter(Boolean);
    var cy = this.cy;
    var found = [];
    cy.batch(function () {
      cy.nodes().forEach(function (node) {
        var hit = words.length > 0 && !node.hasClass("outside") && words.every(function (w) { return node.data("hay").indexOf(w) !== -1; });
        node.toggleClass("found", hit);
        if (hit) found.push(node);
      });
      cy.elements().toggleClass("faded", false);
      if (words.length) cy.nodes().not(".found").addClass("faded");
      if (words.length) cy.edges().addClass("faded");
    });
    this.found.textContent = "";
    var self = this;
    found.slice(0, 20).forEach(function (node) {
      var item = document.createElement("li");
      var link = document.createElement("a");
      link.href = new URL(self.prefix + node.data("url"), location.href).href;
      link.textContent = node.data("title");
      link.setAttribute("data-id", node.id());
      item.appendChild(link);
      self.found.appendChild(item);
    });
    this.found.hidden = !found.length;
    this.say(words.length ? found.length + " found" + (found.length > 20 ? " (first 20 listed)" : "") : "");
    this.root.setAttribute("data-opdhub-found", String(found.length));
  };

  GraphView.prototype.focusNode = function (id, keepFocus) {
    var node = this.cy.getElementById(id);
    if (!node.length) return;
    var self = this;
    // the tip goes up once the view has moved (moving it hides tips)
    this.cy.animate({ center: { eles: node }, zoom: Math.max(this.cy.zoom(), 1.5) },
                    { duration: keepFocus ? 0 : 250, complete: function () { self.showTip(node); } });
  };

  GraphView.prototype.showTip = function (node) {
    this.cy.nodes(".hover").removeClass("hover");
    node.addClass("hover");
    var at = node.renderedPosition();
    this.tip.textContent = node.data("title");
    this.tip.style.left = Math.round(at.x + 12) + "px";
    this.tip.style.top = Math.round(at.y + 12) + "px";
    this.tip.hidden = false;
    this.root.setAttribute("data-opdhub-tip", node.id());
  };

  GraphView.prototype.hideTip = function () {
    this.tip.hidden = true;
    if (this.cy) this.cy.nodes(".hover").removeClass("hover");
  };

  var view = null;

  var library = null; // the Promise of Cytoscape.js, loaded on the first page with a graph

  function loadLibrary(url) {
    if (typeof window.cytoscape === "function") return Promise.resolve();
    if (!library) {
      library = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = url;
        script.onload = resolve;
        script.onerror = function () { library = null; reject(new Error("cannot load " + url)); };
        document.head.appendChild(script);
      });
    }
    return library;
  }

  function init() {
    if (view) view.destroy();
    view = null;
    var root = document.querySelector("[data-opdhub-graph]");
    if (!root) return;
    view = new GraphView(root);
  }

  onPage(init);
})();
