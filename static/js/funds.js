/*
 * Funding calls: progressive enhancement only. Without this file the filter form is a
 * plain GET form and every link works.
 *
 * With it:
 * - changing a filter (or pausing while typing a search) fetches only the results
 *   fragment ("funds/call_list.html#results") and swaps it in; the URL follows through
 *   history.pushState, so Back/Forward and copied links keep working;
 * - pagination links and "remove this filter" links do the same;
 * - the category counts in the form follow the fragment's counts;
 * - the "Filter (N)" button (phones) follows the number of active filters;
 * - "Link to this search" copies the address of the page instead of following it
 *   (without a clipboard it stays a plain link to this search);
 * - on a call's page, the deadline is also shown on the visitor's own clock.
 */
(function () {
  "use strict";

  var FRAGMENT_HEADERS = { "X-Requested-With": "fetch" };

  function onReady(fn) {
    if (document.readyState !== "loading") fn();
    else document.addEventListener("DOMContentLoaded", fn);
  }

  function formToQuery(form) {
    var params = new URLSearchParams();
    new FormData(form).forEach(function (value, key) {
      if (typeof value === "string" && value.trim() !== "") params.append(key, value);
    });
    return params.toString();
  }

  function syncFormFromUrl(form, url) {
    var params = new URL(url, window.location.href).searchParams;
    Array.prototype.forEach.call(form.elements, function (el) {
      if (!el.name) return;
      var values = params.getAll(el.name);
      if (el.type === "checkbox" || el.type === "radio") {
        el.checked = values.indexOf(el.value) !== -1;
      } else if (el.tagName === "SELECT") {
        el.value = values.length ? values[0] : (el.name === "sort" ? el.value : "");
      } else if (el.type !== "submit" && el.type !== "button" && el.type !== "hidden") {
        el.value = values.length ? values[0] : "";
      }
    });
  }

  function initList() {
    var form = document.querySelector("[data-funds-filters]");
    var results = document.getElementById("call-results");
    var status = document.getElementById("results-status");
    if (!form || !results || !window.fetch || !window.history.pushState) return;

    var controller = null;
    var typingTimer = null;

    function updateFilterCount(container) {
      var target = document.querySelector("[data-filter-count]");
      var count = parseInt(container.getAttribute("data-active-filters") || "0", 10);
      if (target) target.textContent = count > 0 ? " (" + count + ")" : "";
    }

    function updateCounts(container) {
      container.querySelectorAll("[data-facet-count]").forEach(function (item) {
        var target = form.querySelector('[data-facet="' + item.getAttribute("data-facet-count") + '"]');
        if (target) target.textContent = item.textContent;
      });
    }

    function load(url, push, focusHeading) {
      if (controller) controller.abort();
      controller = new AbortController();
      results.setAttribute("aria-busy", "true");
      fetch(url, { headers: FRAGMENT_HEADERS, credentials: "same-origin", signal: controller.signal })
        .then(function (response) {
          // A 400 carries the fragment with the filter errors: show it like a 200.
          if (!response.ok && response.status !== 400) throw new Error(String(response.status));
          return response.text();
        })
        .then(function (html) {
          var holder = document.createElement("div");
          holder.innerHTML = html;
          var fresh = holder.querySelector("#call-results");
          if (!fresh) throw new Error("no results fragment");
          results.replaceWith(fresh);
          results = fresh;
          updateCounts(results);
          updateFilterCount(results);
          if (push) window.history.pushState({ fundsList: true }, "", url);
          if (status) status.textContent = results.getAttribute("data-status") || "";
          if (focusHeading) {
            // After a page or "remove filter" link, continue reading from the results.
            var heading = document.getElementById("results-heading");
            if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus(); }
          }
        })
        .catch(function (error) {
          if (error && error.name === "AbortError") return;
          window.location.assign(url); // fall back to a normal page load
        })
        .finally(function () {
          if (results) results.removeAttribute("aria-busy");
        });
    }

    function submitFromForm() {
      var query = formToQuery(form);
      var url = form.getAttribute("action") + (query ? "?" + query : "");
      load(url, true, false);
    }

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      window.clearTimeout(typingTimer);
      submitFromForm();
    });

    form.addEventListener("change", function (event) {
      if (event.target && event.target.type === "search") return; // handled on input
      submitFromForm();
    });

    form.addEventListener("input", function (event) {
      var el = event.target;
      if (!el || (el.type !== "search" && el.type !== "number")) return;
      window.clearTimeout(typingTimer);
      typingTimer = window.setTimeout(submitFromForm, 450);
    });

    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-funds-nav]") : null;
      if (!link || event.defaultPrevented || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      syncFormFromUrl(form, link.href);
      load(link.href, true, true);
    });

    window.addEventListener("popstate", function () {
      syncFormFromUrl(form, window.location.href);
      load(window.location.href, false, false);
    });
  }

  function initLocalTime() {
    var nodes = document.querySelectorAll("[data-local-time]");
    if (!nodes.length || !window.Intl || !Intl.DateTimeFormat) return;
    nodes.forEach(function (dd) {
      var when = new Date(dd.getAttribute("data-local-time"));
      if (isNaN(when.getTime())) return;
      var lang = document.documentElement.lang || undefined;
      var zone = Intl.DateTimeFormat().resolvedOptions().timeZone || "";
      var text = new Intl.DateTimeFormat(lang, {
        weekday: "long", year: "numeric", month: "long", day: "numeric", hour: "2-digit", minute: "2-digit"
      }).format(when);
      dd.textContent = zone ? text + " (" + zone + ")" : text;
      dd.hidden = false;
      var dt = dd.previousElementSibling;
      if (dt && dt.classList.contains("funds-local-time")) dt.hidden = false;
    });
  }

  function initCopyLink() {
    if (!navigator.clipboard || !window.isSecureContext) return;
    document.addEventListener("click", function (event) {
      var link = event.target.closest ? event.target.closest("a[data-copy-link]") : null;
      if (!link || event.button !== 0 || event.metaKey || event.ctrlKey || event.shiftKey || event.altKey) return;
      event.preventDefault();
      var status = link.parentNode.querySelector("[data-copy-status]");
      navigator.clipboard.writeText(window.location.href).then(function () {
        if (status) status.textContent = link.getAttribute("data-copied");
      }, function () {
        if (status) status.textContent = link.getAttribute("data-copy-failed");
      });
    });
  }

  onReady(function () {
    initList();
    initCopyLink();
    initLocalTime();
  });
})();
