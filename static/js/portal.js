/*
 * Skills Innovation Network portal: progressive enhancement only.
 * Every page works without this file; it is loaded with `defer` from base.html.
 *
 * Hooks (data attributes other apps may use):
 *   <form data-autosubmit>         submit when a <select> or checkbox in it changes
 *                                  after a mouse/touch choice; keyboard users keep the
 *                                  submit button (WCAG 3.2.2: no surprise page change).
 *   [data-autosubmit-button]       the button hidden while auto-submit is available
 *   [data-error-summary]           receives focus on page load so screen readers read it
 *   <button data-confirm="...">    asks for confirmation before submitting / following
 *   <button data-disclosure hidden aria-controls="ID" aria-expanded="false">
 *                                  shown here; toggles aria-expanded and the class
 *                                  "is-open" on #ID, which gets "is-collapsible": the
 *                                  page's CSS decides where a collapsible part is folded
 *                                  (the header menu and the /funds/ filters on phones).
 *                                  Escape closes it and gives focus back to the button.
 *   <html class="js">              set here, for CSS that only applies with JavaScript
 */
(function () {
  "use strict";

  document.documentElement.classList.add("js");

  function autoSubmit(form) {
    var button = form.querySelector("[data-autosubmit-button]");
    var lastInput = "pointer";

    form.addEventListener("keydown", function () { lastInput = "keyboard"; }, true);
    form.addEventListener("pointerdown", function () { lastInput = "pointer"; }, true);

    if (button) {
      button.classList.add("visually-hidden");
    }

    form.addEventListener("change", function (event) {
      var target = event.target;
      if (!(target instanceof HTMLSelectElement || target.type === "checkbox" || target.type === "radio")) {
        return;
      }
      if (lastInput === "keyboard") {
        // Arrow keys change a closed <select> in some browsers: do not reload under the
        // user's fingers; show the button instead.
        if (button) { button.classList.remove("visually-hidden"); }
        return;
      }
      if (typeof form.requestSubmit === "function") {
        form.requestSubmit();
      } else {
        form.submit();
      }
    });
  }

  function confirmBeforeAction(element) {
    var message = element.getAttribute("data-confirm");
    var eventName = element.tagName === "FORM" ? "submit" : "click";
    element.addEventListener(eventName, function (event) {
      if (!window.confirm(message)) {
        event.preventDefault();
        event.stopPropagation();
      }
    });
  }

  function disclosure(button) {
    var target = document.getElementById(button.getAttribute("aria-controls"));
    if (!target) { return; }
    function set(open) {
      button.setAttribute("aria-expanded", open ? "true" : "false");
      target.classList.toggle("is-open", open);
    }
    target.classList.add("is-collapsible");
    button.hidden = false;
    set(button.getAttribute("aria-expanded") === "true");
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    target.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && button.getAttribute("aria-expanded") === "true" &&
          window.getComputedStyle(button).display !== "none") {
        set(false);
        button.focus();
      }
    });
  }

  function focusErrorSummary() {
    var summary = document.querySelector("[data-error-summary]");
    if (summary) {
      summary.focus();
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form[data-autosubmit]"), autoSubmit);
    Array.prototype.forEach.call(document.querySelectorAll("[data-confirm]"), confirmBeforeAction);
    Array.prototype.forEach.call(document.querySelectorAll("button[data-disclosure]"), disclosure);
    focusErrorSummary();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", init);
  } else {
    init();
  }
})();
