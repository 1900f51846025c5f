/* Glossary definitions, progressive enhancement only: CSS already shows a term's
   definition on hover and keyboard focus. This adds what CSS cannot do:
   - Escape hides the definitions that are showing (WCAG 2.2 SC 1.4.13, dismissible);
   - on a touch screen, a first tap on a term shows its definition, a second tap
     follows the link to the glossary. */
(function () {
  "use strict";
  var TERM = ".glossary-term";
  var lastPointer = "mouse";

  function each(selector, action) {
    Array.prototype.forEach.call(document.querySelectorAll(selector), action);
  }

  function termOf(node) {
    return node instanceof Element ? node.closest(TERM) : null;
  }

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
  }
  document.addEventListener("mouseover", rearm);
  document.addEventListener("focusin", rearm);

  document.addEventListener("focusout", function (event) {
    var term = termOf(event.target);
    if (term && !term.contains(event.relatedTarget)) term.classList.remove("is-open");
  });
})();
