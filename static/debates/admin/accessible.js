/* Names for the admin's controls that have none (what axe-core reports as serious or critical). */
(function () {
  "use strict";

  function labelText(label) {
    return label.textContent.replace(/[:*]\s*$/, "").trim();
  }

  // select2 (the admin's autocomplete) draws its own combobox beside the hidden <select>; give it
  // the name of the field's <label>, and again whenever select2 redraws it.
  function nameSelect2() {
    document.querySelectorAll("select.admin-autocomplete").forEach(function (select) {
      var label = document.querySelector('label[for="' + select.id + '"]');
      var container = select.nextElementSibling;
      if (!label || !container) return;
      if (!label.id) label.id = select.id + "-label";
      var rendered = container.querySelector(".select2-selection__rendered");
      if (rendered) rendered.setAttribute("aria-label", labelText(label));
      // select2 names the combobox by the chosen value alone, which is empty before a choice:
      // the label first, then the value.
      var combobox = container.querySelector('.select2-selection[role="combobox"]');
      if (combobox) {
        combobox.setAttribute("aria-labelledby", label.id + (rendered && rendered.id ? " " + rendered.id : ""));
      }
    });
    document.querySelectorAll(".select2-search__field").forEach(function (field) {
      if (!field.getAttribute("aria-label")) field.setAttribute("aria-label", "Search");
    });
  }

  // A tabular inline names its columns in the table's head, not with a <label> per field.
  function nameInlineFields() {
    document.querySelectorAll(".tabular table").forEach(function (table) {
      var headers = Array.from(table.querySelectorAll("thead th"));
      table.querySelectorAll("tbody tr").forEach(function (row) {
        Array.from(row.children).forEach(function (cell, index) {
          var header = headers[index];
          if (!header) return;
          cell.querySelectorAll("input:not([type=hidden]), select, textarea").forEach(function (field) {
            if (!field.labels.length && !field.getAttribute("aria-label")) {
              field.setAttribute("aria-label", header.textContent.trim() || field.name);
            }
          });
        });
      });
    });
  }

  function run() {
    nameSelect2();
    nameInlineFields();
  }
  // The admin draws its widgets when jQuery is ready, which may come after this script and even
  // after the page's load event; select2 redraws them on every choice. Name them whenever
  // elements are added.
  var pending = false;
  function soon() {
    if (pending) return;
    pending = true;
    window.requestAnimationFrame(function () { pending = false; run(); });
  }
  document.addEventListener("DOMContentLoaded", function () {
    run();
    new MutationObserver(soon).observe(document.body, { childList: true, subtree: true });
  });
  window.addEventListener("load", run);
})();
