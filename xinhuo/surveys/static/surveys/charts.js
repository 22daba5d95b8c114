/* The charts of a survey's results (surveys/results_overview.html).
 *
 * The page embeds every chart's data with json_script (#chart-data) and keeps each chart's table beside it, so it
 * reads fully without JavaScript. Here, when ECharts is there, each chart is drawn into its box, its table is
 * hidden visually (screen readers still read it: the chart box itself is aria-hidden) and a button shows it
 * again; a single-choice chart gets a button to switch between bars and a pie. No inline script: a
 * Content-Security-Policy may forbid them. */
(function () {
  "use strict";
  var PALETTE = ["#c0392b", "#e67e22", "#f1c40f", "#27ae60", "#2980b9", "#8e44ad", "#7f8c8d"];

  function words() {
    var el = document.getElementById("chart-words");
    return el ? el.dataset : {};
  }

  function height(spec) {
    var n = (spec.categories || spec.y || []).length;
    if (spec.type === "stacked") return 110;
    if (spec.type === "heatmap") return 70 + 36 * n;
    if (spec.type === "hbar" || spec.type === "bar") return Math.max(180, 60 + 34 * n);
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

  function pieOption(spec) {
    return {
      color: PALETTE,
      tooltip: {trigger: "item", formatter: "{b}: {c} ({d}%)"},
      legend: {bottom: 0, type: "scroll"},
      series: [{type: "pie", radius: ["30%", "65%"], center: ["50%", "45%"],
                data: spec.categories.map(function (c, i) { return {name: c, value: spec.values[i]}; }),
                label: {formatter: "{d}%"}}]
    };
  }

  function option(spec, asPie) {
    if (spec.type === "bar") return asPie ? pieOption(spec) : barOption(spec);
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

  function button(text, onClick) {
    var b = document.createElement("button");
    b.type = "button";
    b.className = "btn btn-sm btn-outline-secondary me-2 mb-2";
    b.textContent = text;
    b.addEventListener("click", onClick);
    return b;
  }

  function draw() {
    var data = document.getElementById("chart-data");
    if (!data || typeof window.echarts === "undefined") return;
    var specs;
    try { specs = JSON.parse(data.textContent); } catch (e) { return; }
    var w = words();
    var drawn = [];
    specs.forEach(function (spec) {
      var box = document.getElementById(spec.id);
      if (!box) return;
      box.style.height = height(spec) + "px";
      box.style.width = "100%";
      var chart = window.echarts.init(box, null, {renderer: "canvas"});
      var asPie = false;
      chart.setOption(option(spec, asPie));
      drawn.push(chart);
      box.dataset.drawn = "1";
      var table = document.querySelector('.chart-table[data-for="' + spec.id + '"]');
      var tools = document.createElement("div");
      if (spec.pie) {
        var toggle = button(w.pie || "Pie", function () {
          asPie = !asPie;
          chart.setOption(option(spec, asPie), true);
          toggle.textContent = asPie ? (w.bar || "Bar") : (w.pie || "Pie");
        });
        toggle.classList.add("chart-pie");
        tools.appendChild(toggle);
      }
      if (table) {
        table.classList.add("visually-hidden");
        var show = button(w.table || "Table", function () {
          table.classList.toggle("visually-hidden");
        });
        show.setAttribute("aria-hidden", "true");  // screen readers have the table already
        tools.appendChild(show);
      }
      box.parentNode.insertBefore(tools, box.nextSibling);
    });
    window.addEventListener("resize", function () { drawn.forEach(function (c) { c.resize(); }); });
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
