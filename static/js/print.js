// Printing: every collapsed part of the page opens for the paper and closes again
// afterwards, and the printed footer says when the page was retrieved. Pages are kept
// in caches for as long as their data is current, so that date cannot be written into
// the page by the server; without this script the footer still prints the address.
(function () {
  "use strict";

  var retrieved = new Date();
  var opened = [];

  function fillRetrievalDate() {
    var slot = document.querySelector("[data-print-retrieved]");
    if (!slot) {
      return;
    }
    var lang = document.documentElement.lang || "en";
    var when;
    try {
      when = new Intl.DateTimeFormat(lang, {
        dateStyle: "long",
        timeStyle: "short",
        timeZone: "UTC",
      }).format(retrieved) + " UTC";
    } catch (error) {
      when = retrieved.toISOString();
    }
    slot.textContent = slot.getAttribute("data-print-retrieved") + " " + when;
  }

  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.filter.call(
      document.querySelectorAll("main details:not([open])"),
      function (details) {
        details.open = true;
        return true;
      }
    );
  });
  window.addEventListener("afterprint", function () {
    opened.forEach(function (details) {
      details.open = false;
    });
    opened = [];
  });
  fillRetrievalDate();
})();
