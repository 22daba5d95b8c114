/* A new growth mentor (care/mentoring_mentor_form.html): show only the fields of the chosen kind (without script
 * every field shows; the service ignores the others). */
(function () {
  "use strict";
  var form = document.getElementById("mentor-form"), fields = {elder: ["elder"], teacher: ["staff"], peer: ["peer"],
      volunteer: ["name", "phone"]};
  if (!form) return;
  function show() {
    var chosen = form.querySelector("input[name=kind]:checked"), kind = chosen ? chosen.value : "";
    Object.keys(fields).forEach(function (k) {
      fields[k].forEach(function (name) {
        var input = document.getElementById("id_" + name), box = input && input.closest(".mb-3");
        if (box) box.hidden = k !== kind;
      });
    });
  }
  form.addEventListener("change", function (e) { if (e.target.name === "kind") show(); });
  show();
})();
