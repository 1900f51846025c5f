(function () {
  "use strict";
  // make devserver only: the server adds this script to the pages it serves; output/ never holds it.
  var me = document.getElementById("preview-live");
  var overlayId = "preview-build-error";

  function showErrors(errors) {
    var old = document.getElementById(overlayId);
    if (old) { old.remove(); }
    if (!errors || !errors.length) { return; }
    var box = document.createElement("section");
    box.id = overlayId;
    box.setAttribute("role", "alert");
    box.setAttribute("aria-label", "Build failed");
    box.style.cssText = "position:fixed;z-index:2147483647;left:0;right:0;bottom:0;max-height:60vh;overflow:auto;" +
      "margin:0;padding:1rem 1.25rem;background:#fff4f2;color:#5c0d00;border-top:4px solid #b3261e;" +
      "font:15px/1.45 ui-monospace,Menlo,Consolas,monospace;box-shadow:0 -4px 16px rgba(0,0,0,.25)";
    var title = document.createElement("h2");
    title.style.cssText = "margin:0 0 .5rem;font:bold 17px/1.3 system-ui,sans-serif";
    title.textContent = "Build failed: " + errors.length + (errors.length === 1 ? " error" : " errors") +
      ". The last good site is shown; save the fixed file and this page updates.";
    var list = document.createElement("pre");
    list.style.cssText = "margin:0;white-space:pre-wrap";
    list.textContent = errors.join("\n");
    var close = document.createElement("button");
    close.type = "button";
    close.textContent = "Hide";
    close.style.cssText = "float:right;font:inherit";
    close.addEventListener("click", function () { box.remove(); });
    box.appendChild(close);
    box.appendChild(title);
    box.appendChild(list);
    document.body.appendChild(box);
  }

  function swapStylesheets() {
    var links = document.querySelectorAll('link[rel~="stylesheet"]');
    var stamp = Date.now();
    Array.prototype.forEach.call(links, function (link) {
      var url = new URL(link.href, location.href);
      if (url.origin !== location.origin) { return; }
      url.searchParams.set("preview", stamp);
      var fresh = link.cloneNode();
      fresh.href = url.pathname + url.search;
      fresh.addEventListener("load", function () { link.remove(); });
      link.after(fresh);
    });
  }

  var state = {};
  try {
    state = JSON.parse(decodeURIComponent(me.getAttribute("data-state")));
  } catch (e) { /* no state: nothing to show */ }
  showErrors(state.errors);

  // One event stream per visible tab: a browser opens at most six connections to one host, and each stream
  // holds one, so streams of hidden tabs would stall the seventh tab. A tab closes its stream when hidden and
  // opens it again when shown; the server then sends "reload" at once if the page changed meanwhile.
  var events = null;
  var wasHidden = false;
  function connect() {
    if (events) { return; }
    events = new EventSource("/__preview/events?page=" + encodeURIComponent(location.pathname) +
      "&served=" + encodeURIComponent(state.served || ""));
    events.addEventListener("reload", function () { location.reload(); });
    events.addEventListener("css", swapStylesheets);
    events.addEventListener("build-error", function (event) { showErrors(JSON.parse(event.data).errors); });
    events.addEventListener("build-ok", function () { showErrors([]); });
    if (wasHidden) { swapStylesheets(); }  // a stylesheet edit made while hidden
  }
  function disconnect() {
    if (events) { events.close(); events = null; }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.hidden) { wasHidden = true; disconnect(); } else { connect(); }
  });
  if (!document.hidden) { connect(); }
  window.addEventListener("pagehide", disconnect);
})();
