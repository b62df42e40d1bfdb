/* newsprism: draws the charts of a page from its JSON data block with the shipped libraries
 * (Chart.js, Cytoscape.js). Data is read with JSON.parse and handed to the libraries as
 * values: it is never inserted into the page as HTML. */
(function () {
  "use strict";

  function pageData() {
    var block = document.getElementById("np-data");
    if (!block) { return {}; }
    return JSON.parse(block.textContent || "{}");
  }

  function done(element, count) {
    element.setAttribute("data-rendered", String(count));
  }

  function sameSiteHref(href) {
    // links come from the page builder; follow only relative or same-origin paths
    return typeof href === "string" && /^(\/|\.\.\/|[A-Za-z0-9_-]+\/)/.test(href);
  }

  function bar(element, series) {
    var canvas = document.createElement("canvas");
    element.appendChild(canvas);
    new window.Chart(canvas, {
      type: "bar",
      data: {
        labels: series.labels,
        datasets: [{ label: element.getAttribute("data-label") || "articles",
                     data: series.values, backgroundColor: "#2457a6" }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        indexAxis: element.getAttribute("data-axis") === "y" ? "y" : "x",
        plugins: { legend: { display: false } },
        scales: { x: { ticks: { precision: 0 } }, y: { ticks: { precision: 0 } } }
      }
    });
    done(element, series.values.length);
  }

  function timeline(element, series) {
    var canvas = document.createElement("canvas");
    element.appendChild(canvas);
    new window.Chart(canvas, {
      type: "scatter",
      data: {
        datasets: [{ label: "reports", data: series.points.map(function (p) {
          return { x: String(p.date), y: String(p.outlet), text: p.text };
        }), pointRadius: 7, backgroundColor: "#b3261e" }]
      },
      options: {
        responsive: true, maintainAspectRatio: false, animation: false,
        plugins: {
          legend: { display: false },
          tooltip: { callbacks: { label: function (ctx) {
            var text = String(ctx.raw.text || "");
            return ctx.raw.y + ": " + (text.length > 90 ? text.slice(0, 89) + "…" : text);
          } } }
        },
        scales: {
          x: { type: "category", labels: series.dates, title: { display: true, text: "date" } },
          y: { type: "category", labels: series.outlets, offset: true }
        }
      }
    });
    done(element, series.points.length);
  }

  function graph(element, series) {
    var elements = [];
    series.nodes.forEach(function (n) {
      elements.push({ data: { id: "n" + n.id, label: n.name, href: n.href } });
    });
    series.edges.forEach(function (e, i) {
      elements.push({ data: { id: "e" + i, source: "n" + e.a, target: "n" + e.b,
                              weight: Number(e.weight) || 1 } });
    });
    var cy = window.cytoscape({
      container: element,
      elements: elements,
      // a circle keeps every name readable in a story's small, dense graph; force layout
      // (cose) only when there are too many names for one ring
      layout: series.nodes.length <= 40
        ? { name: "circle", padding: 30, avoidOverlap: true }
        : { name: "cose", animate: false, randomize: false, padding: 20 },
      minZoom: 0.3, maxZoom: 3,
      style: [
        { selector: "node", style: { label: "data(label)", "font-size": 10, color: "#1d2330",
                                     "text-outline-color": "#fff", "text-outline-width": 2,
                                     "background-color": "#2457a6", width: 12, height: 12 } },
        { selector: "edge", style: { width: "mapData(weight, 1, 10, 1, 6)",
                                     "line-color": "#9aa7bd", opacity: 0.7 } }
      ]
    });
    element.cytoscapeGraph = cy; // for the browser tests
    cy.on("tap", "node", function (event) {
      var href = event.target.data("href");
      if (sameSiteHref(href)) { window.location.href = href; }
    });
    done(element, series.nodes.length);
  }

  var drawers = { bar: bar, timeline: timeline, graph: graph };

  function draw() {
    var data = pageData();
    document.querySelectorAll("[data-chart]").forEach(function (element) {
      var series = data[element.getAttribute("data-chart")];
      var kind = element.getAttribute("data-kind") || "bar";
      if (!series || !drawers[kind]) { return; }
      if (kind === "graph" ? !window.cytoscape : !window.Chart) { return; }
      drawers[kind](element, series);
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", draw);
  } else {
    draw();
  }
})();
