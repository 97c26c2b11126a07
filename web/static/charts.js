/* Interactive charts over data the server put in data-* attributes (pages read fine without this file). */
(function () {
  "use strict";
  if (typeof Chart === "undefined") { return; }
  var palette = ["#1f77b4", "#d62728", "#2ca02c", "#9467bd", "#ff7f0e", "#8c564b", "#e377c2", "#17becf"];

  function read(el, name) {
    try { return JSON.parse(el.getAttribute(name)); } catch (e) { return null; }
  }

  document.querySelectorAll("canvas.spark").forEach(function (el) {
    var points = read(el, "data-points") || [];
    new Chart(el, {
      type: "line",
      data: { labels: points.map(function (p) { return p[0]; }),
              datasets: [{ data: points.map(function (p) { return p[1]; }), borderColor: palette[0],
                           borderWidth: 1.5, pointRadius: 0, tension: 0.2 }] },
      options: { responsive: false, animation: false, plugins: { legend: { display: false } },
                 scales: { x: { display: false }, y: { display: false } } }
    });
  });

  var perMonth = document.getElementById("per-month");
  if (perMonth) {
    fetch(perMonth.getAttribute("data-src"), { headers: { "Accept": "application/json" } })
      .then(function (r) { return r.ok ? r.json() : []; })
      .then(function (counts) { barChart(perMonth, counts); });
  }

  function barChart(el, counts) {
    new Chart(el, {
      type: "bar",
      data: { labels: counts.map(function (c) { return c.period; }),
              datasets: [{ label: "articles", data: counts.map(function (c) { return c.articles; }),
                           backgroundColor: palette[0] }] },
      options: { animation: false, plugins: { legend: { display: false } },
                 scales: { y: { beginAtZero: true, ticks: { precision: 0 } } } }
    });
    el.setAttribute("data-drawn", String(counts.length));
  }

  var chartEl = document.getElementById("indicator-chart");
  if (chartEl) {
    var d = read(chartEl, "data-chart");
    if (!d) { return; }
    var compact = new Intl.NumberFormat(document.documentElement.lang || "en", { notation: "compact", maximumSignificantDigits: 4 });
    var datasets = d.sources.map(function (s, i) {
      return { label: s.name, data: s.points, showLine: false, pointRadius: 6, pointHoverRadius: 8,
               borderColor: palette[i % palette.length], backgroundColor: palette[i % palette.length] };
    });
    datasets.push({
      label: "held (latest report)", data: d.held, borderColor: "#333", backgroundColor: "#333",
      borderDash: [4, 3], borderWidth: 1, pointRadius: d.held.map(function (h) { return (h.conflict || h.revised) ? 10 : 2; }),
      pointStyle: d.held.map(function (h) { return h.conflict ? "crossRot" : (h.revised ? "triangle" : "circle"); }),
      pointBorderWidth: d.held.map(function (h) { return (h.conflict || h.revised) ? 2 : 1; })
    });
    new Chart(chartEl, {
      type: "line",
      data: { datasets: datasets },
      options: {
        animation: false, interaction: { mode: "nearest", intersect: false },
        scales: { x: { type: "category", labels: d.periods },
                  y: { title: { display: !!d.unit, text: d.unit || "" },
                       ticks: { callback: function (v) { return compact.format(v); } } } },
        plugins: { tooltip: { callbacks: { afterLabel: function (ctx) {
          var m = ctx.raw;
          if (!m) { return ""; }
          if (m.quote) { return "“" + m.quote + "” (" + m.tracking + ") " + (m.published_at || "").slice(0, 10); }
          return (m.conflict ? "sources disagree " : "") + (m.revised ? "revised" : "");
        } } } }
      }
    });
  }
})();
