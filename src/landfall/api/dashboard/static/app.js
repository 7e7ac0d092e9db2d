// landfall dashboard: the date slider and the charts. Display only; no rule logic.
(function () {
  "use strict";
  function isoPlus(first, days) {
    var d = new Date(first + "T00:00:00Z");
    d.setUTCDate(d.getUTCDate() + Number(days));
    return d.toISOString().slice(0, 10);
  }
  function data(id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  }
  document.addEventListener("DOMContentLoaded", function () {
    var slider = document.getElementById("as-of-slider");
    var input = document.getElementById("as-of-input");
    var form = document.getElementById("date-form");
    if (slider && input) {
      slider.addEventListener("input", function () { input.value = isoPlus(slider.dataset.first, slider.value); });
      slider.addEventListener("change", function () { form.submit(); });
    }
    if (input && form) { input.addEventListener("change", function () { form.submit(); }); }
    ["law-filter", "company-filter"].forEach(function (id) {
      var filter = document.getElementById(id);
      if (filter) { filter.addEventListener("change", function () { form.submit(); }); }
    });
    if (typeof Chart === "undefined") { return; }
    var DAY = 86400000;
    function dayOf(iso) { return Date.parse(String(iso).slice(0, 10) + "T00:00:00Z"); }
    function isoOf(ms) { return new Date(ms).toISOString().slice(0, 10); }
    function whole(v) { return Math.round(v).toLocaleString("en-US"); }
    // a time axis without a date adapter: x is milliseconds on a linear scale, so a year takes
    // the width of a year, and the ticks are written as ISO dates
    function timeAxis(title, first, last) {
      return { type: "linear", min: first, max: last, title: { display: true, text: title },
        ticks: { maxTicksLimit: 8, callback: function (v) { return isoOf(v); } } };
    }
    var palette = ["#1c4ed8", "#b45309", "#047857", "#7c3aed", "#be123c"];
    var audience = data("audience-data");
    var canvas = document.getElementById("audience-chart");
    if (audience && canvas && audience.series.length) {
      var end = dayOf(audience.as_of);
      var datasets = audience.series.map(function (s, i) {
        var pts = s.points.map(function (p) { return { x: dayOf(p.date), y: p.daily_users_ru }; });
        pts.push({ x: end, y: pts[pts.length - 1].y });
        var colour = palette[i % palette.length];
        return { label: s.resource, data: pts, stepped: true, borderColor: colour,
          backgroundColor: colour, borderWidth: 2, pointRadius: 3 };
      });
      var xs = [].concat.apply([end], datasets.map(function (d) { return d.data.map(function (p) { return p.x; }); }));
      var first = Math.min.apply(null, xs), last = Math.max.apply(null, xs);
      if (first === last) { first -= DAY; last += DAY; }
      if (audience.threshold) {
        datasets.push({ label: "threshold " + whole(audience.threshold.value), borderDash: [6, 4],
          borderColor: "#b00020", backgroundColor: "#b00020", pointRadius: 0,
          data: [{ x: first, y: audience.threshold.value }, { x: last, y: audience.threshold.value }] });
      }
      new Chart(canvas, { type: "line", data: { datasets: datasets },
        options: { animation: false, parsing: true,
          plugins: { tooltip: { callbacks: {
            title: function (items) { return items.length ? isoOf(items[0].parsed.x) : ""; },
            label: function (item) { return item.dataset.label + ": " + whole(item.parsed.y); } } } },
          scales: { x: timeAxis("date", first, last),
            y: { type: "linear", beginAtZero: true, title: { display: true, text: "daily users in Russia" },
              ticks: { callback: function (v) { return whole(v); } } } } } });
    }
    var timeline = data("timeline-data");
    var tcanvas = document.getElementById("timeline-chart");
    if (timeline && tcanvas && timeline.length) {
      var types = []; timeline.forEach(function (e) { if (types.indexOf(e.type) < 0) { types.push(e.type); } });
      var points = timeline.filter(function (e) { return e.date; }).map(function (e) {
        return { x: dayOf(e.date), y: e.type };
      });
      var tx = points.map(function (p) { return p.x; });
      var t0 = Math.min.apply(null, tx), t1 = Math.max.apply(null, tx);
      if (t0 === t1) { t0 -= DAY; t1 += DAY; }
      new Chart(tcanvas, { type: "scatter", data: { datasets: [{ label: "events", data: points, pointRadius: 4,
          borderColor: palette[0], backgroundColor: palette[0] }] },
        options: { animation: false, plugins: { legend: { display: false }, tooltip: { callbacks: {
            label: function (item) { return isoOf(item.parsed.x) + ": " + item.raw.y.replace(/_/g, " "); } } } },
          scales: { x: timeAxis("date", t0, t1),
            y: { type: "category", labels: types, offset: true, title: { display: true, text: "event" },
              ticks: { callback: function (v) { return String(types[v]).replace(/_/g, " "); } } } } } });
    }
  });
})();
