/*
 * Interactive charts, loaded on demand.
 *
 * Every chart is first shown as a pre-rendered SVG image. The vega runtime (~200 KiB gzipped) is
 * fetched only when the reader reaches for the chart: pointer over it, keyboard focus in it, or a
 * tap. Then the compiled Vega spec in the figure's data-spec attribute is rendered with vega-embed
 * using the CSP-safe expression interpreter (ast: true), so no 'unsafe-eval' is needed. The
 * "interactive chart" button starts hidden in the HTML and is shown here, so a reader without
 * JavaScript never sees a control that does nothing.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  if (!here) { return; }
  var runtime = null;

  function load(src) {
    return new Promise(function (resolve, reject) {
      var s = document.createElement("script");
      s.src = new URL(src, here).href;
      s.onload = resolve;
      s.onerror = function () { reject(new Error("could not load " + src)); };
      document.head.appendChild(s);
    });
  }

  function vega() {
    if (!runtime) {
      runtime = load("../vega/vega.min.js").then(function () { return load("../vega/vega-embed.min.js"); });
    }
    return runtime;
  }

  function activate(fig) {
    if (fig.getAttribute("data-state")) { return; }
    fig.setAttribute("data-state", "loading");
    var live = fig.querySelector(".tt-chart__live");
    var fallback = fig.querySelector(".tt-chart__fallback");
    vega().then(function () {
      var spec = JSON.parse(fig.getAttribute("data-spec"));
      live.hidden = false;  // the live chart takes its container's width: it must be laid out
      live.classList.add("tt-chart__live--loading");
      return window.vegaEmbed(live, spec, {
        ast: true, actions: false, renderer: "svg", defaultStyle: false
      });
    }).then(function () {
      live.classList.remove("tt-chart__live--loading");
      fallback.hidden = true;
      fig.setAttribute("data-state", "live");
    }).catch(function (err) {
      fig.setAttribute("data-state", "failed");
      console.warn(err);
    });
  }

  document.querySelectorAll(".tt-chart[data-spec]").forEach(function (fig) {
    var go = function () { activate(fig); };
    fig.addEventListener("pointerenter", go, { once: true, passive: true });
    fig.addEventListener("touchstart", go, { once: true, passive: true });
    fig.addEventListener("focusin", go, { once: true });
    var button = fig.querySelector(".tt-chart__activate");
    if (button) {  // shown only when this script runs: without JS there is nothing to activate
      button.hidden = false;
      button.addEventListener("click", go);
    }
  });
})();
