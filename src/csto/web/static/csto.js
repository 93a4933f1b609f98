/* csto: small enhancements. Without this script every form still works by reloading. */
(function () {
  "use strict";
  var verb = document.querySelector("form.askverb select");
  if (verb) {
    verb.addEventListener("change", function () { if (verb.value) { verb.form.submit(); } });
  }
})();

/* csto: enhance the date control. Without this script the form reloads the page; with it,
   moving the slider or the date swaps in the server-rendered fragment for that day. Each
   day chosen is a history entry (Back returns to the day before); the slider says its day
   in words; one short line announces the day shown (not the whole view); "Play through
   history" steps through the days membership changed; "Projector view" enlarges the page;
   "Save as PNG" draws the map's standalone SVG onto a canvas. */
(function () {
  "use strict";
  var form = document.querySelector("form.datecontrol");
  if (!form) { return; }
  var input = form.querySelector("input[type=date]");
  var slider = form.querySelector("input[type=range]");
  var target = document.querySelector(form.getAttribute("data-target"));
  var fragment = form.getAttribute("data-fragment");
  var announce = form.querySelector("#announce");
  if (!input || !slider || !target || !fragment) { return; }
  var DAY = 86400000;
  var MONTHS = ["January", "February", "March", "April", "May", "June", "July", "August",
    "September", "October", "November", "December"];
  var first = Date.parse(slider.getAttribute("data-first") + "T00:00:00Z");
  var base = form.getAttribute("action");
  var timer = null;
  var latest = 0;
  slider.hidden = false;

  function isoOf(offset) { return new Date(first + offset * DAY).toISOString().slice(0, 10); }
  function offsetOf(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - first) / DAY); }
  function words(iso) {
    var p = iso.split("-");
    return Number(p[2]) + " " + MONTHS[Number(p[1]) - 1] + " " + p[0];
  }
  function mark(iso) {
    input.value = iso;
    slider.value = String(offsetOf(iso));
    slider.setAttribute("aria-valuetext", words(iso));
  }
  mark(input.value);
  history.replaceState({ date: input.value }, "", location.href);

  /* how: "push" adds a history entry, "replace" changes the current one, "none" leaves
     the address alone (Back and Forward already moved it) */
  function show(iso, how) {
    var ticket = ++latest;
    target.setAttribute("aria-busy", "true");
    return fetch(fragment + "?date=" + encodeURIComponent(iso), { headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (ticket !== latest) { return; }  // a later move already asked for another day
        target.setAttribute("aria-busy", "false");
        if (html === null) { return; }
        target.innerHTML = html;
        mark(iso);
        document.title = document.title.replace(/\d{4}-\d{2}-\d{2}/, iso);
        if (announce) { announce.textContent = "Showing " + words(iso) + "."; }
        var address = base + "?date=" + iso;
        if (how === "push" && history.state && history.state.date !== iso) {
          history.pushState({ date: iso }, "", address);
        } else if (how !== "none") {
          history.replaceState({ date: iso }, "", address);
        }
      })
      .catch(function () { target.setAttribute("aria-busy", "false"); });
  }

  /* the slider: the address follows at once (replace); the entry is kept when it settles */
  slider.addEventListener("input", function () {
    var iso = isoOf(Number(slider.value));
    input.value = iso;
    slider.setAttribute("aria-valuetext", words(iso));
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(iso, "push"); }, 60);
  });
  input.addEventListener("change", function () {
    if (input.value) { show(input.value, "push"); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.value) { show(input.value, "push"); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-date]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    show(link.getAttribute("data-date"), "push");
  });
  window.addEventListener("popstate", function (event) {
    var iso = event.state && event.state.date;
    if (!iso) {
      var m = /[?&]date=(\d{4}-\d{2}-\d{2})/.exec(location.search);
      iso = m ? m[1] : null;
    }
    if (iso) { stop(); show(iso, "none"); }
  });

  /* play through history: each day membership changed, then today, 1.6 s apart */
  var bar = form.querySelector(".playbar");
  var play = form.querySelector("button.play");
  var days = Array.prototype.map.call(form.querySelectorAll(".keydays a[data-date]"),
    function (a) { return a.getAttribute("data-date"); });
  var playing = null;
  function stop() {
    if (playing === null) { return; }
    window.clearTimeout(playing);
    playing = null;
    play.setAttribute("aria-pressed", "false");
    play.textContent = play.getAttribute("data-play");
  }
  function step(i, how) {
    if (i >= days.length) { stop(); return; }
    show(days[i], how).then(function () {  /* one history entry for the whole play */
      if (playing !== null) {
        playing = window.setTimeout(function () { step(i + 1, "replace"); }, 1600);
      }
    });
  }
  if (bar && play && days.length) {
    bar.hidden = false;
    play.addEventListener("click", function () {
      if (playing !== null) { stop(); return; }
      play.setAttribute("aria-pressed", "true");
      play.textContent = play.getAttribute("data-pause");
      var now = input.value, i = 0;
      while (i < days.length - 1 && days[i] <= now) { i += 1; }
      if (now >= days[days.length - 1]) { i = 0; }
      playing = 0;
      step(i, "push");
    });
  }

  /* the projector view: larger type and a map as wide as the screen, kept for next time */
  var big = form.querySelector("button.projector");
  function projector(on) {
    document.documentElement.classList.toggle("projector", on);
    if (big) { big.setAttribute("aria-pressed", on ? "true" : "false"); }
    try { window.localStorage.setItem("csto-projector", on ? "1" : "0"); } catch (e) { /* private mode */ }
  }
  if (big) {
    var kept = null;
    try { kept = window.localStorage.getItem("csto-projector"); } catch (e) { kept = null; }
    if (kept === "1") { projector(true); }
    big.addEventListener("click", function () {
      projector(!document.documentElement.classList.contains("projector"));
    });
  }
})();

/* csto: save the map as a PNG image, drawn from the same standalone SVG as "Save (SVG)". */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest ? event.target.closest("button.save-png") : null;
    if (!button) { return; }
    var link = button.parentNode.querySelector("a.save-svg");
    if (!link) { return; }
    fetch(link.getAttribute("href")).then(function (r) { return r.text(); }).then(function (svg) {
      var image = new Image();
      image.onload = function () {
        var scale = 2;
        var canvas = document.createElement("canvas");
        canvas.width = image.naturalWidth * scale;
        canvas.height = image.naturalHeight * scale;
        var g = canvas.getContext("2d");
        g.fillStyle = "#ffffff";
        g.fillRect(0, 0, canvas.width, canvas.height);
        g.drawImage(image, 0, 0, canvas.width, canvas.height);
        var a = document.createElement("a");
        a.href = canvas.toDataURL("image/png");
        a.download = link.getAttribute("download").replace(/\.svg$/, ".png");
        document.body.appendChild(a);
        a.click();
        a.remove();
      };
      image.src = "data:image/svg+xml;charset=utf-8," + encodeURIComponent(svg);
    });
  });
  document.documentElement.classList.add("js");  /* the stylesheet shows the button */
})();

/* csto: a table wider than a phone scrolls inside itself; one with nothing to focus gets a
   tab stop, so that a keyboard can scroll it too (checked again when a day is swapped in). */
(function () {
  "use strict";
  function stops() {
    Array.prototype.forEach.call(document.querySelectorAll("main table"), function (t) {
      var wide = t.scrollWidth > t.clientWidth + 1;
      var focusable = t.querySelector("a[href], button, input, select, textarea, [tabindex]");
      if (wide && !focusable && !t.hasAttribute("tabindex")) {
        t.setAttribute("tabindex", "0");
      }
    });
  }
  stops();
  window.addEventListener("resize", stops);
  new MutationObserver(stops).observe(document.querySelector("main") || document.body,
    { childList: true, subtree: true });
})();
