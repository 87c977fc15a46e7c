/* The network map (members/network/templates/network/map.html): draws the graph with
   Cytoscape.js at the positions the metrics job stored, opens an organization's side
   panel, and lets keyboard users search and step through organizations. The page works
   without it: the summary, filters and the text version are server-rendered. */
(function () {
  "use strict";

  var root = document.querySelector("[data-network-map]");
  if (!root || typeof window.cytoscape !== "function") { return; }
  // Marks for bench/network_map_browser.py (where the time to "interactive" goes).
  function mark(name) { if (window.performance && performance.mark) { performance.mark(name); } }
  mark("map:script");

  var canvas = root.querySelector("[data-map-canvas]");
  var panel = root.querySelector("[data-map-panel]");
  var tools = root.querySelector("[data-map-tools]");
  var search = root.querySelector("#map-search");
  var datalist = root.querySelector("#map-organizations");
  var status = root.querySelector("[data-map-status]");
  var summary = root.querySelector("#map-summary");
  var cy = null;
  var organizations = [];  // org nodes sorted by label, for search and arrow keys
  var current = -1;
  var linkCounts = {};  // node id → its links to other organizations on this map
  var EDGE_SLICE = 1500;

  var COLOURS = {
    organization: "#1e2d78", category: "#a8380a", keyword: "#1d6b3a",
    country: "#6b7280", region: "#4b5563", language: "#7a2e8e"
  };

  function announce(text) { if (status) { status.textContent = text; } }

  function showSummary(counts) {
    var template = root.getAttribute("data-summary-template");
    if (!summary || !template) { return; }
    var link = summary.querySelector("a");
    summary.textContent = template
      .replace("%(organizations)s", counts.organizations)
      .replace("%(links)s", counts.links) + " ";
    if (link) { summary.appendChild(link); }
  }

  function closePanel() {
    panel.hidden = true;
    panel.innerHTML = "";
    if (cy) { cy.$(":selected").unselect(); }
    canvas.focus();
  }

  function openPanel(node) {
    var url = root.getAttribute("data-panel-url").replace("organization-slug", node.data("slug"));
    panel.hidden = false;
    panel.setAttribute("aria-busy", "true");
    fetch(url, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
      .then(function (response) { return response.text(); })
      .then(function (html) {
        // Server-rendered, escaped by Django's templates.
        panel.innerHTML = html;
        panel.removeAttribute("aria-busy");
        var close = panel.querySelector("[data-map-panel-close]");
        if (close) { close.addEventListener("click", closePanel); }
        var title = panel.querySelector("#map-panel-title");
        (title || panel).focus();
      })
      .catch(function () { panel.removeAttribute("aria-busy"); });
  }

  function focusNode(node, open) {
    cy.$(":selected").unselect();
    node.select();
    cy.animate({ center: { eles: node }, zoom: Math.max(cy.zoom(), 1.2) }, { duration: 200 });
    current = organizations.indexOf(node);
    var links = linkCounts[node.id()] || 0;  // from the JSON: links may still be arriving
    announce((search.getAttribute("data-status-template") || "%(name)s")
      .replace("%(name)s", node.data("label")).replace("%(links)s", links));
    if (open) { openPanel(node); }
  }

  function find(text) {
    var wanted = (text || "").trim().toLowerCase();
    if (!wanted) { return null; }
    var exact = organizations.filter(function (n) { return n.data("label").toLowerCase() === wanted; });
    if (exact.length) { return exact[0]; }
    var partial = organizations.filter(function (n) { return n.data("label").toLowerCase().indexOf(wanted) !== -1; });
    return partial.length ? partial[0] : null;
  }

  function onSearch() {
    var node = find(search.value);
    if (node) { focusNode(node, true); } else { announce(search.getAttribute("data-not-found") || "0"); }
  }

  // Node sizes and link widths in steps (classes), as the degree and weight grow.
  function sizeClass(degree) { return degree >= 13 ? 3 : degree >= 7 ? 2 : degree >= 3 ? 1 : 0; }
  function weightClass(weight) { return weight >= 7 ? 3 : weight >= 4 ? 2 : 1; }

  var fittedCache = null;
  function fitted(nodes) {
    // What cy.fit(undefined, 20) would choose, from the positions alone (node radius 15).
    if (fittedCache) { return fittedCache; }
    var minX = Infinity, minY = Infinity, maxX = -Infinity, maxY = -Infinity;
    nodes.forEach(function (n) {
      minX = Math.min(minX, n.x); maxX = Math.max(maxX, n.x);
      minY = Math.min(minY, n.y); maxY = Math.max(maxY, n.y);
    });
    var pad = 20 + 15, width = canvas.clientWidth, height = canvas.clientHeight;
    if (!nodes.length || !width || !height) { fittedCache = { zoom: 1, pan: { x: 0, y: 0 } }; return fittedCache; }
    var zoom = Math.min((width - 2 * pad) / Math.max(maxX - minX, 1), (height - 2 * pad) / Math.max(maxY - minY, 1));
    zoom = Math.max(0.05, Math.min(zoom, 4));
    fittedCache = { zoom: zoom, pan: { x: width / 2 - zoom * (minX + maxX) / 2, y: height / 2 - zoom * (minY + maxY) / 2 } };
    return fittedCache;
  }

  function fillDatalist() {
    // The search box's suggestions, after the first frame (1,000 <option>s cost a layout).
    var options = document.createDocumentFragment();
    organizations.forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.data("label");
      options.appendChild(option);
    });
    datalist.appendChild(options);
  }

  function addLinks(edges, from) {
    if (from >= edges.length) {
      // All drawn: data-map-links holds the milliseconds since navigation started.
      root.setAttribute("data-map-links", String(Math.round(window.performance.now())));
      mark("map:links");
      return;
    }
    cy.add(edges.slice(from, from + EDGE_SLICE));
    cy.one("render", function () { window.setTimeout(function () { addLinks(edges, from + EDGE_SLICE); }, 0); });
  }

  function build(data) {
    // Past CLUSTER_EDGES_UP_TO organizations the server sends no cluster lines
    // (clusters_drawn false); their nodes are left out too: labels nobody can read at the
    // whole-network zoom, and 500 elements fewer to build, style and measure.
    var clustersDrawn = data.clusters_drawn !== false;
    var big = data.counts.organizations > 300;
    var nodes = clustersDrawn ? data.nodes : data.nodes.filter(function (n) { return n.type === "organization"; });
    // Classes rather than data selectors and mapData(): Cytoscape matches and maps each
    // data() style for every element, the largest part of building a big graph.
    var nodeElements = nodes.map(function (n) {
      var classes = n.type === "organization" ? "organization s" + sizeClass(n.degree) : n.type + " cluster";
      return { group: "nodes", data: n, position: { x: n.x, y: n.y }, classes: classes };
    });
    linkCounts = {};
    var edgeElements = data.edges.map(function (e, i) {
      if (e[4] === 1) {
        linkCounts[e[0]] = (linkCounts[e[0]] || 0) + 1;
        linkCounts[e[1]] = (linkCounts[e[1]] || 0) + 1;
      }
      // [source, target, kind, weight, is an org ↔ org link]
      return {
        group: "edges",
        data: { id: "e" + i, source: e[0], target: e[1], kind: e[2], weight: e[3] },
        classes: e[4] === 1 ? "link w" + weightClass(e[3]) : ""
      };
    });
    // Edges cost Cytoscape four times what nodes do (1,000 organizations and their 4,218
    // links: about 75 % of building and drawing the graph). A big map is drawn, searchable
    // and focusable with its organizations first; the links follow in slices of
    // EDGE_SLICE, one slice a frame, so no task blocks the page for long.
    var later = edgeElements.length > EDGE_SLICE ? edgeElements : [];
    var elements = later.length ? nodeElements : nodeElements.concat(edgeElements);
    var labelled = { "label": "data(label)", "font-size": 9, "color": "#1b1f24", "min-zoomed-font-size": 8,
      "text-valign": "bottom", "text-margin-y": 2 };
    var style = [
      { selector: "node", style: { "background-color": "#6b7280", "width": 10, "height": 10, "shape": "round-rectangle" } },
      // Big maps label organizations once selected: thousands of labels slow the first draw.
      { selector: big ? "node.cluster" : "node", style: labelled },
      { selector: "node.cluster", style: { "font-weight": "bold" } },
      { selector: ".organization", style: { "background-color": COLOURS.organization, "shape": "ellipse", "width": 12, "height": 12 } },
      { selector: ".s1", style: { "width": 16, "height": 16 } },
      { selector: ".s2", style: { "width": 22, "height": 22 } },
      { selector: ".s3", style: { "width": 30, "height": 30 } },
      { selector: ".category", style: { "background-color": COLOURS.category } },
      { selector: ".keyword", style: { "background-color": COLOURS.keyword } },
      { selector: ".language", style: { "background-color": COLOURS.language } },
      { selector: ".region", style: { "background-color": COLOURS.region, "width": 16, "height": 16 } },
      { selector: "node:selected", style: Object.assign({}, labelled, {
        "border-width": 4, "border-color": "#ffbf47", "font-size": 14, "z-index": 10
      }) },
      { selector: "edge", style: { "width": 1, "line-color": "#d5d9e3", "curve-style": "haystack", "opacity": 0.7 } },
      { selector: ".link", style: { "width": 1.5, "line-color": "#1e2d78", "opacity": 0.5 } },
      { selector: ".w2", style: { "width": 3 } },
      { selector: ".w3", style: { "width": 5 } }
    ];
    cy = window.cytoscape({
      container: canvas,
      elements: elements,
      layout: { name: "preset" },
      style: style,
      minZoom: 0.05,
      maxZoom: 4,
      // The whole map from the stored positions: no bounding boxes to compute (cy.fit).
      zoom: fitted(nodes).zoom,
      pan: fitted(nodes).pan,
      pixelRatio: big ? 1 : "auto",
      textureOnViewport: true,
      hideEdgesOnViewport: big,
      hideLabelsOnViewport: big
    });
    mark("map:graph");
    var collator = new Intl.Collator(document.documentElement.lang || undefined);
    organizations = cy.nodes(".organization").toArray();
    var names = new Map(organizations.map(function (n) { return [n, n.data("label")]; }));
    organizations.sort(function (a, b) { return collator.compare(names.get(a), names.get(b)); });
    cy.on("tap", "node.organization", function (event) { focusNode(event.target, true); });
    showSummary(data.counts);
    var note = root.querySelector("[data-map-clusters-note]");
    if (note) { note.hidden = clustersDrawn; }
    tools.hidden = false;
    // Interactive once the first frame is drawn: milliseconds since navigation started,
    // which the browser test checks stays under 2 s.
    cy.one("render", function () {
      root.setAttribute("data-map-ready", String(Math.round(window.performance.now())));
      mark("map:ready");
      mark("map:drawn");
      window.setTimeout(function () { fillDatalist(); addLinks(later, 0); }, 0);
    });
    var focus = new URLSearchParams(window.location.search).get("focus");
    if (focus) {
      var node = organizations.filter(function (n) { return n.data("slug") === focus; })[0];
      if (node) { focusNode(node, false); }
    }
  }

  canvas.addEventListener("keydown", function (event) {
    if (!cy || !organizations.length) { return; }
    var step = { ArrowRight: 1, ArrowDown: 1, ArrowLeft: -1, ArrowUp: -1 }[event.key];
    if (step) {
      event.preventDefault();
      current = (current + step + organizations.length) % organizations.length;
      focusNode(organizations[current], false);
    } else if (event.key === "Enter" && current >= 0) {
      event.preventDefault();
      openPanel(organizations[current]);
    } else if (event.key === "Escape") {
      closePanel();
    }
  });
  panel.addEventListener("keydown", function (event) { if (event.key === "Escape") { closePanel(); } });
  search.addEventListener("keydown", function (event) {
    if (event.key === "Enter") { event.preventDefault(); onSearch(); }
  });
  root.querySelector("[data-map-find]").addEventListener("click", onSearch);
  root.querySelector("[data-map-reset]").addEventListener("click", function () {
    if (cy) { cy.$(":selected").unselect(); cy.fit(undefined, 20); }
    panel.hidden = true;
  });

  // The same request as the page's <link rel="preload">, so the browser reuses its response.
  fetch(root.getAttribute("data-url"), { credentials: "same-origin" })
    .then(function (response) { mark("map:json"); return response.json(); })
    .then(function (data) { mark("map:parsed"); if (data.nodes) { build(data); } })
    .catch(function () { /* the summary and the text version remain */ });
})();
