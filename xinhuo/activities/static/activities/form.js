/* The activity form (activities/form.html): show only the fields the chosen kind needs, and hide their box when the
 * kind needs none. Without script every field shows. The kind's <select> is named by the form's data-kind-select. */
(function () {
  "use strict";
  var form = document.getElementById("activity-form");
  var kind = form && document.getElementById(form.dataset.kindSelect);
  if (!kind) return;
  function show() {
    document.querySelectorAll(".kind-field").forEach(function (el) {
      el.hidden = el.dataset.kinds.split(" ").indexOf(kind.value) < 0;
    });
    var box = document.getElementById("kind-fields");
    box.hidden = !box.querySelector(".kind-field:not([hidden])");
  }
  kind.addEventListener("change", show);
  show();
})();
