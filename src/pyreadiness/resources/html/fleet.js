"use strict";
// Filters the league table by repository name and by gate; names are compared, never parsed.
(function () {
  var name = document.getElementById("filter-name");
  var gate = document.getElementById("filter-gate");
  var rows = Array.prototype.slice.call(document.querySelectorAll("tr.repo"));
  var count = document.getElementById("repos-count");
  function apply() {
    var needle = name.value.toLowerCase();
    var shown = 0;
    rows.forEach(function (tr) {
      var ok = (!needle || tr.dataset.name.toLowerCase().indexOf(needle) !== -1) &&
        (!gate.value || tr.dataset.gate === gate.value);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " repositories shown";
  }
  name.addEventListener("input", apply);
  gate.addEventListener("change", apply);
  apply();
})();
