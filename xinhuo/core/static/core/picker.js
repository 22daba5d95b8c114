/* The searchable picker (core.forms.SearchPicker): a multi-select of many items (a plan task's linked activities,
 * a school's students) becomes the list of chosen items, each with a remove button, and a search box whose matches
 * are added one at a time. The <select multiple> stays in the form, hidden, and keeps the choice: the form posts
 * what it always posted, and without script the plain multi-select is what the page shows.
 *   <div class="xh-picker" data-picker data-picker-search="…" data-picker-add="…" …>
 *     <select multiple data-picker-select>…</select></div>
 * Every widget renders this script's tag; it runs once. */
(function () {
  "use strict";
  if (window.xhPicker) return;
  window.xhPicker = true;
  var LIMIT = 12; // matches shown at once: type more to narrow them
  var counter = 0;

  function make(tag, cls, words) {
    var el = document.createElement(tag);
    if (cls) el.className = cls;
    if (words !== undefined) el.textContent = words;
    return el;
  }

  function row(o, cls, words, label) {
    var li = make("li", "list-group-item d-flex justify-content-between align-items-center gap-2");
    li.dataset.value = o.value;
    var btn = make("button", "btn btn-sm " + cls, words);
    btn.type = "button";
    btn.dataset.value = o.value;
    btn.setAttribute("aria-label", label + " " + o.text);
    li.append(make("span", "xh-picker-label", o.text), btn);
    return li;
  }

  function init(box) {
    var select = box.querySelector("select[data-picker-select]");
    if (!select || box.dataset.pickerReady) return;
    box.dataset.pickerReady = "1";
    var d = box.dataset;
    var id = select.id || "xh-picker-" + ++counter;
    var options = Array.prototype.slice.call(select.options).filter(function (o) { return o.value; });

    var head = make("div", "form-text mt-0 mb-1 xh-picker-count");
    var chosen = make("ul", "list-group mb-2 xh-picker-chosen");
    chosen.id = id + "-chosen";
    var search = make("input", "form-control mb-1 xh-picker-search");
    search.type = "search";
    search.id = id + "-search";
    search.placeholder = d.pickerSearch;
    search.autocomplete = "off";
    search.setAttribute("aria-controls", id + "-results");
    var results = make("ul", "list-group xh-picker-results");
    results.id = id + "-results";
    var status = make("div", "visually-hidden");
    status.setAttribute("role", "status");

    var label = select.id ? document.querySelector('label[for="' + select.id + '"]') : null;
    if (label) label.htmlFor = search.id; // the field's label now names the search box
    select.hidden = true;
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    box.append(head, chosen, search, results, status);

    function drawChosen() {
      chosen.replaceChildren();
      var n = 0;
      options.forEach(function (o) {
        if (!o.selected) return;
        n += 1;
        chosen.append(row(o, "btn-outline-danger xh-picker-remove", d.pickerRemove, d.pickerRemove));
      });
      if (!n) chosen.append(make("li", "list-group-item text-muted", d.pickerNone));
      head.textContent = d.pickerChosen + " (" + n + ")";
    }

    function drawResults() {
      results.replaceChildren();
      var terms = search.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      var more = false;
      for (var i = 0; i < options.length; i += 1) {
        var o = options[i];
        if (o.selected) continue;
        var words = o.text.toLowerCase();
        if (!terms.every(function (t) { return words.indexOf(t) >= 0; })) continue;
        if (shown === LIMIT) { more = true; break; }
        results.append(row(o, "btn-outline-success xh-picker-add", "+ " + d.pickerAdd, d.pickerAdd));
        shown += 1;
      }
      if (!shown) results.append(make("li", "list-group-item text-muted", d.pickerNomatch));
      else if (more) results.append(make("li", "list-group-item small text-muted", d.pickerMore));
    }

    box.addEventListener("click", function (e) {
      var btn = e.target instanceof Element ? e.target.closest("button[data-value]") : null;
      if (!btn || !box.contains(btn)) return;
      var o = options.find(function (x) { return x.value === btn.dataset.value; });
      if (!o) return;
      var adding = btn.classList.contains("xh-picker-add");
      o.selected = adding;
      select.dispatchEvent(new Event("change", { bubbles: true }));
      status.textContent = (adding ? d.pickerAdded : d.pickerRemoved) + " " + o.text;
      drawChosen();
      drawResults();
      search.focus();
    });
    search.addEventListener("input", drawResults);
    search.addEventListener("keydown", function (e) {
      if (e.key !== "Enter") return;
      e.preventDefault(); // Enter adds the first match; it never submits the form half-chosen
      var first = results.querySelector("button.xh-picker-add");
      if (first) first.click();
    });
    drawChosen();
    drawResults();
  }

  function all() { document.querySelectorAll(".xh-picker[data-picker]").forEach(init); }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", all);
  else all();
  document.addEventListener("htmx:afterSwap", all);
})();
