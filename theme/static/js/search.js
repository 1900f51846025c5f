/* Search, as a progressive enhancement.
   - Header: the "Search & archives" link becomes a small search form that opens the search page.
   - Search page (#search): loads Pagefind's JS API from the site's own /pagefind/ bundle, runs the
     query from ?q= on load and on submit, and renders results with plain DOM calls (no innerHTML).
   Without JavaScript the link and the page's explanation lead to the archives and tags. */
(function () {
  "use strict";

  var PAGE_SIZE = 10;

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) node.className = className;
    if (text) node.textContent = text;
    return node;
  }

  function upgradeHeaderBox() {
    var box = document.querySelector(".site-search[data-search-url]");
    if (!box) return;
    var form = element("form", "site-search-form");
    form.setAttribute("role", "search");
    form.action = box.getAttribute("data-search-url");
    form.method = "get";
    var label = element("label", "site-search-label", "Search the posts"); /* visible: no placeholder needed */
    label.htmlFor = "site-search-query";
    var input = element("input");
    input.type = "search";
    input.id = "site-search-query";
    input.name = "q";
    input.autocomplete = "off";
    input.setAttribute("enterkeyhint", "search");
    var button = element("button", null, "Search");
    button.type = "submit";
    form.append(label, input, button);
    box.replaceChildren(form);
  }

  /* "2019-01-14" -> "January 14, 2019" with no time-zone shift. */
  function readableDate(iso) {
    var parts = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso || "");
    if (!parts) return null;
    var date = new Date(Date.UTC(+parts[1], +parts[2] - 1, +parts[3]));
    return date.toLocaleDateString(document.documentElement.lang || "en", {
      year: "numeric", month: "long", day: "numeric", timeZone: "UTC"
    });
  }

  /* Pagefind's excerpt is HTML text with <mark> around the matches. Parse it inertly and copy only
     text and <mark> elements, so nothing from the index can inject markup. */
  function excerptNodes(html) {
    var parsed = new DOMParser().parseFromString("<p>" + (html || "") + "</p>", "text/html");
    var nodes = [];
    parsed.body.firstChild.childNodes.forEach(function (node) {
      if (node.nodeType === Node.TEXT_NODE) {
        nodes.push(document.createTextNode(node.textContent));
      } else if (node.nodeName === "MARK") {
        nodes.push(element("mark", null, node.textContent));
      } else {
        nodes.push(document.createTextNode(node.textContent));
      }
    });
    return nodes;
  }

  function resultItem(data) {
    var item = element("li", "search-result");
    var heading = element("h2", "search-result-title");
    var link = element("a", null, (data.meta && data.meta.title) || data.url);
    link.href = data.url;
    heading.append(link);
    item.append(heading);
    var iso = data.meta && data.meta.date;
    var readable = readableDate(iso);
    if (readable) {
      var meta = element("p", "post-meta");
      var time = element("time", null, readable);
      time.dateTime = iso;
      meta.append(time);
      item.append(meta);
    }
    var excerpt = element("p", "search-excerpt");
    excerpt.append.apply(excerpt, excerptNodes(data.excerpt));
    item.append(excerpt);
    return item;
  }

  function searchPage() {
    var root = document.getElementById("search");
    if (!root) return;
    var form = root.querySelector(".search-form");
    var input = root.querySelector("#search-query");
    var status = root.querySelector("#search-status");
    var list = root.querySelector("#search-results");
    var more = root.querySelector("#search-more");
    var bundleUrl = new URL(root.getAttribute("data-pagefind"), document.baseURI).href;
    var pagefind = null;
    var current = { id: 0, query: "", results: [], shown: 0 };

    root.querySelector("[data-search-nojs]").hidden = true;
    form.hidden = false;

    function loadPagefind() {
      if (!pagefind) {
        pagefind = import(bundleUrl).then(function (module) {
          return Promise.resolve(module.options({ excerptLength: 30 })).then(function () {
            return module;
          });
        });
      }
      return pagefind;
    }

    function say(text) {
      status.textContent = text;
    }

    function showNext(searchId) {
      var batch = current.results.slice(current.shown, current.shown + PAGE_SIZE);
      return Promise.all(batch.map(function (result) { return result.data(); })).then(function (pages) {
        if (searchId !== current.id) return null;
        var first = null;
        pages.forEach(function (data) {
          var item = resultItem(data);
          first = first || item;
          list.append(item);
        });
        current.shown += pages.length;
        list.hidden = current.shown === 0;
        more.parentNode.hidden = current.shown >= current.results.length;
        return first;
      });
    }

    function run(query) {
      var searchId = ++current.id;
      current = { id: searchId, query: query, results: [], shown: 0 };
      list.replaceChildren();
      list.hidden = true;
      more.parentNode.hidden = true;
      if (!query) {
        say("Type a word or a phrase, then press Search.");
        return;
      }
      say("Searching for “" + query + "”…");
      loadPagefind()
        .then(function (module) { return module.search(query); })
        .then(function (search) {
          if (searchId !== current.id) return;
          current.results = search.results;
          var count = search.results.length;
          if (count === 0) {
            say("No posts found for “" + query + "”. Try another word, or browse the archives and tags below.");
            return;
          }
          return showNext(searchId).then(function () {
            say(count + (count === 1 ? " post" : " posts") + " found for “" + query + "”" +
              (count > current.shown ? ", showing the first " + current.shown + "." : "."));
          });
        })
        .catch(function () {
          if (searchId !== current.id) return;
          say("Search could not load here. Every post is listed in the archives and under its tags, linked below.");
        });
    }

    more.addEventListener("click", function () {
      var searchId = current.id;
      showNext(searchId).then(function (first) {
        if (!first) return;
        say("Showing " + current.shown + " of " + current.results.length + " posts found for “" + current.query + "”.");
        first.querySelector("a").focus();
      });
    });

    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var query = input.value.trim();
      var url = new URL(window.location.href);
      if (query) url.searchParams.set("q", query); else url.searchParams.delete("q");
      window.history.replaceState(null, "", url);
      run(query);
    });

    var initial = (new URLSearchParams(window.location.search).get("q") || "").trim();
    input.value = initial;
    if (initial) run(initial);
  }

  upgradeHeaderBox();
  searchPage();
})();
