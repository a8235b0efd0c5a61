/*
 * The little of Material's JavaScript this site needs, without Material's bundle.
 *
 * Material's bundle.js (36 KiB gzipped, ~116 KiB of script) cost 0.4-3 s of main-thread time on a
 * throttled phone (Lighthouse), most of Total Blocking Time on every page type. What it did that a
 * reader of this site notices is done here instead:
 *   - the light/dark palette: follow the system setting until the reader picks one with the toggle;
 *     the choice is stored as Material stores it (its inline script in <head> restores it before the
 *     first paint), and the toggle shows the icon of the other scheme;
 *   - Escape closes the navigation drawer on a phone.
 * Everything else works without script (the drawer, the language menu, the search page link).
 */
(function () {
  "use strict";
  var form = document.querySelector("[data-md-component=palette]");
  var inputs = form ? Array.prototype.slice.call(form.querySelectorAll("input[name=__palette]")) : [];
  var KEYS = ["media", "scheme", "primary", "accent"];

  function colour(input) {
    var out = {};
    KEYS.forEach(function (key) { out[key] = input.getAttribute("data-md-color-" + key); });
    return out;
  }

  function show(index) {
    var input = inputs[index];
    var value = colour(input);
    input.checked = true;
    KEYS.forEach(function (key) { document.body.setAttribute("data-md-color-" + key, value[key]); });
    inputs.forEach(function (other, i) {
      var label = other.nextElementSibling;
      if (label && label.tagName === "LABEL") { label.hidden = i !== index; }
    });
    return { index: index, color: value };
  }

  function systemIndex() {
    for (var i = 0; i < inputs.length; i++) {
      var media = inputs[i].getAttribute("data-md-color-media");
      if (media && window.matchMedia(media).matches) { return i; }
    }
    return 0;
  }

  if (inputs.length) {
    var stored = window.__md_get ? window.__md_get("__palette") : null;
    var chosen = stored && inputs[stored.index] ? stored.index : null;
    show(chosen === null ? systemIndex() : chosen);
    form.addEventListener("change", function (event) {
      var index = inputs.indexOf(event.target);
      if (index >= 0 && window.__md_set) { window.__md_set("__palette", show(index)); }
    });
    inputs.forEach(function (input) {
      var media = input.getAttribute("data-md-color-media");
      if (!media) { return; }
      window.matchMedia(media).addEventListener("change", function (event) {
        var saved = window.__md_get ? window.__md_get("__palette") : null;
        if (event.matches && !saved) { show(inputs.indexOf(input)); }
      });
    });
  }

  var drawer = document.getElementById("__drawer");
  if (drawer) {
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && drawer.checked) { drawer.checked = false; }
    });
  }
})();
