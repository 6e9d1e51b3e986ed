// Draws every chart of the page (core/templates/core/chart.html) with plotly.js. The one place for the
// common layout defaults and for plotly's configuration: no mode bar, hence no "Share chart" / "Edit in
// Chart Studio" (they send the chart's data to a third-party cloud) and no toolbar buttons inside the
// chart's role="img". Loaded deferred, after the partial plotly bundle, only on pages with a chart; the
// data table under each chart works without it.
(function () {
  "use strict";
  var CONFIG = Object.freeze({
    displayModeBar: false, displaylogo: false, showLink: false, showSendToCloud: false,
    showEditInChartStudio: false, showTips: false, responsive: true
  });

  function defaults() {
    var style = window.getComputedStyle(document.body);
    return {
      font: {family: style.fontFamily || "Arial, sans-serif", size: 14, color: "#1b2330"},
      // the same room on both sides, so a chart reads the same left-to-right and right-to-left
      margin: {l: 40, r: 40, t: 20, b: 40, pad: 4},
      paper_bgcolor: "white", plot_bgcolor: "white",
      legend: {orientation: "h", y: -0.15},
      hoverlabel: {font: {family: style.fontFamily || "Arial, sans-serif"}},
      autosize: true
    };
  }

  function isObject(value) {
    return value !== null && typeof value === "object" && !Array.isArray(value);
  }

  function merge(base, over) {
    var out = {};
    Object.keys(base).forEach(function (key) { out[key] = base[key]; });
    Object.keys(over).forEach(function (key) {
      out[key] = isObject(base[key]) && isObject(over[key]) ? merge(base[key], over[key]) : over[key];
    });
    return out;
  }

  function showTableInstead(container) {
    // plotly.js did not load: the table is the chart
    container.hidden = true;
    var details = container.closest("figure") && container.closest("figure").querySelector("details.data-table");
    if (details) { details.open = true; }
  }

  function draw(container) {
    if (container.getAttribute("data-chart-state")) { return; }
    container.setAttribute("data-chart-state", "drawing");
    if (!window.Plotly) { showTableInstead(container); return; }
    var spec = document.getElementById(container.getAttribute("data-figure"));
    var figure = JSON.parse(spec.textContent);
    window.Plotly.newPlot(container, figure.data, merge(defaults(), figure.layout || {}), CONFIG)
      .then(function () { container.setAttribute("data-chart-state", "drawn"); });
  }

  function drawAll(root) {
    (root.querySelectorAll ? root : document).querySelectorAll(".js-chart").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { drawAll(document); });
  } else {
    drawAll(document);
  }
  // a chart that arrives in an htmx swap
  document.addEventListener("htmx:load", function (event) { drawAll(event.target); });
})();
