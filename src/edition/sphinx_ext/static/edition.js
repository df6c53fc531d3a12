/* Reading modes for the parallel text: parallel, original only, translation only.
   The choice is remembered across pages (localStorage). Without JavaScript the
   page shows both columns and every permalink still works. */
(function () {
  "use strict";
  var KEY = "edition-reading-mode";
  var MODES = [
    ["parallel", "Parallel"],
    ["original", "Original only"],
    ["translation", "Translation only"],
  ];

  function stored() {
    try {
      var value = window.localStorage.getItem(KEY);
      return MODES.some(function (m) { return m[0] === value; }) ? value : "parallel";
    } catch (e) {
      return "parallel";
    }
  }

  function apply(mode) {
    var root = document.documentElement;
    MODES.forEach(function (m) { root.classList.remove("ed-mode-" + m[0]); });
    if (mode !== "parallel") root.classList.add("ed-mode-" + mode);
    document.querySelectorAll(".ed-toolbar button[data-mode]").forEach(function (button) {
      button.setAttribute("aria-pressed", String(button.dataset.mode === mode));
    });
  }

  // On/off reading choices, remembered like the mode: each hides something of the text
  // (a class on <html>) and has its button when the page has what it hides.
  var SWITCHES = [
    {
      key: "edition-note-marks", hiddenClass: "ed-marks-hidden", button: "ed-marks-toggle",
      present: "a.ed-mark", label: "Note marks",
      title: "Show or hide the marks of the editorial notes in the text",
    },
    {
      key: "edition-register-links", hiddenClass: "ed-reg-hidden", button: "ed-links-toggle",
      present: "a.ed-reg-link", label: "Register links",
      title: "Show or hide the links of names to the register (each name is linked at its first mention in a paragraph)",
      // Hidden register links read as plain text: no underline, no pointer, no tab stop.
      also: function (hidden) {
        document.querySelectorAll("a.ed-reg-link").forEach(function (link) {
          if (hidden) link.setAttribute("tabindex", "-1");
          else link.removeAttribute("tabindex");
        });
      },
    },
  ];

  function switchHidden(choice) {
    try { return window.localStorage.getItem(choice.key) === "hidden"; } catch (e) { return false; }
  }

  function applySwitch(choice, hidden) {
    document.documentElement.classList.toggle(choice.hiddenClass, hidden);
    if (choice.also) choice.also(hidden);
    var button = document.querySelector(".ed-toolbar button." + choice.button);
    if (button) button.setAttribute("aria-pressed", String(!hidden));
  }

  function switchButton(choice) {
    var button = document.createElement("button");
    button.type = "button";
    button.className = choice.button;
    button.textContent = choice.label;
    button.title = choice.title;
    button.addEventListener("click", function () {
      var hidden = !document.documentElement.classList.contains(choice.hiddenClass);
      try { window.localStorage.setItem(choice.key, hidden ? "hidden" : "shown"); } catch (e) { /* private mode */ }
      applySwitch(choice, hidden);
    });
    return button;
  }

  // Set the classes before the page paints, so a remembered choice does not flicker.
  apply(stored());
  SWITCHES.forEach(function (choice) {
    document.documentElement.classList.toggle(choice.hiddenClass, switchHidden(choice));
  });

  function toolbar() {
    var bar = document.createElement("div");
    bar.className = "ed-toolbar";
    bar.setAttribute("role", "group");
    bar.setAttribute("aria-label", "Reading mode");
    var label = document.createElement("span");
    label.className = "ed-toolbar-label";
    label.textContent = "Show:";
    bar.appendChild(label);
    MODES.forEach(function (m) {
      var button = document.createElement("button");
      button.type = "button";
      button.dataset.mode = m[0];
      button.textContent = m[1];
      button.addEventListener("click", function () {
        try { window.localStorage.setItem(KEY, m[0]); } catch (e) { /* private mode */ }
        apply(m[0]);
      });
      bar.appendChild(button);
    });
    SWITCHES.forEach(function (choice) {
      if (document.querySelector(choice.present)) bar.appendChild(switchButton(choice));
    });
    return bar;
  }

  // Register links: the entry's short description, shown on hover and on keyboard focus
  // (the title attribute alone is neither keyboard- nor touch-accessible).
  // Previews without leaving the page: a register link shows its entry's description, a
  // note mark the note itself. Hover and keyboard focus show them; on a touch screen the
  // first tap shows the preview and a second tap follows the link.
  function tooltips() {
    var tip = document.createElement("div");
    tip.className = "ed-tip";
    tip.id = "ed-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    var shownFor = null;
    function show(link) {
      tip.textContent = link.dataset.description;
      tip.hidden = false;
      shownFor = link;
      var box = link.getBoundingClientRect();
      var left = Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
      tip.style.left = Math.max(8, left) + "px";
      tip.style.top = (box.bottom + window.scrollY + 6) + "px";
      link.setAttribute("aria-describedby", "ed-tip");
    }
    function hide(link) {
      tip.hidden = true;
      shownFor = null;
      link.removeAttribute("aria-describedby");
    }
    function preview(link) {
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", function () { hide(link); });
      link.addEventListener("blur", function () { hide(link); });
      link.addEventListener("touchend", function (event) {
        if (shownFor !== link) { event.preventDefault(); show(link); }
      });
    }
    document.querySelectorAll("a.ed-reg-link[title]").forEach(function (link) {
      link.dataset.description = link.title;
      link.removeAttribute("title");
      preview(link);
    });
    document.querySelectorAll("a.ed-mark").forEach(function (mark) {
      var note = document.getElementById(decodeURIComponent(mark.getAttribute("href").slice(1)));
      if (!note) return;
      var copy = note.cloneNode(true);
      copy.querySelectorAll(".label, .ed-cite-button, .ed-cite-popover").forEach(function (n) { n.remove(); });
      var text = copy.textContent.replace(/\s+/g, " ").trim();
      mark.dataset.description = text.length > 420 ? text.slice(0, 417) + "\u2026" : text;
      preview(mark);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && shownFor) hide(shownFor);
    });
  }

  // "Cite": beside every paragraph number and every note, the document's citation with the
  // paragraph (or note) and its permanent address, to copy as text or BibTeX. The data
  // comes from the page (#ed-cite-data), made by the same code as the downloads.
  function citeData() {
    var element = document.getElementById("ed-cite-data");
    try { return element ? JSON.parse(element.textContent) : null; } catch (e) { return null; }
  }

  function citeParts(data, label, id) {
    var where = label.indexOf("note") === 0 ? label : "\u00b6 " + label;
    var url = (data.url || window.location.href.split("#")[0]) + "#" + id;
    return { where: where, url: url };
  }

  function citationText(data, label, id) {
    var parts = citeParts(data, label, id);
    var text = data.citation + " " + parts.where + ". " + parts.url + ".";
    return data.local ? text + " (A local build: not a permanent address.)" : text;
  }

  function citationBibtex(data, label, id) {
    var parts = citeParts(data, label, id);
    return data.bibtex
      .replace(/^@(\w+)\{([^,]+),/, "@$1{$2-" + id + ",")
      .replace(/\n  url\s*=\s*\{[^}]*\},/, "")
      .replace(/\n\}\s*$/, "\n  pages     = {" + parts.where + "},\n  url       = {" + parts.url + "},\n}\n");
  }

  function copy(text, status) {
    function done() { status.textContent = "Copied."; }
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(text).then(done, function () { status.textContent = "Select the text and copy it."; });
      return;
    }
    var area = document.createElement("textarea");
    area.value = text;
    document.body.appendChild(area);
    area.select();
    try { document.execCommand("copy"); done(); } catch (e) { status.textContent = "Select the text and copy it."; }
    document.body.removeChild(area);
  }

  function closeCitations() {
    document.querySelectorAll(".ed-cite-popover").forEach(function (p) { p.remove(); });
    document.querySelectorAll(".ed-cite-button[aria-expanded=true]").forEach(function (b) {
      b.setAttribute("aria-expanded", "false");
    });
  }

  function openCitation(button, data, label, id) {
    var wasOpen = button.getAttribute("aria-expanded") === "true";
    closeCitations();
    if (wasOpen) return;
    var box = document.createElement("div");
    box.className = "ed-cite-popover";
    box.setAttribute("role", "dialog");
    box.setAttribute("aria-label", "Cite " + (label.indexOf("note") === 0 ? label : "paragraph " + label));
    var text = document.createElement("p");
    text.className = "ed-cite-text";
    text.textContent = citationText(data, label, id);
    var status = document.createElement("span");
    status.className = "ed-cite-status";
    status.setAttribute("role", "status");
    box.appendChild(text);
    [["Copy", function () { copy(citationText(data, label, id), status); }],
     ["Copy BibTeX", function () { copy(citationBibtex(data, label, id), status); }],
     ["Close", function () { closeCitations(); button.focus(); }]].forEach(function (action) {
      var b = document.createElement("button");
      b.type = "button";
      b.textContent = action[0];
      b.addEventListener("click", action[1]);
      box.appendChild(b);
    });
    box.appendChild(status);
    button.setAttribute("aria-expanded", "true");
    button.parentNode.appendChild(box);
    box.querySelector("button").focus();
  }

  function citeButtons() {
    var data = citeData();
    if (!data) return;
    function add(holder, label, id) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "ed-cite-button";
      button.textContent = "cite";
      button.setAttribute("aria-expanded", "false");
      button.setAttribute("aria-label", "Cite " + (label.indexOf("note") === 0 ? label : "paragraph " + label));
      button.addEventListener("click", function () { openCitation(button, data, label, id); });
      holder.appendChild(button);
    }
    document.querySelectorAll(".ed-row").forEach(function (row) {
      var number = row.querySelector(".ed-pnum");
      var link = number && number.querySelector("a");
      if (link) add(number, link.textContent, row.id);
    });
    document.querySelectorAll(".ed-note").forEach(function (note) {
      var label = note.querySelector(".label a, .label");
      if (label) add(note, "note " + label.textContent.replace(/[^0-9]/g, ""), note.id);
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") closeCitations();
    });
  }

  // Search loads Pagefind's module and index, which browsers refuse to pages opened from
  // disk (file://): there, the search page and the sidebar's box say so instead.
  var OFFLINE_SEARCH = "Search needs the site served over HTTP, because browsers block it " +
    "in pages opened from disk: run make serve in the edition's folder and open the " +
    "address it prints.";

  function offlineNote(tag) {
    var note = document.createElement(tag);
    note.className = "ed-search-offline";
    var parts = OFFLINE_SEARCH.split("make serve");
    var code = document.createElement("code");
    code.textContent = "make serve";
    note.appendChild(document.createTextNode(parts[0]));
    note.appendChild(code);
    note.appendChild(document.createTextNode(parts[1]));
    return note;
  }

  function sidebarSearchOffline() {
    // (On the search page, the page itself says it.)
    if (window.location.protocol !== "file:" || document.getElementById("ed-search")) return;
    document.querySelectorAll("form.sidebar-search-container").forEach(function (form) {
      form.parentNode.insertBefore(offlineNote("p"), form.nextSibling);
    });
  }

  function searchFailed(box, status) {
    if (window.location.protocol === "file:") {
      box.innerHTML = "";
      box.appendChild(offlineNote("p"));
    } else {
      status.textContent = "The search index could not be loaded: rebuild the site with make html.";
    }
  }

  // Searching the texts in all their languages (Pagefind bundles in _search/<lang>/, and
  // the notes' in _search/notes/ or, in a large edition, _search/notes-1/ and on, English;
  // _search/bundles.json lists them all).
  function searchBox() {
    var box = document.getElementById("ed-search");
    if (!box) return;
    box.innerHTML = "";
    if (window.location.protocol === "file:") {
      box.appendChild(offlineNote("p"));
      return;
    }
    var form = document.createElement("form");
    form.setAttribute("role", "search");
    form.setAttribute("aria-label", "Search the edition");
    var label = document.createElement("label");
    label.setAttribute("for", "ed-search-input");
    label.textContent = "Search the texts, translations, notes and register (Russian, Ukrainian, English)";
    var input = document.createElement("input");
    input.type = "search";
    input.id = "ed-search-input";
    input.autocomplete = "off";
    var status = document.createElement("p");
    status.className = "ed-search-status";
    status.setAttribute("role", "status");
    var list = document.createElement("ol");
    list.className = "ed-search-results";
    form.appendChild(label);
    form.appendChild(input);
    box.appendChild(form);
    box.appendChild(status);
    box.appendChild(list);
    var root = new URL("_search/", new URL(document.documentElement.dataset.content_root || "./", document.baseURI));
    var listed = fetch(new URL("bundles.json", root).href).then(function (response) {
      if (!response.ok) throw new Error("no list of the search bundles");
      return response.json();
    });
    var ready = Promise.all([import(new URL("en/pagefind.js", root).href), listed]).then(function (loaded) {
      var pagefind = loaded[0];
      var others = Object.keys(loaded[1]).filter(function (name) { return name !== "en"; });
      return pagefind.init().then(function () {
        return Promise.all(others.map(function (name) {
          var language = name === "notes" || name.indexOf("notes-") === 0 ? "en" : name;
          return pagefind.mergeIndex(new URL(name + "/", root).href, { language: language });
        }));
      }).then(function () { return pagefind; });
    });
    ready.catch(function () { searchFailed(box, status); });
    var counter = 0;
    function run() {
      var query = input.value.trim();
      var mine = ++counter;
      if (!query) { list.innerHTML = ""; status.textContent = ""; return; }
      ready.then(function (pagefind) { return pagefind.search(query); }).then(function (search) {
        return Promise.all(search.results.slice(0, 30).map(function (r) { return r.data(); }));
      }).then(function (results) {
        if (mine !== counter) return;
        list.innerHTML = "";
        var site = root.href.replace(/_search\/$/, "");
        var shown = 0;
        results.forEach(function (data) {
          // Each paragraph, note or entry is a sub-result with its own anchor.
          (data.sub_results.length ? data.sub_results : [data]).forEach(function (hit) {
            if (shown >= 40 || !hit.url || hit.url.indexOf("#") < 0) return;
            shown += 1;
            var item = document.createElement("li");
            var link = document.createElement("a");
            link.href = new URL(hit.url.replace(/^\//, ""), site).href;
            link.textContent = data.meta.title + ", " + hit.title;
            var excerpt = document.createElement("p");
            excerpt.innerHTML = hit.excerpt;  // Pagefind escapes the text; it adds only <mark>
            item.appendChild(link);
            item.appendChild(excerpt);
            list.appendChild(item);
          });
        });
        status.textContent = shown ? shown + " results" : "No results";
      });
    }
    input.addEventListener("input", run);
    form.addEventListener("submit", function (event) { event.preventDefault(); run(); });
    var initial = new URLSearchParams(window.location.search).get("q");
    if (initial) { input.value = initial; run(); }
  }

  function followRedirect() {
    // An old anchor declared as moved: go on to its new place.
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    if (target && target.classList.contains("ed-retired-redirect")) {
      var link = target.querySelector("a.ed-redirect");
      if (link) window.location.replace(link.href);
    }
  }

  function scrollables() {
    // A table or a code block wider than the page scrolls sideways: keyboard users must be
    // able to reach and scroll it too, so it takes focus and says what it holds. Checked
    // again when the window changes width (a phone turned, a window narrowed).
    // Landmarks must be told apart (axe: landmark-unique): a second "Table" is "Table 2".
    var used = {};
    document.querySelectorAll(".table-wrapper, pre").forEach(function (box) {
      var label = box.tagName === "PRE" ? "Code" : "Table";
      if (label === "Table") {
        var caption = box.querySelector("caption");
        if (caption) label = caption.textContent.trim();
      }
      if (box.scrollWidth > box.clientWidth) {
        used[label] = (used[label] || 0) + 1;
        if (used[label] > 1) label += " " + used[label];
        if (box.getAttribute("tabindex") === "0") return;
        box.setAttribute("tabindex", "0");
        box.setAttribute("role", "region");
        box.setAttribute("aria-label", label + " (scrolls sideways)");
        box.dataset.edScrolls = "";
      } else if ("edScrolls" in box.dataset) {
        box.removeAttribute("tabindex");
        box.removeAttribute("role");
        box.removeAttribute("aria-label");
        delete box.dataset.edScrolls;
      }
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    scrollables();
    var resizing = null;
    window.addEventListener("resize", function () {
      clearTimeout(resizing);
      resizing = setTimeout(scrollables, 150);
    });
    var first = document.querySelector(".ed-text, .ed-section");
    if (first) {
      first.parentNode.insertBefore(toolbar(), first);
      apply(stored());
      SWITCHES.forEach(function (choice) { applySwitch(choice, switchHidden(choice)); });
    }
    tooltips();
    citeButtons();
    searchBox();
    sidebarSearchOffline();
    followRedirect();
  });
  window.addEventListener("hashchange", followRedirect);
})();
