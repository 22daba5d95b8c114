/* Every chart of the site (core/charts.py, the {% chart %} tag; surveys' and family's pages too).
 *
 * A page embeds each chart's figures as JSON beside a table that shows the same figures, so it reads fully
 * without JavaScript and a screen reader reads the table (the drawn box is aria-hidden). Here, when the page has
 * a chart, ECharts is loaded (only then: it is large for a phone), each chart is drawn, its table is hidden
 * visually and a button shows it again. No inline script: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  var PALETTE = ["#b03a2e", "#d35400", "#b7950b", "#1e8449", "#2471a3", "#7d3c98", "#5d6d7e"];
  var me = document.currentScript;

  function words() {
    var el = document.getElementById("chart-words");
    return el ? el.dataset : {};
  }

  function height(spec, box) {
    if (box.dataset.height) return parseInt(box.dataset.height, 10);
    var n = (spec.categories || spec.y || []).length;
    if (spec.type === "stacked") return 110;
    if (spec.type === "heatmap") return 70 + 36 * n;
    if (spec.type === "hbar" || spec.type === "bar" || spec.kind === "hbar") return Math.max(160, 50 + 30 * n);
    return 260;
  }

  function barOption(spec) {
    // horizontal bars: long Chinese option texts stay readable on a phone
    return {
      color: PALETTE,
      grid: {left: 8, right: 40, top: 8, bottom: 8, containLabel: true},
      tooltip: {trigger: "axis", axisPointer: {type: "shadow"}},
      xAxis: {type: "value", minInterval: 1},
      yAxis: {type: "category", inverse: true, data: spec.categories,
              axisLabel: {width: 140, overflow: "truncate"}},
      series: [{type: "bar", data: spec.values, label: {show: true, position: "right",
        formatter: function (p) {
          var pct = spec.pcts && spec.pcts[p.dataIndex];
          return pct === undefined ? String(p.value) : p.value + " (" + pct + "%)";
        }}}]
    };
  }

  function pieOption(categories, values) {
    return {
      color: PALETTE,
      tooltip: {trigger: "item", formatter: "{b}: {c} ({d}%)"},
      legend: {bottom: 0, type: "scroll"},
      series: [{type: "pie", radius: ["30%", "65%"], center: ["50%", "45%"],
                data: categories.map(function (c, i) { return {name: c, value: values[i]}; }),
                label: {formatter: "{b} {c}"}}]
    };
  }

  // the survey pages' specs (surveys/results/views.py): {id, type, categories, values, ...}
  function legacyOption(spec, asPie) {
    if (spec.type === "bar") return asPie ? pieOption(spec.categories, spec.values) : barOption(spec);
    if (spec.type === "hbar") {
      var o = barOption(spec);
      o.xAxis.minInterval = undefined;
      o.series[0].label.formatter = "{c}";
      return o;
    }
    if (spec.type === "stacked") {
      return {
        color: PALETTE,
        tooltip: {trigger: "item", formatter: "{a}: {c}%"},
        legend: {bottom: 0, type: "scroll"},
        grid: {left: 8, right: 8, top: 8, bottom: 36, containLabel: false},
        xAxis: {type: "value", max: 100, show: false},
        yAxis: {type: "category", data: spec.categories, show: false},
        series: spec.series.map(function (s) {
          return {name: s.name, type: "bar", stack: "all", data: s.values, barWidth: 34,
                  label: {show: true, formatter: function (p) { return p.value >= 8 ? p.value + "%" : ""; }}};
        })
      };
    }
    if (spec.type === "heatmap") {
      return {
        tooltip: {formatter: function (p) {
          return spec.y[p.value[1]] + " · " + spec.x[p.value[0]] + ": " + p.value[2] + "%";
        }},
        grid: {left: 8, right: 8, top: 8, bottom: 60, containLabel: true},
        xAxis: {type: "category", data: spec.x, splitArea: {show: true}, axisLabel: {interval: 0, rotate: 30}},
        yAxis: {type: "category", data: spec.y, inverse: true, axisLabel: {width: 120, overflow: "truncate"}},
        visualMap: {min: 0, max: 100, show: false, inRange: {color: ["#fdf2e9", "#c0392b"]}},
        series: [{type: "heatmap", data: spec.cells, label: {show: true, formatter: function (p) {
          return p.value[2] + "%"; }}}]
      };
    }
    return null;
  }

  // the {% chart %} tag's specs (core/charts.py): {id, kind, categories, series: [{name, values}]}
  function option(spec) {
    var many = spec.series.length > 1;
    if (spec.kind === "pie") return pieOption(spec.categories, spec.series[0].values);
    var horizontal = spec.kind === "hbar";
    var cat = {type: "category", data: spec.categories, inverse: horizontal,
               axisLabel: horizontal ? {width: 120, overflow: "truncate"} : {hideOverlap: true}};
    var val = {type: "value", minInterval: 1};
    return {
      color: PALETTE,
      tooltip: {trigger: "axis", axisPointer: {type: spec.kind === "line" ? "line" : "shadow"}},
      legend: many ? {top: 0, type: "scroll"} : undefined,
      grid: {left: 8, right: horizontal ? 36 : 8, top: many ? 32 : 12, bottom: 8, containLabel: true},
      xAxis: horizontal ? val : cat,
      yAxis: horizontal ? cat : val,
      series: spec.series.map(function (s) {
        return {name: s.name, type: spec.kind === "line" ? "line" : "bar", data: s.values,
                stack: spec.kind === "stacked" ? "all" : undefined, smooth: false,
                label: {show: !many && spec.kind !== "line", position: horizontal ? "right" : "top"}};
      })
    };
  }

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary me-2 mb-2";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  var drawn = [];

  function place(box, opt, spec, w) {
    box.style.height = height(spec, box) + "px";
    box.style.width = "100%";
    var chart = window.echarts.init(box, null, {renderer: "canvas"});
    chart.setOption(opt);
    drawn.push(chart);
    box.dataset.drawn = "1";
    var tools = document.createElement("div");
    tools.className = "chart-tools";
    var table = document.querySelector('.chart-table[data-for="' + box.id + '"]');
    if (table) {
      table.classList.add("visually-hidden");
      var show = button(w.table || "Table", function () {
        table.classList.toggle("visually-hidden");
      });
      show.setAttribute("aria-hidden", "true");  // screen readers have the table already
      tools.appendChild(show);
    }
    box.parentNode.insertBefore(tools, box.nextSibling);
    return {chart: chart, tools: tools};
  }

  function draw() {
    var w = words();
    document.querySelectorAll(".xh-chart[data-spec]").forEach(function (box) {
      if (box.dataset.drawn) return;
      var source = document.getElementById(box.dataset.spec);
      if (!source) return;
      var spec;
      try { spec = JSON.parse(source.textContent); } catch (e) { return; }
      place(box, option(spec), spec, w);
    });
    var data = document.getElementById("chart-data");
    if (data) {
      var specs;
      try { specs = JSON.parse(data.textContent); } catch (e) { specs = []; }
      specs.forEach(function (spec) {
        var box = document.getElementById(spec.id);
        if (!box || box.dataset.drawn) return;
        var asPie = false;
        var made = place(box, legacyOption(spec, asPie), spec, w);
        if (spec.pie) {
          var toggle = button(w.pie || "Pie", function () {
            asPie = !asPie;
            made.chart.setOption(legacyOption(spec, asPie), true);
            toggle.textContent = asPie ? (w.bar || "Bar") : (w.pie || "Pie");
          });
          toggle.classList.add("chart-pie");
          made.tools.insertBefore(toggle, made.tools.firstChild);
        }
      });
    }
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  function start() {
    if (!document.querySelector(".xh-chart[data-spec], #chart-data")) return;
    if (typeof window.echarts !== "undefined") { draw(); return; }
    var s = document.createElement("script");
    s.src = me && me.dataset.echarts;
    s.addEventListener("load", draw);
    document.head.appendChild(s);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
