/* Small, optional improvements: every page works without this file. */
(function () {
  "use strict";

  // Filter panels start closed on narrow screens, so that the results come first.
  var narrow = window.matchMedia("(max-width: 50rem)");
  function fitPanels() {
    document.querySelectorAll("details[data-collapse-narrow]").forEach(function (panel) {
      if (narrow.matches) {
        if (!panel.dataset.touched) panel.open = false;
      } else {
        panel.open = true;
      }
    });
  }
  document.querySelectorAll("details[data-collapse-narrow] > summary").forEach(function (summary) {
    summary.addEventListener("click", function () { summary.parentElement.dataset.touched = "1"; });
  });
  fitPanels();
  if (narrow.addEventListener) narrow.addEventListener("change", fitPanels);

  // Copy buttons for citations and other text meant to be pasted elsewhere.
  if (navigator.clipboard) {
    document.querySelectorAll("[data-copy]").forEach(function (source) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "copy";
      button.textContent = source.dataset.copy;
      var status = document.createElement("span");
      status.className = "copy-status";
      status.setAttribute("role", "status");
      button.addEventListener("click", function () {
        navigator.clipboard.writeText(source.innerText.trim()).then(function () {
          status.textContent = "Copied.";
          setTimeout(function () { status.textContent = ""; }, 3000);
        }, function () {
          status.textContent = "Could not copy: select the text and copy it.";
        });
      });
      source.insertAdjacentElement("afterend", status);
      source.insertAdjacentElement("afterend", button);
    });
  }

  // Choosing a suggestion from a filter's list adds it at once.
  document.querySelectorAll(".searchable input[list]").forEach(function (input) {
    var options = new Set(Array.from(input.list.options).map(function (o) { return o.value; }));
    input.addEventListener("change", function () {
      if (options.has(input.value) && input.form) input.form.requestSubmit();
    });
  });
})();
