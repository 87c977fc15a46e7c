/* The network map (members/network/templates/network/map.html): draws the graph with
   Cytoscape.js at the positions the metrics job stored, opens an organization's side
   panel, and lets keyboard users search and step through organizations. The page works
   without it: the summary, filters and the text version are server-rendered. */
(function () {
  "use strict";

  var root = document.querySelector("[data-network-map]");
  if (!root || typeof window.cytoscape !== "function") { return; }

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
    var links = node.connectedEdges().filter(function (e) {
      return e.source().data("type") === "organization" && e.target().data("type") === "organization";
    }).length;
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

  function build(data) {
    var elements = data.nodes.map(function (n) {
      return { group: "nodes", data: n, position: { x: n.x, y: n.y } };
    }).concat(data.edges.map(function (e, i) {
      // [source, target, kind, weight, is an org ↔ org link]
      return { group: "edges", data: { id: "e" + i, source: e[0], target: e[1], kind: e[2], weight: e[3], link: e[4] === 1 } };
    }));
    var big = data.counts.organizations > 300;
    var style = [
      { selector: "node", style: {
        "background-color": "#6b7280", "width": 10, "height": 10, "font-size": 9,
        "color": "#1b1f24", "min-zoomed-font-size": 8, "text-valign": "bottom", "text-margin-y": 2,
        "shape": "round-rectangle", "font-weight": "bold", "label": "data(label)"
      } },
      { selector: "node[type = 'organization']", style: {
        "background-color": COLOURS.organization, "shape": "ellipse", "font-weight": "normal",
        "width": "mapData(degree, 0, 20, 12, 30)", "height": "mapData(degree, 0, 20, 12, 30)",
        // Big maps label organizations once selected: thousands of labels slow the first draw.
        "label": big ? "" : "data(label)"
      } },
      { selector: "node[type = 'category']", style: { "background-color": COLOURS.category } },
      { selector: "node[type = 'keyword']", style: { "background-color": COLOURS.keyword } },
      { selector: "node[type = 'language']", style: { "background-color": COLOURS.language } },
      { selector: "node[type = 'region']", style: { "background-color": COLOURS.region, "width": 16, "height": 16 } },
      { selector: "node:selected", style: {
        "border-width": 4, "border-color": "#ffbf47", "font-size": 14, "z-index": 10, "label": "data(label)"
      } },
      { selector: "edge", style: { "width": 1, "line-color": "#d5d9e3", "curve-style": "haystack", "opacity": 0.7 } },
      { selector: "edge[?link]", style: {
        "width": "mapData(weight, 1, 10, 1.5, 6)", "line-color": "#1e2d78", "opacity": 0.5
      } }
    ];
    cy = window.cytoscape({
      container: canvas,
      elements: elements,
      layout: { name: "preset" },
      style: style,
      minZoom: 0.05,
      maxZoom: 4,
      pixelRatio: big ? 1 : "auto",
      textureOnViewport: true,
      hideEdgesOnViewport: big,
      hideLabelsOnViewport: big
    });
    organizations = cy.nodes("[type = 'organization']").sort(function (a, b) {
      return a.data("label").localeCompare(b.data("label"));
    }).toArray();
    var options = document.createDocumentFragment();
    organizations.forEach(function (n) {
      var option = document.createElement("option");
      option.value = n.data("label");
      options.appendChild(option);
    });
    datalist.appendChild(options);
    cy.on("tap", "node[type = 'organization']", function (event) { focusNode(event.target, true); });
    cy.fit(undefined, 20);
    showSummary(data.counts);
    var note = root.querySelector("[data-map-clusters-note]");
    if (note) { note.hidden = data.clusters_drawn !== false; }
    tools.hidden = false;
    // Milliseconds since navigation started: the browser test checks it stays under 2 s.
    root.setAttribute("data-map-ready", String(Math.round(window.performance.now())));
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

  fetch(root.getAttribute("data-url"), { headers: { "Accept": "application/json" }, credentials: "same-origin" })
    .then(function (response) { return response.json(); })
    .then(function (data) { if (data.nodes) { build(data); } })
    .catch(function () { /* the summary and the text version remain */ });
})();
