// The progress bar of a background spreadsheet import (admin): polls the import's
// progress.json and reloads the page, which then shows the report, once it is done.
(function () {
  "use strict";
  var bar = document.getElementById("import-progress");
  var text = document.getElementById("import-progress-text");
  if (!bar || !bar.dataset.url) { return; }
  function poll() {
    fetch(bar.dataset.url, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) { return response.ok ? response.json() : null; })
      .then(function (data) {
        if (data && data.state === "done") { window.location.reload(); return; }
        if (data && data.total) {
          bar.value = data.percent;
          bar.textContent = data.percent + " %";
          if (text) { text.textContent = data.percent + " %"; }
        }
        window.setTimeout(poll, 700);
      })
      .catch(function () { window.setTimeout(poll, 2000); });
  }
  poll();
})();
