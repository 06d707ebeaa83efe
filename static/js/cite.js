// Copy buttons for the citations of an initiative page. Without JavaScript (or without the
// Clipboard API) the citations stay selectable text and no button is shown.
(function () {
  "use strict";
  if (!navigator.clipboard || !window.isSecureContext) {
    return;
  }
  var blocks = document.querySelectorAll("pre.citation__text[data-copy-label]");
  if (!blocks.length) {
    return;
  }
  var status = document.createElement("p");
  status.className = "visually-hidden";
  status.setAttribute("role", "status");
  document.body.appendChild(status);
  // Emptied first, so that the same message is read again on a second copy.
  function announce(message) {
    status.textContent = "";
    window.setTimeout(function () {
      status.textContent = message;
    }, 100);
  }

  blocks.forEach(function (block) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = "button secondary copy-button";
    button.textContent = block.getAttribute("data-copy-label");
    // The messages come translated with the page.
    var messages = block.closest(".citation");
    button.addEventListener("click", function () {
      navigator.clipboard.writeText(block.textContent).then(
        function () {
          announce(messages.getAttribute("data-copied"));
        },
        function () {
          announce(messages.getAttribute("data-copy-failed"));
        }
      );
    });
    block.insertAdjacentElement("afterend", button);
  });
})();
