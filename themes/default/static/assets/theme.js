/* Theme: apply the remembered or system choice before first paint; wire the toggle.
   Loaded by a plain (blocking) <script> in <head>, so the choice is set before <body>. */
(function () {
  var root = document.documentElement, key = "sitegen-theme";
  var system = window.matchMedia("(prefers-color-scheme: dark)");
  function stored() { try { return localStorage.getItem(key); } catch (e) { return null; } }
  function apply(theme) {
    root.setAttribute("data-theme", theme);
    var button = document.getElementById("theme-toggle");
    if (button) button.setAttribute("aria-pressed", theme === "dark" ? "true" : "false");
  }
  function current() {
    var choice = stored();
    return choice === "dark" || choice === "light" ? choice : (system.matches ? "dark" : "light");
  }
  apply(current());
  system.addEventListener("change", function () { apply(current()); });
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.getElementById("theme-toggle");
    if (!button) return;
    button.hidden = false;
    apply(current());
    button.addEventListener("click", function () {
      var next = root.getAttribute("data-theme") === "dark" ? "light" : "dark";
      try { localStorage.setItem(key, next); } catch (e) { /* private mode: not remembered */ }
      apply(next);
    });
  });
})();
