/* Glossary definitions, progressive enhancement only: CSS already shows a term's
   definition on hover and keyboard focus. This adds what CSS cannot do:
   - the definition sits just under (or, with no room below, just above) the line of the
     term the pointer, focus or tap is on, and inside the screen on every side, so the pointer can
     always move straight from the term onto it (WCAG 2.2 SC 1.4.13, hoverable); on the side
     where the term's other lines would not cover it (above a wrapped term's first line);
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
    var spot = chooseTop(link.getClientRects(), line, left, tipWidth, tipHeight, height);
    if (spot.above) tip.classList.add("is-above");
    tip.style.left = left - origin.left + "px";
    tip.style.top = spot.top - origin.top + "px";
    tip.style.display = shownBefore;
  }

  function overlaps(a, left, top, w, h) {
    return a.left < left + w - 0.5 && left < a.right - 0.5 && a.top < top + h - 0.5 && top < a.bottom - 0.5;
  }

  /* Where the definition's top goes: next to line `line` of the term, on the side where none of the term's other
     lines would cover it and it fits the screen; next to the whole term when both sides of the line are taken (a
     middle line); else the old way: below when it fits, above when that fits, else the roomier side. */
  function chooseTop(lines, line, left, w, h, height) {
    var rect = lines[line];
    var first = lines[0], last = lines[lines.length - 1];
    var candidates = [
      { top: rect.bottom + GAP, above: false },
      { top: rect.top - GAP - h, above: true },
      { top: last.bottom + GAP, above: false },
      { top: first.top - GAP - h, above: true }
    ];
    var fits = function (c) { return c.top >= MARGIN && c.top + h <= height - MARGIN; };
    var clear = function (c) {
      for (var i = 0; i < lines.length; i++) {
        if (i !== line && overlaps(lines[i], left, c.top, w, h)) return false;
      }
      return true;
    };
    for (var i = 0; i < candidates.length; i++) {
      if (fits(candidates[i]) && clear(candidates[i])) return candidates[i];
    }
    if (fits(candidates[0])) return candidates[0];
    if (fits(candidates[1])) return candidates[1];
    if (height - rect.bottom >= rect.top) return candidates[0]; /* too tall for either side: the roomier one */
    return { top: Math.max(MARGIN, candidates[1].top), above: true };
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
