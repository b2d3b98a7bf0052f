// Copy buttons for the "Cite" box. Without JavaScript the citations are plain text to
// select; with it, each gets a button that copies its text (no markup) to the clipboard.
(function () {
  "use strict";

  function announce(box, message) {
    var status = box.querySelector(".cite-status");
    if (status) {
      status.textContent = "";
      // A fresh text node, so screen readers speak the same message twice in a row.
      window.setTimeout(function () { status.textContent = message; }, 50);
    }
  }

  function selectText(element) {
    var range = document.createRange();
    range.selectNodeContents(element);
    var selection = window.getSelection();
    selection.removeAllRanges();
    selection.addRange(range);
  }

  function copy(button) {
    var source = document.getElementById(button.getAttribute("data-copy-from"));
    var box = button.closest(".cite-box");
    if (!source || !box) { return; }
    var text = source.textContent.replace(/\s+/g, " ").trim();
    var label = document.getElementById(source.id + "-label");
    var name = label ? label.textContent : "Citation";
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(
        function () { announce(box, name + " citation copied."); },
        function () { selectText(source); announce(box, "Press Ctrl+C or Cmd+C to copy."); }
      );
    } else {
      // Plain http: no clipboard API, so select the text for the reader to copy.
      selectText(source);
      announce(box, "Citation selected: press Ctrl+C or Cmd+C to copy.");
    }
  }

  document.querySelectorAll(".cite-copy").forEach(function (button) {
    button.hidden = false;
    button.addEventListener("click", function () { copy(button); });
  });
})();
