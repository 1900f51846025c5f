/* Glossary definitions, progressive enhancement only: CSS already shows a term's
   definition on hover and keyboard focus. This adds what CSS cannot do:
   - the definition sits just under (or, with no room below, just above) the line of the
     term the pointer is on, and inside the screen on every side, so the pointer can
     always move straight from the term onto it (WCAG 2.2 SC 1.4.13, hoverable);
   - Escape hides the definitions that are showing (SC 1.4.13, dismissible);
   - on a touch screen, a first tap on a term shows its definition, a second tap
     follows the link to the glossary. */
(function () {
  "use strict";
  var TERM = ".glossary-term";
  var MARGIN = 8; /* px kept free between a definition and the screen's edges */
  var GAP = 4; /* px between the term's line and its definition, covered by the tip's ::before bridge */
  var lastPointer = "mouse";
  var placed = null; /* {term, line}: the definition placed last, placed again on scroll and resize */

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  function termOf(node) {
    return node instanceof Element ? node.closest(TERM) : null;
  }

  function clamp(value, low, high) {
    return Math.max(low, Math.min(value, high));
  }

  /* The line box of the term's link at (x, y), or the nearest one; the first line without a point. */
  function lineAt(link, x, y) {
    var lines = link.getClientRects();
    if (!lines.length) return -1;
    if (y === undefined) return 0;
    var best = 0, distance = Infinity;
    for (var i = 0; i < lines.length; i++) {
      var r = lines[i];
      var d = Math.max(r.top - y, 0, y - r.bottom) * 1000 + Math.max(r.left - x, 0, x - r.right);
      if (d < distance) { distance = d; best = i; }
    }
    return best;
  }

  /* Put the term's definition under (or above) its line number `line`, inside the viewport. */
  function place(term, line) {
    var link = term.querySelector(".glossary-link");
    var tip = term.querySelector(".glossary-tip");
    if (!link || !tip || line < 0) return;
    var rect = link.getClientRects()[line];
    if (!rect) return;
    placed = { term: term, line: line };
    var root = document.documentElement;
    var width = root.clientWidth, height = root.clientHeight;
    var shownBefore = tip.style.display;
    tip.style.display = "inline"; /* measurable even when it is not showing yet */
    tip.classList.add("is-placed");
    tip.classList.remove("is-above");
    tip.style.left = "0px";
    tip.style.top = "0px";
    tip.style.width = "";
    var origin = tip.getBoundingClientRect();
    var tipWidth = Math.min(Math.max(origin.width, Math.min(rect.width, width)), width - 2 * MARGIN);
    tip.style.width = tipWidth + "px";
    var tipHeight = tip.getBoundingClientRect().height;
    var left = clamp(rect.left, MARGIN, width - MARGIN - tipWidth);
    var below = rect.bottom + GAP, above = rect.top - GAP - tipHeight;
    var top;
    if (below + tipHeight <= height - MARGIN) {
      top = below;
    } else if (above >= MARGIN) {
      top = above;
      tip.classList.add("is-above");
    } else if (height - rect.bottom >= rect.top) { /* too tall for either side: the roomier one */
      top = below;
    } else {
      top = Math.max(MARGIN, above);
      tip.classList.add("is-above");
    }
    tip.style.left = left - origin.left + "px";
    tip.style.top = top - origin.top + "px";
    tip.style.display = shownBefore;
  }

  function placeAt(term, x, y) {
    var link = term.querySelector(".glossary-link");
    if (link) place(term, lineAt(link, x, y));
  }

  /* The pointer over a term's link: its definition follows the line the pointer is on. */
  document.addEventListener("mousemove", function (event) {
    var link = event.target instanceof Element ? event.target.closest(".glossary-link") : null;
    var term = termOf(link);
    if (!term) return;
    var line = lineAt(link, event.clientX, event.clientY);
    if (!placed || placed.term !== term || placed.line !== line) place(term, line);
  });

  /* On scroll and resize, only a definition that is showing is placed again. */
  function replace() {
    if (!placed) return;
    var tip = placed.term.querySelector(".glossary-tip");
    if (placed.term.isConnected && tip && getComputedStyle(tip).display !== "none") {
      place(placed.term, placed.line);
    } else {
      placed = null;
    }
  }
  window.addEventListener("resize", replace);
  window.addEventListener("scroll", replace, { passive: true });

  document.addEventListener("pointerdown", function (event) {
    lastPointer = event.pointerType || "mouse";
  }, true);

  document.addEventListener("click", function (event) {
    var term = termOf(event.target);
    each(TERM + ".is-open", function (open) {
      if (open !== term) open.classList.remove("is-open");
    });
    var link = event.target instanceof Element ? event.target.closest(".glossary-link") : null;
    if (!term || !link || lastPointer !== "touch" || term.classList.contains("is-open")) return;
    event.preventDefault();
    term.classList.remove("is-dismissed");
    placeAt(term, event.clientX, event.clientY);
    term.classList.add("is-open");
    link.focus();
  });

  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape" && event.key !== "Esc") return;
    each(TERM + ":hover, " + TERM + ":focus-within, " + TERM + ".is-open", function (term) {
      term.classList.remove("is-open");
      term.classList.add("is-dismissed");
    });
  });

  /* A dismissed definition shows again the next time its term is pointed at or focused. */
  function rearm(event) {
    var term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("is-dismissed");
    return term;
  }
  document.addEventListener("mouseover", function (event) {
    var term = rearm(event);
    var link = event.target instanceof Element ? event.target.closest(".glossary-link") : null;
    if (term && link) placeAt(term, event.clientX, event.clientY);
  });
  document.addEventListener("focusin", function (event) {
    var term = rearm(event);
    if (term && !term.matches(":hover")) placeAt(term); /* keyboard: under the term's first line */
  });

  document.addEventListener("focusout", function (event) {
    var term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("is-open");
  });
})();
