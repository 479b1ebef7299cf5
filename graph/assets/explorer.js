/* glossary-graph explorer: draws the concept maps of glossary-graph pages with vis-network.
 *
 * Each map is a <section data-gg-view="ID"> whose data is the JSON in <script id="ID"
 * type="application/json">. Glossary text is data: it reaches the page only through
 * textContent (tooltips, legend, details panel) and canvas labels, never as parsed markup.
 */
(function () {
  "use strict";

  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, 'Helvetica Neue', Arial, sans-serif";
  var INK = "#1f2933", MUTED = "#7b8794", GHOST = "#9aa5b1";
  var BROADER = "#7d8da3", RELATED = "#b4bcc8";
  var state = { views: [], firstFrame: null };
  window.glossaryGraph = state;

  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function darker(hex, factor) {
    var n = parseInt(hex.slice(1), 16);
    var part = function (shift) { return Math.round(((n >> shift) & 255) * factor); };
    return "rgb(" + part(16) + "," + part(8) + "," + part(0) + ")";
  }

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function tooltip(node) {
    var box = el("div", "gg-tip");
    box.appendChild(el("div", "gg-tip-title", node.label));
    if (node.missing) {
      box.appendChild(el("div", "gg-tip-note", "Missing term: linked to, but not defined yet"));
    } else {
      var meta = [node.cat];
      if (node.status) meta.push(node.status);
      box.appendChild(el("div", "gg-tip-meta", meta.join(" · ")));
      if (node.short) box.appendChild(el("div", "gg-tip-def", node.short));
    }
    return box;
  }

  function edgeText(edge, byId) {
    var a = byId[edge.from] ? byId[edge.from].label : edge.from;
    var b = byId[edge.to] ? byId[edge.to].label : edge.to;
    return edge.rel === "broader" ? a + " is narrower than " + b : a + " is related to " + b;
  }

  function edgeTooltip(edge, byId) {
    var box = el("div", "gg-tip");
    box.appendChild(el("div", "gg-tip-def", edgeText(edge, byId)));
    var stated = edge.stated.map(function (id) { return byId[id] ? byId[id].label : id; });
    box.appendChild(el("div", "gg-tip-meta", stated.length ? "stated by " + stated.join(" and ") : "inferred"));
    return box;
  }

  function nodeSize(view, node) {
    if (view.data.view === "overview") return Math.min(30, 6 + 2.5 * Math.sqrt(node.deg || 0));
    if (node.id === view.data.center) return 24;
    if (node.missing) return 10;
    return node.hops === 1 ? 15 : 11;
  }

  function visNode(view, node) {
    var centre = node.id === view.data.center;
    var size = nodeSize(view, node);
    var item = {
      id: node.id, label: node.label, title: tooltip(node), size: size,
      font: { face: FONT, size: centre ? 18 : 14, color: INK, strokeWidth: 4, strokeColor: "rgba(255,255,255,0.92)" }
    };
    if (node.level !== undefined) item.level = node.level;
    if (node.x !== undefined) { item.x = node.x; item.y = node.y; }
    if (node.missing) {
      item.color = { background: "#ffffff", border: GHOST,
        highlight: { background: "#f0f3f7", border: INK }, hover: { background: "#f0f3f7", border: INK } };
      item.shapeProperties = { borderDashes: [3, 3] };
      item.borderWidth = 1.5;
      item.font.color = MUTED;
    } else {
      var colour = view.colours[node.cat] || "#a0a7b0";
      item.color = { background: colour, border: darker(colour, 0.72),
        highlight: { background: colour, border: INK }, hover: { background: colour, border: INK } };
      item.borderWidth = centre ? 4 : 1.5;
      if (centre) item.color.border = INK;
      if (node.status === "deprecated") item.opacity = 0.55;
    }
    return item;
  }

  function visEdge(view, edge, index) {
    var overview = view.data.view === "overview";
    var item = { id: "e" + index, from: edge.from, to: edge.to, title: edgeTooltip(edge, view.byId),
      width: overview ? 0.7 : 1.5, selectionWidth: 1.5, hoverWidth: 0.8 };
    if (edge.rel === "broader") {
      item.arrows = { to: { enabled: true, scaleFactor: overview ? 0.35 : 0.6 } };
      item.color = { color: BROADER, highlight: INK, hover: INK, opacity: overview ? 0.55 : 1 };
    } else {
      item.dashes = [5, 5];
      item.color = { color: RELATED, highlight: INK, hover: INK, opacity: overview ? 0.45 : 1 };
    }
    return item;
  }

  function options(view) {
    var data = view.data, big = data.nodes.length > 300;
    var opts = {
      autoResize: true,
      nodes: { shape: "dot", borderWidthSelected: 3, scaling: { label: { drawThreshold: 7 } } },
      edges: { smooth: false },
      interaction: { hover: true, tooltipDelay: 120, hideEdgesOnDrag: big, hideEdgesOnZoom: big,
        keyboard: false, navigationButtons: false, zoomSpeed: 0.6 },
      layout: { improvedLayout: false, randomSeed: 7 },
      physics: { enabled: false }
    };
    if (view.layout === "hierarchical") {
      opts.layout.hierarchical = { enabled: true, direction: "UD", levelSeparation: 110,
        nodeSpacing: 150, treeSpacing: 170, sortMethod: "hubsize", shakeTowards: "roots" };
    } else if (data.physics) {
      opts.physics = { enabled: true, solver: "forceAtlas2Based",
        forceAtlas2Based: { gravitationalConstant: -70, centralGravity: 0.012, springLength: 110,
          springConstant: 0.07, damping: 0.55, avoidOverlap: 0.6 },
        stabilization: { enabled: true, iterations: 200, updateInterval: 50, fit: true },
        minVelocity: 0.8, maxVelocity: 40 };
    }
    return opts;
  }

  function neighbours(view, id) {
    var groups = { broader: [], narrower: [], related: [] };
    view.data.edges.forEach(function (e) {
      if (e.rel === "broader") {
        if (e.from === id) groups.broader.push(e.to);
        else if (e.to === id) groups.narrower.push(e.from);
      } else if (e.from === id) groups.related.push(e.to);
      else if (e.to === id) groups.related.push(e.from);
    });
    return groups;
  }

  function select(view, id, focus) {
    view.network.selectNodes([id]);
    if (focus) view.network.focus(id, { scale: Math.max(view.network.getScale(), 0.9), animation: { duration: 350 } });
    showDetails(view, id);
  }

  function nodeButton(view, id) {
    var node = view.byId[id];
    var button = el("button", "gg-link" + (node && node.missing ? " gg-link--missing" : ""), node ? node.label : id);
    button.type = "button";
    button.addEventListener("click", function () { select(view, id, true); });
    return button;
  }

  function showDetails(view, id) {
    var node = view.byId[id], panel = view.details;
    if (!node) return;
    // Open the panel on the side away from the node, so it never hides what was clicked.
    var spot = view.network.canvasToDOM(view.network.getPositions([id])[id]);
    panel.classList.toggle("gg-details--left", spot.x > view.canvas.clientWidth / 2);
    panel.replaceChildren();
    var close = el("button", "gg-close", "\u00d7");
    close.type = "button";
    close.setAttribute("aria-label", "Close details");
    close.addEventListener("click", function () { view.network.unselectAll(); panel.hidden = true; });
    panel.appendChild(close);
    panel.appendChild(el("h2", "gg-details-title", node.label));
    if (node.missing) {
      panel.appendChild(el("p", "gg-badge gg-badge--missing", "missing term"));
      panel.appendChild(el("p", "gg-details-def", "Linked to by " + node.refs.length +
        " term" + (node.refs.length === 1 ? "" : "s") + " but not defined yet."));
    } else {
      var chips = el("p", "gg-chips");
      (node.cats || [node.cat]).forEach(function (cat) {
        var chip = el("span", "gg-chip");
        var dot = el("span", "gg-dot");
        dot.style.background = view.colours[cat] || "#a0a7b0";
        chip.appendChild(dot);
        chip.appendChild(document.createTextNode(cat));
        chips.appendChild(chip);
      });
      if (node.status) chips.appendChild(el("span", "gg-badge gg-badge--" + fold(node.status), node.status));
      panel.appendChild(chips);
      if (node.short) panel.appendChild(el("p", "gg-details-def", node.short));
      if (node.aliases) panel.appendChild(el("p", "gg-details-aliases", "Also: " + node.aliases.join(", ")));
    }
    var groups = neighbours(view, id);
    [["broader", "Broader"], ["narrower", "Narrower"], ["related", "Related"]].forEach(function (pair) {
      var ids = groups[pair[0]];
      if (!ids.length) return;
      var block = el("div", "gg-rel");
      block.appendChild(el("h3", null, pair[1]));
      var list = el("ul");
      ids.sort(function (a, b) { return view.byId[a].label.localeCompare(view.byId[b].label); });
      ids.forEach(function (other) { var li = el("li"); li.appendChild(nodeButton(view, other)); list.appendChild(li); });
      block.appendChild(list);
      panel.appendChild(block);
    });
    if (node.missing && node.refs.length) {
      var refs = el("div", "gg-rel");
      refs.appendChild(el("h3", null, "Referenced by"));
      var list = el("ul");
      node.refs.forEach(function (other) {
        var li = el("li");
        li.appendChild(view.byId[other] ? nodeButton(view, other) : el("span", null, other));
        list.appendChild(li);
      });
      refs.appendChild(list);
      panel.appendChild(refs);
    }
    if (node.href) {
      var open = el("a", "gg-open", node.missing ? "Open the missing-term page \u2192" : "Open concept page \u2192");
      open.href = node.href;
      panel.appendChild(open);
    }
    panel.hidden = false;
  }

  function legend(view) {
    var box = view.legend;
    if (!box) return;
    box.replaceChildren();
    var details = el("details", "gg-legend-box");
    details.open = view.root.clientHeight >= 520;  // small maps keep the legend folded
    details.appendChild(el("summary", null, "Legend"));
    var list = el("ul", "gg-legend-list");
    view.data.categories.forEach(function (cat) {
      var li = el("li");
      var dot = el("span", "gg-dot");
      dot.style.background = cat.color;
      li.appendChild(dot);
      li.appendChild(el("span", "gg-legend-name", cat.name));
      li.appendChild(el("span", "gg-legend-count", cat.count));
      list.appendChild(li);
    });
    var keys = [];
    if (view.data.center) keys.push(["gg-dot gg-dot--centre", "this concept"]);
    if (view.data.nodes.some(function (n) { return n.missing; })) keys.push(["gg-dot gg-dot--ghost", "missing term"]);
    if (view.data.edges.some(function (e) { return e.rel === "broader"; })) keys.push(["gg-line gg-line--broader", "broader (arrow to the more general)"]);
    if (view.data.edges.some(function (e) { return e.rel === "related"; })) keys.push(["gg-line gg-line--related", "related"]);
    keys.forEach(function (key) {
      var li = el("li", "gg-legend-key");
      li.appendChild(el("span", key[0]));
      li.appendChild(el("span", "gg-legend-name", key[1]));
      list.appendChild(li);
    });
    details.appendChild(list);
    box.appendChild(details);
  }

  function draw(view) {
    var data = view.data;
    if (view.network) view.network.destroy();
    view.root.removeAttribute("data-gg-ready");
    var nodes = new vis.DataSet(data.nodes.map(function (n) { return visNode(view, n); }));
    var edges = new vis.DataSet(data.edges.map(function (e, i) { return visEdge(view, e, i); }));
    var network = new vis.Network(view.canvas, { nodes: nodes, edges: edges }, options(view));
    view.network = network;
    var ready = function () {
      if (view.layout !== "hierarchical" && data.physics) network.setOptions({ physics: { enabled: false } });
      view.root.setAttribute("data-gg-ready", "true");
    };
    network.once("afterDrawing", function () {
      if (state.firstFrame === null) state.firstFrame = performance.now();
      if (!(data.physics && view.layout !== "hierarchical")) ready();
    });
    network.once("stabilizationIterationsDone", ready);
    network.on("click", function (params) {
      if (params.nodes.length) showDetails(view, params.nodes[0]);
      else if (!params.edges.length) view.details.hidden = true;
    });
    network.on("doubleClick", function (params) {
      var node = params.nodes.length && view.byId[params.nodes[0]];
      if (node && node.href) window.location.href = node.href;
    });
  }

  function setupFind(view) {
    var input = view.root.querySelector("[data-gg-find]");
    if (!input) return;
    var status = view.root.querySelector("[data-gg-find-status]");
    var keys = view.data.nodes.map(function (n) {
      return { id: n.id, label: fold(n.label), aliases: (n.aliases || []).map(fold) };
    });
    var matches = [];
    input.addEventListener("input", function () {
      var q = fold(input.value);
      matches = [];
      if (q) {
        keys.forEach(function (k) {
          var rank = k.label === q || k.aliases.indexOf(q) >= 0 ? 0 :
            k.label.indexOf(q) === 0 ? 1 : (k.label.indexOf(q) >= 0 || k.aliases.some(function (a) { return a.indexOf(q) >= 0; })) ? 2 : -1;
          if (rank >= 0) matches.push([rank, k.label, k.id]);
        });
        matches.sort(function (a, b) { return a[0] - b[0] || (a[1] < b[1] ? -1 : a[1] > b[1] ? 1 : 0); });
      }
      status.textContent = !q ? "" : matches.length ? matches.length + " found \u00b7 Enter: " +
        view.byId[matches[0][2]].label : "no match";
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && matches.length) { event.preventDefault(); select(view, matches[0][2], true); }
    });
  }

  function setup(root) {
    var source = document.getElementById(root.getAttribute("data-gg-view"));
    var view = {
      root: root, data: JSON.parse(source.textContent), colours: {}, byId: {},
      canvas: root.querySelector("[data-gg-canvas]"), legend: root.querySelector("[data-gg-legend]"),
      details: root.querySelector("[data-gg-details]")
    };
    view.layout = view.data.layout;
    view.data.categories.forEach(function (c) { view.colours[c.name] = c.color; });
    view.data.nodes.forEach(function (n) { view.byId[n.id] = n; });
    root.querySelectorAll("[data-gg-layout]").forEach(function (button) {
      var layout = button.getAttribute("data-gg-layout");
      button.setAttribute("aria-pressed", String(layout === view.layout));
      button.addEventListener("click", function () {
        if (view.layout === layout) return;
        view.layout = layout;
        root.querySelectorAll("[data-gg-layout]").forEach(function (b) {
          b.setAttribute("aria-pressed", String(b.getAttribute("data-gg-layout") === layout));
        });
        view.details.hidden = true;
        draw(view);
      });
    });
    var fit = root.querySelector("[data-gg-fit]");
    if (fit) fit.addEventListener("click", function () { view.network.fit({ animation: { duration: 300 } }); });
    legend(view);
    setupFind(view);
    draw(view);
    state.views.push(view);
  }

  function start() {
    if (typeof vis === "undefined") return;
    document.querySelectorAll("[data-gg-view]").forEach(setup);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
