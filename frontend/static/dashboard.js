// FairMatch organizer dashboard: one SSE stream (a snapshot, then deltas) drives every number.
(function () {
  "use strict";
  var root = document.getElementById("dashboard");
  if (!root) return;
  var fairId = root.dataset.fair;
  var lang = root.dataset.lang;
  var texts = JSON.parse(document.getElementById("dash-texts").textContent);
  var kiosk = root.dataset.kiosk === "1";
  var ended = root.dataset.ended === "1";
  var FONT = kiosk ? 20 : 12;
  var KINDS = ["scan", "visit", "resume", "application", "download", "intention", "download_file"];
  var DIMENSIONS = ["enterprise", "occupation", "level", "hour"];
  var state = null;
  var pending = false;
  var charts = {};
  var demand = null;
  var drillGroup = null;
  var demandStale = true;

  function chart(id) {
    if (!window.echarts) return null;
    if (!charts[id]) charts[id] = window.echarts.init(document.getElementById(id), null, { renderer: "canvas" });
    return charts[id];
  }

  function merge(delta) {
    KINDS.forEach(function (kind) { state.totals[kind] = (state.totals[kind] || 0) + (delta.totals[kind] || 0); });
    DIMENSIONS.forEach(function (dim) {
      var kinds = delta[dim] || {};
      state[dim] = state[dim] || {};
      Object.keys(kinds).forEach(function (kind) {
        var target = state[dim][kind] = state[dim][kind] || {};
        Object.keys(kinds[kind]).forEach(function (value) { target[value] = (target[value] || 0) + kinds[kind][value]; });
      });
    });
    Object.assign(state.labels.occupation, (delta.labels || {}).occupation || {});
    state.seq = delta.seq;
    if ((delta.totals.resume || 0) > 0) demandStale = true;
  }

  function cell(dim, kind, value) { return ((state[dim] || {})[kind] || {})[value] || 0; }
  function rate(a, b) { return b ? (a / b).toFixed(2) : "—"; }

  function renderHeadline() {
    KINDS.forEach(function (kind) {
      var out = root.querySelector('[data-total="' + kind + '"]');
      var text = String(state.totals[kind] || 0);
      if (out.textContent !== text) {
        out.textContent = text;
        out.classList.add("bump");
        setTimeout(function () { out.classList.remove("bump"); }, 600);
      }
    });
    var t = state.totals;
    root.querySelector('[data-rate="applications_per_resume"]').textContent = rate(t.application, t.resume);
    root.querySelector('[data-rate="intentions_per_resume"]').textContent = rate(t.intention, t.resume);
    root.querySelector('[data-rate="intentions_per_application"]').textContent = rate(t.intention, t.application);
    root.querySelector('[data-static="enterprises"]').textContent = String(state.booths.length);
    root.querySelector('[data-static="openings"]').textContent = String(state.openings);
    document.getElementById("updated").textContent = new Date().toLocaleTimeString(lang, { timeZone: "Asia/Shanghai" });
  }

  function renderBooths() {
    var rows = state.booths.map(function (booth) {
      var id = String(booth.enterprise_id);
      var cells = [booth.number, booth.name, booth.openings].concat(
        ["scan", "visit", "application", "download", "intention"].map(function (k) { return cell("enterprise", k, id); }));
      return "<tr>" + cells.map(function (value, i) {
        return '<td class="' + (i > 1 ? "num" : "") + '">' + escapeHtml(String(value)) + "</td>";
      }).join("") + "</tr>";
    });
    document.getElementById("booth-rows").innerHTML = rows.join("");
  }

  function escapeHtml(text) {
    return text.replace(/[&<>"']/g, function (c) { return "&#" + c.charCodeAt(0) + ";"; });
  }

  function enterpriseName(id) {
    var booth = state.booths.find(function (b) { return String(b.enterprise_id) === id; });
    return booth ? booth.number + " " + booth.name : "#" + id;
  }

  var AXIS = { axisLabel: { color: "#c9d6e8", fontSize: FONT }, axisLine: { lineStyle: { color: "#3b5275" } }, splitLine: { lineStyle: { color: "#24344d" } } };

  function barOption(pairs, color) {
    pairs = pairs.slice(0, 10).reverse();
    return {
      grid: { left: 8, right: 40, top: 8, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis", axisPointer: { type: "shadow" } },
      xAxis: Object.assign({ type: "value", minInterval: 1 }, AXIS),
      yAxis: Object.assign({ type: "category", data: pairs.map(function (p) { return p[0]; }) }, AXIS,
        { axisLabel: { color: "#c9d6e8", fontSize: FONT, width: kiosk ? 320 : 220, overflow: "truncate" } }),
      series: [{ type: "bar", barMaxWidth: 40, data: pairs.map(function (p) { return p[1]; }), itemStyle: { color: color },
        label: { show: true, position: "right", color: "#e8eef7", fontSize: FONT } }],
      animationDurationUpdate: 300,
    };
  }

  function top(dim, kind, label) {
    var values = (state[dim] || {})[kind] || {};
    return Object.keys(values).map(function (key) { return [label(key), values[key]]; })
      .filter(function (p) { return p[1] > 0; })
      .sort(function (a, b) { return b[1] - a[1]; });
  }

  function renderCharts() {
    var c = chart("chart-top-applications");
    if (!c) return;
    c.setOption(barOption(top("enterprise", "application", enterpriseName), "#ffd166"));
    chart("chart-top-intentions").setOption(barOption(top("enterprise", "intention", enterpriseName), "#4ade80"));
    chart("chart-trades").setOption(barOption(top("occupation", "application", function (code) {
      return state.labels.occupation[code] || code;
    }), "#60a5fa"));
    chart("chart-hours").setOption(timelineOption(), true);
  }

  function timelineOption() {
    var hours = {};
    KINDS.forEach(function (k) { Object.keys((state.hour || {})[k] || {}).forEach(function (h) { hours[h] = true; }); });
    var keys = Object.keys(hours).sort();
    var HOUR = FairTimeline.HOUR;
    var hourTime = FairTimeline.hourTime;
    // The axis spans the fair's opening hours, widened to any event outside them.
    var first = keys.length && keys[0] < root.dataset.starts ? keys[0] : root.dataset.starts;
    var last = keys.length && keys[keys.length - 1] > root.dataset.ends ? keys[keys.length - 1] : root.dataset.ends;
    return {
      useUTC: true,
      grid: { left: 8, right: 16, top: kiosk ? 48 : 36, bottom: 8, containLabel: true },
      tooltip: { trigger: "axis" },
      legend: { textStyle: { color: "#c9d6e8", fontSize: FONT } },
      xAxis: Object.assign({}, AXIS, { type: "time", minInterval: HOUR, min: hourTime(first), max: hourTime(last) + HOUR,
        axisLabel: { color: "#c9d6e8", fontSize: FONT, hideOverlap: true,
          formatter: { year: "{yyyy}", month: "{MM}-{dd}", day: "{MM}-{dd}", hour: "{HH}:00", minute: "{HH}:{mm}" } } }),
      yAxis: Object.assign({ type: "value", minInterval: 1 }, AXIS),
      series: ["scan", "resume", "application", "download", "intention"].map(function (k) {
        var data = FairTimeline.points(keys, function (h) { return cell("hour", k, h); });
        return { name: texts["dash.kind." + k], type: "line", showSymbol: true, connectNulls: false, data: data };
      }),
    };
  }

  function rotatePanels() {
    var panels = [document.getElementById("panel-demand"), document.getElementById("panel-intentions")];
    var shown = 0;
    panels[1].classList.add("resting");
    setInterval(function () {
      panels[shown].classList.add("resting");
      shown = 1 - shown;
      panels[shown].classList.remove("resting");
      Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    }, 12000);
  }

  function render() {
    pending = false;
    renderHeadline();
    renderBooths();
    renderCharts();
    if (kiosk) Object.keys(charts).forEach(function (k) { charts[k].resize(); });
    if (demandStale) loadDemand();
  }

  function schedule() {
    if (!pending) { pending = true; window.requestAnimationFrame(render); }
  }

  var demandLoading = false;
  function loadDemand() {
    if (demandLoading) return;
    demandLoading = true;
    demandStale = false;
    fetch("/api/fairs/" + fairId + "/demand?lang=" + encodeURIComponent(lang), { credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : null; })
      .then(function (body) { if (body) { demand = body; renderDemand(); } })
      .finally(function () { setTimeout(function () { demandLoading = false; }, 30000); });
  }

  function renderDemand() {
    var c = chart("chart-demand");
    if (!c || !demand) return;
    c.resize();  // its panel may have been laid out (or shown by the kiosk rotation) since init
    var rows = drillGroup ? demand.trades.filter(function (r) { return r.group === drillGroup; }) : demand.groups;
    rows = rows.slice(0, 20).reverse();
    var data = [];
    var extent = 1;
    rows.forEach(function (row, y) {
      demand.levels.forEach(function (level, x) {
        var d = row.demand[level.key], s = row.supply[level.key];
        if (d || s) { data.push([x, y, s - d, d, s]); extent = Math.max(extent, Math.abs(s - d)); }
      });
    });
    document.getElementById("demand-back").hidden = !drillGroup;
    c.setOption({
      grid: { left: 8, right: 90, top: 8, bottom: 8, containLabel: true },
      tooltip: { formatter: function (p) {
        var row = rows[p.value[1]];
        return escapeHtml(row.name + " · " + demand.levels[p.value[0]].label) + "<br>" +
          escapeHtml(texts["dash.col.demand"] + ": " + p.value[3]) + "<br>" +
          escapeHtml(texts["dash.col.supply"] + ": " + p.value[4]) + "<br>" +
          escapeHtml(texts["dash.col.gap"] + ": " + p.value[2]);
      } },
      xAxis: Object.assign({ type: "category", data: demand.levels.map(function (l) { return l.label; }) }, AXIS),
      yAxis: Object.assign({ type: "category", data: rows.map(function (r) { return r.name; }) }, AXIS,
        { axisLabel: { color: "#c9d6e8", fontSize: FONT, width: 260, overflow: "truncate" } }),
      visualMap: { min: -extent, max: extent, dimension: 2, calculable: true, orient: "vertical", right: 0, top: "middle",
        textStyle: { color: "#c9d6e8", fontSize: FONT }, inRange: { color: ["#d7301f", "#fdd49e", "#f7f7f7", "#a1d99b", "#238b45"] } },
      series: [{ type: "heatmap", data: data, label: { show: true, color: "#111", fontSize: FONT, formatter: function (p) { return p.value[2]; } } }],
    }, true);
  }

  function connect() {
    var status = document.getElementById("status");
    var source = new EventSource("/api/fairs/" + fairId + "/stats/stream");
    source.addEventListener("snapshot", function (e) {
      state = JSON.parse(e.data);
      demandStale = true;
      status.textContent = texts[ended ? "dash.ended" : "dash.live"];
      status.className = ended ? "ended" : "live";
      schedule();
    });
    source.addEventListener("delta", function (e) {
      if (!state) return;
      merge(JSON.parse(e.data));
      schedule();
    });
    source.onerror = function () {
      status.textContent = texts["dash.offline"];
      status.className = "offline";
    };
  }

  document.addEventListener("DOMContentLoaded", function () {
    var back = document.getElementById("demand-back");
    back.addEventListener("click", function () { drillGroup = null; renderDemand(); });
    var demandChart = chart("chart-demand");
    if (demandChart) {
      demandChart.on("click", function (p) {
        if (drillGroup || !demand) return;
        var rows = demand.groups.slice(0, 20).reverse();
        drillGroup = rows[p.value[1]].code;
        renderDemand();
      });
    }
    if (kiosk) rotatePanels();
    window.addEventListener("resize", function () { Object.keys(charts).forEach(function (k) { charts[k].resize(); }); });
    connect();
  });
})();
