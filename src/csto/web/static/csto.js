/* csto: small enhancements. Without this script every form still works by reloading. */
(function () {
  "use strict";
  var verb = document.querySelector("form.askverb select");
  if (verb) {
    verb.addEventListener("change", function () { if (verb.value) { verb.form.submit(); } });
  }
})();

/* csto: enhance the date control. Without this script the form reloads the page; with it,
   moving the slider or the date swaps in the server-rendered fragment for that day. */
(function () {
  "use strict";
  var form = document.querySelector("form.datecontrol");
  if (!form) { return; }
  var input = form.querySelector("input[type=date]");
  var slider = form.querySelector("input[type=range]");
  var target = document.querySelector(form.getAttribute("data-target"));
  var fragment = form.getAttribute("data-fragment");
  if (!input || !slider || !target || !fragment) { return; }
  var DAY = 86400000;
  var first = Date.parse(slider.getAttribute("data-first") + "T00:00:00Z");
  var timer = null;
  var latest = 0;
  slider.hidden = false;

  function isoOf(offset) { return new Date(first + offset * DAY).toISOString().slice(0, 10); }
  function offsetOf(iso) { return Math.round((Date.parse(iso + "T00:00:00Z") - first) / DAY); }

  function show(iso) {
    var ticket = ++latest;
    target.setAttribute("aria-busy", "true");
    fetch(fragment + "?date=" + encodeURIComponent(iso), { headers: { "Accept": "text/html" } })
      .then(function (response) { return response.ok ? response.text() : null; })
      .then(function (html) {
        if (ticket !== latest) { return; }  // a later move already asked for another day
        target.setAttribute("aria-busy", "false");
        if (html === null) { return; }
        target.innerHTML = html;
        input.value = iso;
        slider.value = String(offsetOf(iso));
        history.replaceState(null, "", form.getAttribute("action") + "?date=" + iso);
      })
      .catch(function () { target.setAttribute("aria-busy", "false"); });
  }

  slider.addEventListener("input", function () {
    var iso = isoOf(Number(slider.value));
    input.value = iso;
    window.clearTimeout(timer);
    timer = window.setTimeout(function () { show(iso); }, 60);
  });
  input.addEventListener("change", function () {
    if (input.value) { show(input.value); }
  });
  form.addEventListener("submit", function (event) {
    event.preventDefault();
    if (input.value) { show(input.value); }
  });
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("a[data-date]") : null;
    if (!link || event.ctrlKey || event.metaKey || event.shiftKey) { return; }
    event.preventDefault();
    show(link.getAttribute("data-date"));
  });
})();
