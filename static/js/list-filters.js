/* The initiatives list, enhanced: the page works the same without this script.
   - Wide screens show the filters open beside the results; phones keep them folded.
   - A submitted form leaves out its empty fields, so the address holds only the filters
     (the server redirects such addresses otherwise, at the cost of one more request).
   - Arriving on the results (#results, after applying the filters or changing page) moves
     the focus there, so that a screen reader reads the count first. */
(function () {
  "use strict";
  var panel = document.getElementById("filters");
  var results = document.getElementById("results");
  if (!panel || !results) {
    return;
  }
  var wide = window.matchMedia("(min-width: 56rem)");
  function fitPanel() {
    if (wide.matches) {
      panel.open = true;
    }
  }
  fitPanel();
  if (wide.addEventListener) {
    wide.addEventListener("change", fitPanel);
  }

  var form = panel.querySelector("form");
  if (form) {
    form.addEventListener("submit", function () {
      Array.prototype.forEach.call(form.elements, function (field) {
        if (field.name && (field.type === "search" || field.tagName === "SELECT") && !field.value.trim()) {
          field.disabled = true;
        }
      });
      // Re-enabled for the page kept in the back/forward cache.
      window.setTimeout(function () {
        Array.prototype.forEach.call(form.elements, function (field) { field.disabled = false; });
      }, 0);
    });
  }

  if (window.location.hash === "#results") {
    results.focus();
  }
})();
