/* sitegen serve: live reload. Only `sitegen serve` adds this script; built sites never
   contain it. The server replaces __SITEGEN_BOOT__ with the build this page belongs to. */
(function (boot) {
  "use strict";
  var build = boot.build;
  var base = "/";
  var OVERLAY = "sitegen-error-overlay";

  // "/base/a/b/" -> "a/b/index.html": the output file a URL is served from.
  function siteFile(url) {
    var path;
    try {
      path = decodeURIComponent(new URL(url, location.href).pathname);
    } catch (e) {
      return null;
    }
    if (path.indexOf(base) !== 0) return null;
    path = path.slice(base.length);
    return path === "" || path.slice(-1) === "/" ? path + "index.html" : path;
  }

  // This page's own file and every file it loaded (images, scripts, search data).
  function usedFiles() {
    var used = {};
    used[siteFile(location.href)] = true;
    performance.getEntriesByType("resource").forEach(function (entry) {
      used[siteFile(entry.name)] = true;
    });
    return used;
  }

  function affected(event) {
    if (event.pages === null || event.assets === null) return true;
    var used = usedFiles();
    return event.pages.concat(event.assets).some(function (file) { return used[file]; });
  }

  // Re-set each stylesheet's href with a fresh query: the page restyles without reloading.
  function refreshStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) return;
      url.searchParams.set("sitegen-reload", String(Date.now()));
      link.href = url.href;
    });
  }

  // Problems are shown with textContent only: messages quote untrusted content.
  function showProblems(problems) {
    var old = document.getElementById(OVERLAY);
    if (old) old.remove();
    if (!problems || !problems.length) return;
    var box = document.createElement("div");
    box.id = OVERLAY;
    box.setAttribute("role", "alert");
    box.style.cssText = "position:fixed;z-index:2147483647;top:0;left:0;right:0;" +
      "max-height:70vh;overflow:auto;margin:0;padding:1em 1.5em;background:#4a0d0d;" +
      "color:#fff;font:14px/1.5 ui-monospace,Menlo,Consolas,monospace;" +
      "white-space:pre-wrap;box-shadow:0 2px 12px rgba(0,0,0,.5)";
    var title = document.createElement("strong");
    title.textContent = "The site did not build. Fix this and save; this note then goes away.";
    box.appendChild(title);
    problems.forEach(function (problem) {
      var line = document.createElement("div");
      line.textContent = problem.where + ": " + problem.message;
      box.appendChild(line);
    });
    document.documentElement.appendChild(box);
  }

  function handle(event) {
    base = event.base;
    showProblems(event.problems);
    if (event.type === "hello") {
      // Connected or reconnected: reload if a build happened that this page missed.
      if (event.build !== build) location.reload();
    } else if (event.type === "change") {
      build = event.build;
      if (affected(event)) location.reload();
      else if (event.css.length) refreshStylesheets();
    }
  }

  function connect() {
    var events = new EventSource("/__sitegen/events");
    events.onmessage = function (message) { handle(JSON.parse(message.data)); };
    events.onerror = function () {
      // EventSource retries by itself unless the answer was not a stream; then we do.
      if (events.readyState === EventSource.CLOSED) setTimeout(connect, 1000);
    };
  }

  performance.setResourceTimingBufferSize(2000);
  connect();
})(__SITEGEN_BOOT__);
