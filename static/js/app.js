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
  // On a narrow screen the sidebar folds (a <details> open by default, so it works without script).
  var narrow = window.matchMedia("(max-width: 900px)");
  function foldNav() {
    document.querySelectorAll("details.nav-fold").forEach(function (d) { d.open = !narrow.matches; });
  }
  document.addEventListener("DOMContentLoaded", foldNav);
  if (narrow.addEventListener) { narrow.addEventListener("change", foldNav); }

  // After a failed submit the error summary takes focus, so keyboard and screen-reader users start at it
  // (the server renders the form again with .form-errors).
  document.addEventListener("DOMContentLoaded", function () {
    var summary = document.querySelector(".form-errors");
    if (summary) {
      if (!summary.hasAttribute("tabindex")) { summary.setAttribute("tabindex", "-1"); }
      summary.focus();
    }
  });

  // Content swapped in place: only its [data-announce] text is read out, through the one live region
  // of the page; and a control the user activated (a sort header) gets focus back after the swap.
  var lastTrigger = null;
  document.addEventListener("htmx:beforeRequest", function (event) {
    var el = event.detail && event.detail.elt;
    lastTrigger = el && el.id ? el.id : null;
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var status = document.getElementById("live-status");
    var source = event.target.querySelector && event.target.querySelector("[data-announce]");
    if (status && source) {
      status.textContent = source.getAttribute("data-announce");
    }
    if (lastTrigger) {
      var again = document.getElementById(lastTrigger);
      if (again && again !== document.activeElement && again.matches("a, button")) { again.focus(); }
    }
    lastTrigger = null;
  });

  // Buttons that ask before a consequential action: <button data-confirm="Are you sure…?">
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-confirm]");
    if (button && !window.confirm(button.getAttribute("data-confirm"))) {
      event.preventDefault();
    }
  });
})();
