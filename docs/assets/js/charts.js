/*
 * Interactive charts, loaded on demand.
 *
 * Every chart is first shown as a pre-rendered SVG image. The vega runtime (~200 KiB gzipped) is
 * fetched only when the reader reaches for the chart: pointer over it, keyboard focus in it, or a
 * tap. Then the compiled Vega spec at the address in the figure's data-spec attribute (a JSON file of
 * its own, fetched at the same moment, so the page's HTML does not carry it) is rendered with vega-embed
 * using the CSP-safe expression interpreter (ast: true), so no 'unsafe-eval' is needed. The
 * "interactive chart" button and the caption's words on how to use it start hidden in the HTML and
 * are shown here, so a reader without JavaScript never sees a control (or a promise) that does nothing.
 *
 * In the live chart a voronoi layer (a Vega-Lite nearest-point selection) covers the plot, each cell
 * carrying the tooltip of its nearest figure. Vega shows a tooltip on pointermove only, which a tap
 * on a touch screen does not send; so a tap (a click on the chart) shows the tooltip of the cell
 * tapped, through the view's own tooltip handler.
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

  function specOf(fig) {
    return fetch(new URL(fig.getAttribute("data-spec"), document.baseURI).href).then(function (r) {
      if (!r.ok) { throw new Error("could not load " + r.url + ": " + r.status); }
      return r.json();
    });
  }

  function activate(fig) {
    if (fig.getAttribute("data-state")) { return; }
    fig.setAttribute("data-state", "loading");
    var live = fig.querySelector(".tt-chart__live");
    var fallback = fig.querySelector(".tt-chart__fallback");
    Promise.all([specOf(fig), vega()]).then(function (loaded) {
      var spec = loaded[0];
      live.hidden = false;  // the live chart takes its container's width: it must be laid out
      live.classList.add("tt-chart__live--loading");
      return window.vegaEmbed(live, spec, {
        ast: true, actions: false, renderer: "svg", defaultStyle: false
      });
    }).then(function (result) {
      tapForTooltips(result.view);
      live.classList.remove("tt-chart__live--loading");
      fallback.hidden = true;
      fig.setAttribute("data-state", "live");
    }).catch(function (err) {
      fig.setAttribute("data-state", "failed");
      console.warn(err);
    });
  }

  function tapForTooltips(view) {
    var show = view.tooltip();  // vega-embed's handler (vega-tooltip), placed at the event's position
    view.addEventListener("click", function (event, item) {
      if (item && item.tooltip != null) {
        show(null, event, item, item.tooltip);
        keepInView(document.getElementById("vg-tooltip-element"));
      }
    });
  }

  // vega-tooltip puts the tooltip beside the pointer, or off-screen when it fits on neither side
  // (a phone): then it is moved just inside the window.
  function keepInView(tip) {
    if (!tip) { return; }
    var box = tip.getBoundingClientRect(), margin = 8;
    var width = document.documentElement.clientWidth, height = window.innerHeight;
    if (box.left < margin || box.right > width - margin) {
      tip.style.left = Math.max(margin, width - margin - box.width) + "px";
    }
    if (box.top < margin || box.bottom > height - margin) {
      tip.style.top = Math.max(margin, Math.min(box.top, height - margin - box.height)) + "px";
    }
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
    var hint = fig.querySelector(".tt-chart__hint");
    if (hint) { hint.hidden = false; }  // says how to use the live chart: only where there is one
  });
})();
