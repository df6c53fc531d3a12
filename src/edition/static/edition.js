/* Reading modes for the parallel text: parallel, original only, translation only.
   The choice is remembered across pages (localStorage). Without JavaScript the
   page shows both columns and every permalink still works. */
(function () {
  "use strict";
  var KEY = "edition-reading-mode";
  var MARKS_KEY = "edition-note-marks";
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

  function marksHidden() {
    try { return window.localStorage.getItem(MARKS_KEY) === "hidden"; } catch (e) { return false; }
  }

  function applyMarks(hidden) {
    document.documentElement.classList.toggle("ed-marks-hidden", hidden);
    var button = document.querySelector(".ed-toolbar button.ed-marks-toggle");
    if (button) button.setAttribute("aria-pressed", String(!hidden));
  }

  // Set the classes before the page paints, so a remembered choice does not flicker.
  apply(stored());
  applyMarks(marksHidden());

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
    if (document.querySelector("a.ed-mark")) {
      var marks = document.createElement("button");
      marks.type = "button";
      marks.className = "ed-marks-toggle";
      marks.textContent = "Note marks";
      marks.title = "Show or hide the marks of the editorial notes in the text";
      marks.addEventListener("click", function () {
        var hidden = !document.documentElement.classList.contains("ed-marks-hidden");
        try { window.localStorage.setItem(MARKS_KEY, hidden ? "hidden" : "shown"); } catch (e) { /* private mode */ }
        applyMarks(hidden);
      });
      bar.appendChild(marks);
    }
    return bar;
  }

  // Register links: the entry's short description, shown on hover and on keyboard focus
  // (the title attribute alone is neither keyboard- nor touch-accessible).
  function tooltips() {
    var tip = document.createElement("div");
    tip.className = "ed-tip";
    tip.id = "ed-tip";
    tip.setAttribute("role", "tooltip");
    tip.hidden = true;
    document.body.appendChild(tip);
    function show(link) {
      tip.textContent = link.dataset.description;
      tip.hidden = false;
      var box = link.getBoundingClientRect();
      var left = Math.min(box.left + window.scrollX, window.scrollX + document.documentElement.clientWidth - tip.offsetWidth - 8);
      tip.style.left = Math.max(8, left) + "px";
      tip.style.top = (box.bottom + window.scrollY + 6) + "px";
      link.setAttribute("aria-describedby", "ed-tip");
    }
    function hide(link) {
      tip.hidden = true;
      link.removeAttribute("aria-describedby");
    }
    document.querySelectorAll("a.ed-reg-link[title]").forEach(function (link) {
      link.dataset.description = link.title;
      link.removeAttribute("title");
      link.addEventListener("mouseenter", function () { show(link); });
      link.addEventListener("focus", function () { show(link); });
      link.addEventListener("mouseleave", function () { hide(link); });
      link.addEventListener("blur", function () { hide(link); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") tip.hidden = true;
    });
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

  document.addEventListener("DOMContentLoaded", function () {
    var first = document.querySelector(".ed-text, .ed-section");
    if (first) {
      first.parentNode.insertBefore(toolbar(), first);
      apply(stored());
      applyMarks(marksHidden());
    }
    tooltips();
    followRedirect();
  });
  window.addEventListener("hashchange", followRedirect);
})();
