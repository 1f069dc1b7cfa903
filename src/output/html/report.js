(function () {
  "use strict";
  var list = function (x) { return Array.prototype.slice.call(x); };
  var tables = list(document.querySelectorAll("table.register"));
  var rows = [];
  tables.forEach(function (t) { rows = rows.concat(list(t.tBodies[0].rows)); });
  var form = document.getElementById("filters");
  var count = document.getElementById("shown");
  var selects = list(form.querySelectorAll("select"));
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
      var named = key === "file" ? document.getElementById("f-" + w) : null;
      o.value = w;
      o.textContent = named ? named.textContent : w;
      sel.appendChild(o);
    });
  });
  function apply() {
    var shown = 0;
    tables.forEach(function (t) {
      var any = false;
      list(t.tBodies[0].rows).forEach(function (row) {
        var ok = selects.every(function (sel) {
          return sel.value === "" || words(row, sel.getAttribute("data-key")).indexOf(sel.value) >= 0;
        });
        if (row.hidden === ok) { row.hidden = !ok; }
        if (ok) { shown += 1; any = true; }
      });
      t.parentNode.hidden = !any;
    });
    count.textContent = shown + " of " + rows.length + " claims shown";
  }
  selects.forEach(function (sel) { sel.addEventListener("change", apply); });
  // A link may carry filters: review.html#filter:status=unsupported&market=uk
  var asked = /^#filter:(.*)$/.exec(window.location.hash);
  if (asked) {
    asked[1].split("&").forEach(function (pair) {
      var kv = pair.split("=");
      selects.forEach(function (sel) {
        if (sel.getAttribute("data-key") === kv[0]) { sel.value = decodeURIComponent(kv[1] || ""); }
      });
    });
  }
  // Sorting a column sorts every document's table by it.
  function sortBy(col, up) {
    tables.forEach(function (t) {
      var heads = list(t.tHead.rows[0].cells);
      heads.forEach(function (h, i) {
        if (i === col) { h.setAttribute("aria-sort", up ? "ascending" : "descending"); }
        else { h.removeAttribute("aria-sort"); }
      });
      var body = t.tBodies[0];
      var key = function (row) {
        var cell = row.cells[col];
        return cell.getAttribute("data-k") || cell.textContent.trim().toLowerCase();
      };
      list(body.rows).map(function (row) { return [key(row), row]; })
        .sort(function (a, b) {
          var r = a[0] < b[0] ? -1 : a[0] > b[0] ? 1 : 0;
          return up ? r : -r;
        })
        .forEach(function (pair) { body.appendChild(pair[1]); });
    });
  }
  tables.forEach(function (t) {
    list(t.tHead.rows[0].cells).forEach(function (th, col) {
      var button = th.querySelector("button");
      if (!button) { return; }
      button.hidden = false;
      button.addEventListener("click", function () {
        sortBy(col, th.getAttribute("aria-sort") !== "ascending");
      });
    });
  });
  form.hidden = false;
  apply();
  document.documentElement.setAttribute("data-script", "ready");
})();
