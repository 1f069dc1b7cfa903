(function () {
  "use strict";
  var table = document.getElementById("register");
  if (!table) { return; }
  var body = table.tBodies[0];
  var rows = Array.prototype.slice.call(body.rows);
  var form = document.getElementById("filters");
  var count = document.getElementById("shown");
  var selects = Array.prototype.slice.call(form.querySelectorAll("select"));
  function words(row, key) {
    var v = row.getAttribute("data-" + key) || "";
    return v === "" ? [] : v.split(" ");
  }
  selects.forEach(function (sel) {
    var key = sel.getAttribute("data-key");
    if (key === "status") { return; }
    var seen = {};
    rows.forEach(function (row) {
      words(row, key).forEach(function (w) { seen[w] = true; });
    });
    Object.keys(seen).sort().forEach(function (w) {
      var o = document.createElement("option");
      o.value = w;
      o.textContent = key === "file" ? (document.getElementById("f-" + w) || {}).textContent || w : w;
      sel.appendChild(o);
    });
  });
  function apply() {
    var shown = 0;
    rows.forEach(function (row) {
      var ok = selects.every(function (sel) {
        return sel.value === "" || words(row, sel.getAttribute("data-key")).indexOf(sel.value) >= 0;
      });
      row.hidden = !ok;
      if (ok) { shown += 1; }
    });
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  selects.forEach(function (sel) { sel.addEventListener("change", apply); });
  var heads = Array.prototype.slice.call(table.tHead.rows[0].cells);
  heads.forEach(function (th, col) {
    var button = th.querySelector("button");
    if (!button) { return; }
    button.hidden = false;
    button.addEventListener("click", function () {
      var up = th.getAttribute("aria-sort") !== "ascending";
      heads.forEach(function (h) { h.removeAttribute("aria-sort"); });
      th.setAttribute("aria-sort", up ? "ascending" : "descending");
      var key = function (row) {
        var cell = row.cells[col];
        return cell.getAttribute("data-k") || cell.textContent.trim().toLowerCase();
      };
      rows.sort(function (a, b) {
        var x = key(a), y = key(b);
        var r = x < y ? -1 : x > y ? 1 : 0;
        return up ? r : -r;
      });
      rows.forEach(function (row) { body.appendChild(row); });
    });
  });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-script", "ready");
})();
