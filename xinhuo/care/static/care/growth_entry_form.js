/* A growth record entry (care/growth_entry_form.html): a moral-education note starts internal, other kinds start
 * shared with the family, until the box is touched; a correction (data-touched on the form) keeps the box as it was. */
(function () {
  "use strict";
  var form = document.getElementById("growth-entry-form"),
      kind = document.getElementById("id_kind"), box = document.getElementById("id_internal");
  if (!form || !kind || !box) return;
  var touched = form.hasAttribute("data-touched");
  box.addEventListener("change", function () { touched = true; });
  kind.addEventListener("change", function () { if (!touched) box.checked = kind.value === "moral_note"; });
})();
