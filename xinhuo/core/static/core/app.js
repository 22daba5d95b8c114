/* What the pages do in the browser that they once did with inline handlers (onsubmit=, onclick=, onchange=), which
 * the Content-Security-Policy refuses (script-src 'self'). The templates declare it with data-attributes; the
 * listeners sit on the document, so parts that htmx swaps in behave the same.
 *   <form data-confirm="question">   asks before submitting; "Cancel" leaves the page as it is
 *   <button data-print>              prints the page
 *   <select data-autosubmit>         submits its form when the choice changes (the footer's language) */
(function () {
  "use strict";
  document.addEventListener("submit", function (e) {
    var form = e.target;
    if (form instanceof HTMLFormElement && form.hasAttribute("data-confirm") && !window.confirm(form.dataset.confirm)) {
      e.preventDefault();
    }
  });
  document.addEventListener("click", function (e) {
    if (e.target instanceof Element && e.target.closest("[data-print]")) window.print();
  });
  document.addEventListener("change", function (e) {
    var el = e.target;
    if (el instanceof HTMLSelectElement && el.hasAttribute("data-autosubmit") && el.form) el.form.submit();
  });
})();
