// Small progressive enhancements; every page works without them.
(function () {
  "use strict";
  // A table wider than its card scrolls sideways: make the scroll area reachable and named for keyboard
  // and screen-reader users (WCAG 2.1.1, 1.3.1).
  function labelScrollAreas(root) {
    root.querySelectorAll(".table-wrap").forEach(function (wrap) {
      if (wrap.scrollWidth > wrap.clientWidth + 1) {
        wrap.setAttribute("tabindex", "0");
        wrap.setAttribute("role", "region");
        if (!wrap.hasAttribute("aria-label")) {
          var caption = wrap.querySelector("caption");
          wrap.setAttribute("aria-label", caption ? caption.textContent.trim() : document.title);
        }
      }
    });
  }
  document.addEventListener("DOMContentLoaded", function () { labelScrollAreas(document); });
  document.addEventListener("htmx:afterSettle", function (event) { labelScrollAreas(event.target); });
  // Buttons that ask before a consequential action: <button data-confirm="Are you sure…?">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
