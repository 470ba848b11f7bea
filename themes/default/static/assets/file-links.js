/* Opened from disk (file://), "dir/" links would show a folder listing: point them at dir/index.html. */
(function () {
  if (location.protocol !== "file:") return;
  function fix(value) {
    if (/^([a-z][a-z0-9+.-]*:|\/\/|#)/i.test(value)) return value;
    var cut = value.search(/[?#]/), path = cut < 0 ? value : value.slice(0, cut);
    var rest = cut < 0 ? "" : value.slice(cut);
    if (path === ".") path = "./";
    if (path === "" || /\/$/.test(path)) path += "index.html";
    else if (/(^|\/)\.\.?$/.test(path)) path += "/index.html";
    else return value;
    return path + rest;
  }
  function fixElement(el) {
    var name = el.tagName === "FORM" ? "action" : "href";
    var value = el.getAttribute(name);
    if (value !== null) el.setAttribute(name, fix(value));
  }
  function fixAll() { document.querySelectorAll("a[href], form[action]").forEach(fixElement); }
  function onEvent(event) {
    var el = event.target.closest && event.target.closest(event.type === "submit" ? "form[action]" : "a[href]");
    if (el) fixElement(el);
  }
  fixAll();
  ["click", "auxclick", "submit"].forEach(function (type) { document.addEventListener(type, onEvent, true); });
})();
