"use strict";
// Builds the findings table from the embedded JSON and filters it. Repository strings are
// only ever set with textContent: never parsed as HTML.
(function () {
  var source = document.getElementById("findings-data");
  var body = document.getElementById("findings-body");
  if (!source || !body) { return; }
  var data = JSON.parse(source.textContent);
  var cols = data.columns;
  function cell(row, text, cls) {
    var td = document.createElement("td");
    td.textContent = text;
    if (cls) { td.className = cls; }
    row.appendChild(td);
    return td;
  }
  var groups = [];
  var byGroup = {};
  data.findings.forEach(function (f) {
    var check = f[cols.indexOf("check")];
    if (!(check in byGroup)) {
      byGroup[check] = [];
      groups.push(check);
    }
    byGroup[check].push(f);
  });
  var rows = [];
  groups.forEach(function (check) {
    var tbody = document.createElement("tbody");
    tbody.className = "finding-group";
    var head = document.createElement("tr");
    head.className = "group";
    var th = document.createElement("th");
    th.colSpan = 5;
    th.textContent = check + " (" + (data.pillars[check] || "discovery") + ")";
    head.appendChild(th);
    tbody.appendChild(head);
    byGroup[check].forEach(function (f) {
      var tr = document.createElement("tr");
      tr.className = "finding";
      var sev = f[cols.indexOf("severity")];
      var path = f[cols.indexOf("path")] || "";
      var line = f[cols.indexOf("line")];
      var rule = f[cols.indexOf("rule")];
      tr.dataset.pillar = data.pillars[check] || "discovery";
      tr.dataset.severity = sev;
      tr.dataset.path = path;
      cell(tr, sev, "sev sev-" + sev);
      cell(tr, rule, "path");
      cell(tr, path + (line ? ":" + line : ""), "path");
      cell(tr, f[cols.indexOf("message")]);
      cell(tr, data.help[rule] || "");
      tbody.appendChild(tr);
      rows.push(tr);
    });
    body.parentNode.insertBefore(tbody, body);
  });
  body.parentNode.removeChild(body);
  var pillar = document.getElementById("filter-pillar");
  var severity = document.getElementById("filter-severity");
  var path = document.getElementById("filter-path");
  var count = document.getElementById("findings-count");
  function apply() {
    var shown = 0;
    var needle = path.value.toLowerCase();
    rows.forEach(function (tr) {
      var ok = (!pillar.value || tr.dataset.pillar === pillar.value) &&
        (!severity.value || tr.dataset.severity === severity.value) &&
        (!needle || tr.dataset.path.toLowerCase().indexOf(needle) !== -1);
      tr.hidden = !ok;
      if (ok) { shown += 1; }
    });
    document.querySelectorAll("tbody.finding-group").forEach(function (tb) {
      tb.hidden = tb.querySelectorAll("tr.finding:not([hidden])").length === 0;
    });
    count.textContent = shown + " of " + rows.length + " findings shown";
  }
  [pillar, severity].forEach(function (el) { el.addEventListener("change", apply); });
  path.addEventListener("input", apply);
  apply();
})();
