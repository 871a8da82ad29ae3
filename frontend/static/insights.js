// FairMatch talent demand map: draws the charts from the demand map the page carries (#ins-data).
(function () {
  "use strict";
  var dataNode = document.getElementById("ins-data");
  if (!dataNode || !window.echarts) return;
  var data = JSON.parse(dataNode.textContent);
  var texts = JSON.parse(document.getElementById("ins-texts").textContent);
  var BLUE = "#0b4f9c", ORANGE = "#e67e22", GREEN = "#2e7d32", GREY = "#555";
  var charts = {};

  function chart(id) {
    if (!charts[id]) charts[id] = window.echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    return charts[id];
  }

  // Seekers belong to an occupation × level: a group counts each pair once.
  function rollUp(cells, keyOf) {
    var groups = {};
    cells.forEach(function (cell) {
      var key = keyOf(cell);
      var g = groups[key] = groups[key] || { openings: 0, pairs: {}, label: key };
      g.openings += cell.openings;
      g.pairs[cell.occupation_code + "|" + cell.level] = cell.seekers;
    });
    return Object.keys(groups).map(function (key) {
      var g = groups[key];
      g.seekers = Object.keys(g.pairs).reduce(function (sum, pair) { return sum + g.pairs[pair]; }, 0);
      return g;
    }).sort(function (a, b) { return b.openings - a.openings || b.seekers - a.seekers; });
  }

  // A bar chart tall enough for every label (ECharts drops labels that would overlap).
  function bars(id, rows, onClick) {
    var shown = rows.slice(0, 20).reverse();
    document.getElementById(id).style.height = Math.max(320, 72 + 26 * shown.length) + "px";
    var c = chart(id);
    c.resize();
    c.off("click");
    c.setOption({
      color: [BLUE, ORANGE],
      tooltip: { trigger: "axis" },
      legend: { data: [texts["ins.col.openings"], texts["ins.col.seekers"]] },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: shown.map(function (r) { return r.name; }), axisLabel: { interval: 0, width: 150, overflow: "truncate" } },
      series: [
        { name: texts["ins.col.openings"], type: "bar", data: shown.map(function (r) { return r.openings; }) },
        { name: texts["ins.col.seekers"], type: "bar", data: shown.map(function (r) { return r.seekers; }) }
      ],
      graphic: rows.length ? [] : [{ type: "text", left: "center", top: "middle", style: { text: texts["ins.empty"], fill: GREY } }]
    }, true);
    if (onClick) c.on("click", function (event) { onClick(shown[event.dataIndex]); });
  }

  function escaped(text) {
    return String(text).replace(/[&<>"']/g, function (ch) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[ch];
    });
  }

  var chainNames = {};
  data.chains.forEach(function (c) { chainNames[c.slug] = c.name; });
  var back = document.getElementById("ins-back");
  var caption = document.getElementById("chain-caption");

  function showChains() {
    var rows = rollUp(data.cells.filter(function (c) { return c.openings > 0; }), function (c) { return c.chain; });
    rows.forEach(function (r) { r.slug = r.label; r.name = chainNames[r.label] || texts["ins.no_chain"]; });
    back.hidden = true;
    caption.textContent = texts["ins.chart.chains"];
    bars("chart-chains", rows, showOccupations);
  }

  function showOccupations(chainRow) {
    var cells = data.cells.filter(function (c) { return c.chain === chainRow.slug; });
    var names = {};
    cells.forEach(function (c) { names[c.occupation_code] = c.occupation_name; });
    var rows = rollUp(cells, function (c) { return c.occupation_code; });
    rows.forEach(function (r) { r.name = names[r.label] + " " + r.label; });
    back.hidden = false;
    caption.textContent = texts["ins.chart.occupations"] + " · " + chainRow.name;
    bars("chart-chains", rows, null);
  }
  back.addEventListener("click", showChains);

  function showLevels() {
    var levels = data.levels.map(function (level) {
      var lines = data.occupations.filter(function (o) { return o.level === level.key; });
      return {
        name: level.label,
        openings: lines.reduce(function (s, o) { return s + o.openings; }, 0),
        seekers: lines.reduce(function (s, o) { return s + o.seekers; }, 0)
      };
    }).filter(function (r) { return r.openings || r.seekers; });
    bars("chart-levels", levels, null);
  }

  function showDistricts() {
    var rows = data.districts.map(function (d) {
      return { name: d.district === "-" ? texts["ins.no_district"] : d.district, openings: d.openings, seekers: 0 };
    }).sort(function (a, b) { return b.openings - a.openings; }).slice(0, 20).reverse();
    chart("chart-districts").setOption({
      color: [BLUE],
      tooltip: { trigger: "axis" },
      grid: { left: 8, right: 24, top: 16, bottom: 8, containLabel: true },
      xAxis: { type: "value" },
      yAxis: { type: "category", data: rows.map(function (r) { return r.name; }) },
      series: [{ name: texts["ins.col.openings"], type: "bar", data: rows.map(function (r) { return r.openings; }) }]
    }, true);
  }

  function showTrend() {
    var names = ["openings", "seekers", "applications", "intentions"];
    chart("chart-trend").setOption({
      color: [BLUE, ORANGE, GREY, GREEN],
      // Every fair's date on the axis; its name in the tooltip (names are long).
      tooltip: {
        trigger: "axis",
        formatter: function (items) {
          var fair = data.trend[items[0].dataIndex];
          return [escaped(fair.starts_at + " " + fair.name)].concat(items.map(function (i) {
            return i.marker + escaped(i.seriesName) + ": " + i.value;
          })).join("<br>");
        }
      },
      legend: { data: names.map(function (n) { return texts["ins.col." + n]; }) },
      grid: { left: 8, right: 24, top: 32, bottom: 8, containLabel: true },
      xAxis: { type: "category", data: data.trend.map(function (p) { return p.starts_at; }), axisLabel: { interval: 0, hideOverlap: true } },
      yAxis: { type: "value" },
      series: names.map(function (n) {
        return { name: texts["ins.col." + n], type: "line", symbolSize: 8, data: data.trend.map(function (p) { return p[n]; }) };
      })
    }, true);
  }

  showChains();
  showLevels();
  showDistricts();
  showTrend();
  window.addEventListener("resize", function () { Object.keys(charts).forEach(function (id) { charts[id].resize(); }); });
})();
