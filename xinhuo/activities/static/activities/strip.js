/* The home page's month strip: open it on today (a phone shows a few days only). No inline script: the CSP. */
(function () {
  "use strict";
  function start() {
    var strip = document.getElementById("month-strip");
    if (!strip) return;
    var today = strip.querySelector(".xh-strip-day.today");
    if (!today) return;
    // a day before today stays in sight, so the row reads as "from yesterday on"
    var before = today.previousElementSibling || today;
    strip.scrollLeft = Math.max(0, before.offsetLeft - 4);  // the strip is the offset parent (strip.css)
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
