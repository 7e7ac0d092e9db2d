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
    var audience = data("audience-data");
    var canvas = document.getElementById("audience-chart");
    if (audience && canvas && audience.series.length) {
      var datasets = audience.series.map(function (s) {
        var pts = s.points.map(function (p) { return { x: p.date, y: p.daily_users_ru }; });
        pts.push({ x: audience.as_of, y: pts[pts.length - 1].y });
        return { label: s.resource, data: pts, stepped: true };
      });
      var days = [].concat.apply([audience.as_of], audience.series.map(function (s) { return s.points.map(function (p) { return p.date; }); }))
        .filter(function (d, i, all) { return all.indexOf(d) === i; }).sort();
      if (audience.threshold && days.length) {
        datasets.push({ label: "threshold " + audience.threshold.value, borderDash: [6, 4], borderColor: "#b00020", pointRadius: 0,
          data: [{ x: days[0], y: audience.threshold.value }, { x: days[days.length - 1], y: audience.threshold.value }] });
      }
      new Chart(canvas, { type: "line", data: { labels: days, datasets: datasets },
        options: { animation: false, scales: { x: { type: "category" }, y: { beginAtZero: true } } } });
    }
    var timeline = data("timeline-data");
    var tcanvas = document.getElementById("timeline-chart");
    if (timeline && tcanvas && timeline.length) {
      var types = []; timeline.forEach(function (e) { if (types.indexOf(e.type) < 0) { types.push(e.type); } });
      var points = timeline.filter(function (e) { return e.date; }).map(function (e) {
        return { x: Date.parse(String(e.date).slice(0, 10)), y: e.type };
      });
      new Chart(tcanvas, { type: "scatter", data: { datasets: [{ label: "events", data: points, pointRadius: 4 }] },
        options: { animation: false, plugins: { legend: { display: false } }, scales: {
          x: { ticks: { callback: function (v) { return new Date(v).toISOString().slice(0, 7); } } },
          y: { type: "category", labels: types, offset: true } } } });
    }
  });
})();
