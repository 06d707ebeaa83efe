// A roadmap's rows are collapsed to their outcomes; the row an address points at
// (/roadmaps/c2/#geneva-tunis-D, a link of the index or of the summary) opens, so
// that a cited link lands on the whole row. Without this script the row is found
// all the same, and its outcome opens it.
(function () {
  "use strict";

  function openTargetedRow() {
    var id = window.location.hash.slice(1);
    if (!id) {
      return;
    }
    var target = document.getElementById(decodeURIComponent(id));
    if (target && target.tagName === "DETAILS" && !target.open) {
      target.open = true;
      target.scrollIntoView();
    }
  }

  openTargetedRow();
  window.addEventListener("hashchange", openTargetedRow);
})();
