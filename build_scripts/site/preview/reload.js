// `make preview` only (build_scripts/preview.py serves it; it is never in site/): reload the page when
// a new build, or a new list of problems, is ready. Long-polls the preview server (same origin).
(function () {
  "use strict";
  var me = document.currentScript;
  var version = me ? me.getAttribute("data-version") : "-1";
  function poll() {
    fetch("/__preview__/wait?since=" + encodeURIComponent(version), { cache: "no-store" })
      .then(function (response) { return response.json(); })
      .then(function (data) {
        if (String(data.version) !== String(version)) {
          window.location.reload();
        } else {
          poll();
        }
      })
      .catch(function () { window.setTimeout(poll, 2000); }); // the preview is restarting or stopped
  }
  poll();
})();
