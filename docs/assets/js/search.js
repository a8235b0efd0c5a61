/*
 * Search page: pagefind, loaded when the reader searches.
 *
 * pagefind builds one index per <html lang>, so a page in one language only ever finds pages in
 * the same language. Results are built with DOM methods from pagefind's excerpt: only text and
 * <mark> highlights are kept, never markup from the index.
 */
(function () {
  "use strict";
  var here = document.currentScript && document.currentScript.src;
  var box = document.querySelector(".tt-search");
  if (!here || !box) { return; }
  var root = new URL("../../", here);
  var form = box.querySelector("form");
  var input = box.querySelector("input");
  var status = box.querySelector(".tt-search__status");
  var list = box.querySelector(".tt-search__results");
  var engine = null;

  function pagefind() {
    if (!engine) {
      engine = import(new URL("pagefind/pagefind.js", root).href).then(function (pf) {
        return pf.options({ baseUrl: root.pathname }).then(function () { return pf; });
      });
    }
    return engine;
  }

  function excerpt(html) {
    var out = document.createDocumentFragment();
    var doc = new DOMParser().parseFromString("<p>" + html + "</p>", "text/html");
    doc.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === 1 && node.tagName === "MARK") {
        var mark = document.createElement("mark");
        mark.textContent = node.textContent;
        out.appendChild(mark);
      } else {
        out.appendChild(document.createTextNode(node.textContent));
      }
    });
    return out;
  }

  function show(results) {
    list.textContent = "";
    results.forEach(function (r) {
      var li = document.createElement("li");
      var a = document.createElement("a");
      a.href = r.url;
      a.textContent = (r.meta && r.meta.title) || r.url;
      var p = document.createElement("p");
      p.appendChild(excerpt(r.excerpt || ""));
      li.appendChild(a);
      li.appendChild(p);
      list.appendChild(li);
    });
    status.textContent = results.length ? "" : box.getAttribute("data-none");
  }

  function run(query) {
    if (!query.trim()) { list.textContent = ""; status.textContent = ""; return; }
    status.textContent = box.getAttribute("data-loading");
    pagefind().then(function (pf) { return pf.search(query); }).then(function (search) {
      return Promise.all(search.results.slice(0, 20).map(function (r) { return r.data(); }));
    }).then(show).catch(function (err) { status.textContent = String(err); });
  }

  // The language switcher keeps the query: the same search in the other language's index.
  function carry(query) {
    document.querySelectorAll("a.md-select__link[hreflang]").forEach(function (a) {
      var url = new URL(a.getAttribute("href"), window.location.href);
      if (query) { url.searchParams.set("q", query); } else { url.searchParams.delete("q"); }
      a.setAttribute("href", url.href);
    });
  }

  form.addEventListener("submit", function (event) {
    event.preventDefault();
    var url = new URL(window.location.href);
    url.searchParams.set("q", input.value);
    window.history.replaceState(null, "", url.href);
    carry(input.value);
    run(input.value);
  });
  var initial = new URL(window.location.href).searchParams.get("q");
  if (initial) { input.value = initial; carry(initial); run(initial); }
})();
