// Keyboard shortcuts of the verifiers' pages (no key works while typing in a field):
// n next incident of the list, l back to the list, r the review form,
// j / k the next / previous row of the list, x tick the row that has the focus.
(function () {
  "use strict";
  function typing(target) {
    var name = target && target.tagName;
    return name === "INPUT" || name === "TEXTAREA" || name === "SELECT" || (target && target.isContentEditable);
  }
  function rowLinks() {
    return Array.prototype.slice.call(document.querySelectorAll("table.worklist tbody tr td a"));
  }
  function moveRow(step) {
    var links = rowLinks();
    if (!links.length) { return; }
    var at = links.indexOf(document.activeElement);
    var next = at < 0 ? 0 : Math.min(Math.max(at + step, 0), links.length - 1);
    links[next].focus();
  }
  function tickRow() {
    var row = document.activeElement && document.activeElement.closest("tr");
    var box = row && row.querySelector("input[type=checkbox]");
    if (box) { box.checked = !box.checked; }
  }
  // The key's place on the keyboard, not the letter it types: the same keys work with an Arabic or
  // a French layout (the key labelled N on a QWERTY keyboard types "ى" in Arabic).
  function letter(event) {
    return /^Key[A-Z]$/.test(event.code || "") ? event.code.slice(3).toLowerCase() : event.key;
  }
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) { return; }
    var key = letter(event);
    var link = document.querySelector('[data-key="' + key + '"]');
    if (link) { event.preventDefault(); link.click(); return; }
    if (key === "r") {
      var field = document.querySelector("#review select, #review textarea");
      if (field) { event.preventDefault(); field.focus(); }
    } else if (key === "j" || key === "k") {
      event.preventDefault();
      moveRow(key === "j" ? 1 : -1);
    } else if (key === "x") {
      tickRow();
    }
  });
}());
