// landfall dashboard: the date slider, sortable and searchable tables, the charts. Display
// only; no rule logic. Every table is complete without this script; it only reorders and hides.
(function () {
  "use strict";
  // --- tables: <table class="sortable"> gets a sort button in each header cell with a
  // data-sort kind (number, date, text) and a labelled search box with a live row count.
  // A cell's data-value, when given, is what it sorts by (an amount, not "RUB 1,000").
  // Our own, about 150 lines: a vendored table library (simple-datatables, List.js) would run
  // under the page's policy too, but it rebuilds the table's markup (its own header controls,
  // paging, wrappers), which the server-rendered table, its grouped bodies (one per
  // jurisdiction) and the two-row board header would have to be bent to fit.
  function headerGrid(table) {
    // the column each header cell starts at, with rowspan and colspan taken into account
    var taken = [], cells = [];
    Array.prototype.forEach.call(table.tHead ? table.tHead.rows : [], function (row, r) {
      var col = 0;
      Array.prototype.forEach.call(row.cells, function (cell) {
        while (taken[r] && taken[r][col]) { col += 1; }
        cells.push({ cell: cell, col: col, span: cell.colSpan });
        for (var dr = 0; dr < cell.rowSpan; dr += 1) {
          for (var dc = 0; dc < cell.colSpan; dc += 1) {
            taken[r + dr] = taken[r + dr] || [];
            taken[r + dr][col + dc] = true;
          }
        }
        col += cell.colSpan;
      });
    });
    return cells;
  }
  function bodyRows(table) {
    var rows = [];
    Array.prototype.forEach.call(table.tBodies, function (body) {
      Array.prototype.forEach.call(body.rows, function (row) {
        if (!row.classList.contains("group-head") && !row.classList.contains("empty-row")) { rows.push(row); }
      });
    });
    return rows;
  }
  function cellAt(row, col) {
    var at = 0;
    for (var i = 0; i < row.cells.length; i += 1) {
      if (at === col) { return row.cells[i]; }
      at += row.cells[i].colSpan;
    }
    return null;
  }
  var ISO = /^\d{4}-\d{2}-\d{2}/;
  function sortKey(cell, kind) {
    var text = cell ? (cell.dataset.value !== undefined ? cell.dataset.value : cell.textContent.trim()) : "";
    if (kind === "number") {
      var n = parseFloat(text.replace(/[^0-9.\-]/g, ""));
      return isNaN(n) ? null : n;
    }
    if (kind === "date") { return ISO.test(text) ? text.slice(0, 19) : null; }
    return text === "" ? null : text.toLowerCase();
  }
  function compare(a, b, kind, lang) {
    if (a === null || b === null) { return a === b ? 0 : (a === null ? 1 : -1); }
    if (kind === "number") { return a - b; }
    if (kind === "date") { return a < b ? -1 : (a > b ? 1 : 0); }
    return a.localeCompare(b, lang, { numeric: true });
  }
  function sortBy(table, header, col, kind) {
    var descending = header.getAttribute("aria-sort") === "ascending";
    var lang = document.documentElement.lang || "en";
    table.querySelectorAll("th[aria-sort]").forEach(function (th) { th.removeAttribute("aria-sort"); });
    header.setAttribute("aria-sort", descending ? "descending" : "ascending");
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var rows = Array.prototype.filter.call(body.rows, function (row) {
        return !row.classList.contains("group-head") && !row.classList.contains("empty-row");
      });
      var keyed = rows.map(function (row, i) { return { row: row, i: i, key: sortKey(cellAt(row, col), kind) }; });
      keyed.sort(function (x, y) {
        // empty cells last in either direction; equal keys keep their order
        if (x.key === null || y.key === null) { return compare(x.key, y.key, kind, lang) || x.i - y.i; }
        var c = compare(x.key, y.key, kind, lang);
        return (descending ? -c : c) || x.i - y.i;
      });
      keyed.forEach(function (k) { body.appendChild(k.row); });
    });
  }
  function filterRows(table, query, status, words) {
    var terms = query.toLowerCase().split(/\s+/).filter(Boolean);
    var rows = bodyRows(table), shown = 0;
    rows.forEach(function (row) {
      var text = row.textContent.toLowerCase();
      var keep = terms.every(function (t) { return text.indexOf(t) >= 0; });
      row.hidden = !keep;
      if (keep) { shown += 1; }
    });
    // a group's head row shows while any of its rows does
    Array.prototype.forEach.call(table.tBodies, function (body) {
      var head = body.querySelector("tr.group-head");
      if (head) {
        head.hidden = !Array.prototype.some.call(body.rows, function (r) { return r !== head && !r.hidden; });
      }
    });
    status.textContent = words.replace("{n}", String(shown)).replace("{m}", String(rows.length));
  }
  function enhanceTable(table, index) {
    var words = document.body.dataset;
    headerGrid(table).forEach(function (h) {
      var kind = h.cell.dataset.sort;
      if (!kind || h.span !== 1) { return; }
      var button = document.createElement("button");
      button.type = "button";
      button.className = "sort";
      while (h.cell.firstChild) { button.appendChild(h.cell.firstChild); }
      button.title = words.sortHint || "sort";
      h.cell.appendChild(button);
      button.addEventListener("click", function () { sortBy(table, h.cell, h.col, kind); });
    });
    var tools = document.createElement("div");
    tools.className = "table-tools";
    var label = document.createElement("label");
    var id = (table.id || "table-" + index) + "-search";
    label.htmlFor = id;
    label.textContent = words.searchLabel || "Search rows";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id;
    input.className = "table-search";
    if (table.id) { input.setAttribute("aria-controls", table.id); }
    var status = document.createElement("span");
    status.className = "row-count";
    status.id = id + "-count";
    status.setAttribute("aria-live", "polite");
    input.setAttribute("aria-describedby", status.id);
    tools.appendChild(label);
    tools.appendChild(input);
    tools.appendChild(status);
    table.parentNode.insertBefore(tools, table);
    var rowWords = words.rowCount || "{n} of {m} rows";
    filterRows(table, "", status, rowWords);
    input.addEventListener("input", function () { filterRows(table, input.value, status, rowWords); });
  }
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
    document.querySelectorAll("table.sortable").forEach(enhanceTable);
    var slider = document.getElementById("as-of-slider");
    var input = document.getElementById("as-of-input");
    var form = document.getElementById("date-form");
    if (slider && input) {
      var pending = null;
      slider.addEventListener("input", function () { input.value = isoPlus(slider.dataset.first, slider.value); });
      // arrow keys move a day per press: reload once the keys rest, not on every press
      slider.addEventListener("keydown", function () { slider.dataset.keyed = "1"; });
      slider.addEventListener("change", function () {
        if (slider.dataset.keyed) {
          delete slider.dataset.keyed;
          clearTimeout(pending);
          pending = setTimeout(function () { form.submit(); }, 900);
        } else {
          form.submit();
        }
      });
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
        datasets.push({ label: (canvas.dataset.threshold || "threshold") + " " + whole(audience.threshold.value), borderDash: [6, 4],
          borderColor: "#b00020", backgroundColor: "#b00020", pointRadius: 0,
          data: [{ x: first, y: audience.threshold.value }, { x: last, y: audience.threshold.value }] });
      }
      new Chart(canvas, { type: "line", data: { datasets: datasets },
        options: { animation: false, parsing: true,
          plugins: { tooltip: { callbacks: {
            title: function (items) { return items.length ? isoOf(items[0].parsed.x) : ""; },
            label: function (item) { return item.dataset.label + ": " + whole(item.parsed.y); } } } },
          scales: { x: timeAxis(canvas.dataset.xTitle || "date", first, last),
            y: { type: "linear", beginAtZero: true, title: { display: true, text: canvas.dataset.yTitle || "" },
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
          scales: { x: timeAxis(tcanvas.dataset.xTitle || "date", t0, t1),
            y: { type: "category", labels: types, offset: true, title: { display: true, text: tcanvas.dataset.yTitle || "event" },
              ticks: { callback: function (v) { return String(types[v]).replace(/_/g, " "); } } } } } });
    }
  });
})();
