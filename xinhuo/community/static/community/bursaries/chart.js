/* The bursary report's chart: received and granted per month (community/bursaries/report.html).
 * The page keeps the table beside the chart, so it reads fully without JavaScript; when ECharts is there the
 * chart is drawn, the table is hidden visually (screen readers still read it) and a button shows it again.
 * No inline script: the Content-Security-Policy forbids them. */
(function () {
  "use strict";
  function draw() {
    var box = document.getElementById("bursary-chart");
    var source = document.getElementById("bursary-chart-data");
    if (!box || !source || typeof window.echarts === "undefined") return;
    var spec = JSON.parse(source.textContent);
    if (!spec.categories.length) return;
    var words = (document.getElementById("bursary-chart-words") || {}).dataset || {};
    box.style.height = "280px";
    var chart = window.echarts.init(box);
    chart.setOption({
      color: ["#27ae60", "#c0392b"],
      tooltip: {trigger: "axis"},
      legend: {top: 0},
      grid: {left: 8, right: 8, top: 32, bottom: 8, containLabel: true},
      xAxis: {type: "category", data: spec.categories},
      yAxis: {type: "value"},
      series: [{name: words.received, type: "bar", data: spec.received},
               {name: words.granted, type: "bar", data: spec.granted}]
    });
    window.addEventListener("resize", function () { chart.resize(); });
    var table = document.querySelector('.chart-table[data-for="bursary-chart"]');
    if (table) {
      table.classList.add("visually-hidden");
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary mb-3";
      button.textContent = words.table || "Table";
      button.addEventListener("click", function () {
        table.classList.remove("visually-hidden");
        button.remove();
      });
      table.parentNode.insertBefore(button, table);
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
