// The exercise's pages, live: one EventSource per page (it reconnects by itself and resumes
// after the last event it saw), and on each event the page's live sections are fetched again
// from the server and swapped in. Participants' text is never put into the page as markup:
// it arrives escaped in the server's HTML, or is set with textContent. No inline script.
"use strict";
(function () {
  var root = document.querySelector(".live-root");
  if (!root) { return; }
  var state = document.getElementById("live-state");
  function say(text, on) {
    if (!state) { return; }
    state.textContent = text;
    state.classList.toggle("on", !!on);
  }

  // the agenda's timers count down between events
  function tick() {
    document.querySelectorAll(".timer[data-seconds-left]").forEach(function (el) {
      if (el.dataset.running !== "yes") { return; }
      var left = parseFloat(el.dataset.secondsLeft);
      if (isNaN(left)) { return; }
      left -= 1;
      el.dataset.secondsLeft = String(left);
      var s = Math.abs(Math.trunc(left));
      el.textContent = (left < 0 ? "-" : "") + Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
      el.classList.toggle("over", left < 0);
    });
  }
  setInterval(tick, 1000);

  var events = root.dataset.events;
  var page = root.dataset.page;
  if (!events || !page || !window.EventSource || !window.fetch) { return; }

  function busy(section) {
    // a form being filled in is left alone until it is sent
    var active = document.activeElement;
    if (active && section.contains(active) && active.form) { return true; }
    return Array.prototype.some.call(section.querySelectorAll("textarea, input[type=text]"), function (el) {
      return el.value.trim() !== "";
    });
  }

  var pending = null;
  function refresh() {
    pending = null;
    fetch(page, { credentials: "same-origin", headers: { Accept: "text/html" } })
      .then(function (r) {
        if (r.status === 401) { window.location.reload(); return null; }
        return r.ok ? r.text() : null;
      })
      .then(function (html) {
        if (!html) { return; }
        var doc = new DOMParser().parseFromString(html, "text/html");
        document.querySelectorAll("[data-live]").forEach(function (section) {
          if (!section.id) { return; }
          var fresh = doc.getElementById(section.id);
          if (!fresh) { return; }
          if (section.dataset.live === "forms" && busy(section)) { return; }
          section.replaceWith(document.importNode(fresh, true));
        });
      })
      .catch(function () { say("reconnecting…", false); });
  }
  function later() {
    if (pending === null) { pending = setTimeout(refresh, 120); }
  }

  // The browser's EventSource reconnects by itself when a stream is cut (the server went
  // away), sending Last-Event-ID. When an answer refuses it instead (a proxy's 502 while the
  // server restarts, a worker not ready), the browser gives up: the page then opens a new
  // stream itself, after the last event it saw, waiting longer each time (1 s to 30 s), and
  // asks for the page again (a session that has ended reloads it). Back live, the page is
  // fetched again once, in case a refresh was lost while the server was away.
  var source = null;
  var wait = 1000;
  var again = null;
  var down = false;
  function since() {
    var seen = root.dataset.version || "0";
    return /[?&]after=/.test(events)
      ? events.replace(/([?&]after=)[^&]*/, "$1" + seen)
      : events + (events.indexOf("?") < 0 ? "?" : "&") + "after=" + seen;
  }
  function connect() {
    again = null;
    source = new EventSource(since());
    source.onopen = function () {
      say("live", true);
      wait = 1000;
      if (down) { down = false; later(); }
    };
    source.onerror = function () {
      down = true;
      say("reconnecting…", false);
      if (source.readyState === EventSource.CLOSED && again === null) {
        again = setTimeout(connect, wait);
        wait = Math.min(wait * 2, 30000);
        later();
      }
    };
    ["move", "rewound", "credential", "created", "message"].forEach(function (kind) {
      source.addEventListener(kind, function (e) {
        root.dataset.version = e.lastEventId || root.dataset.version;
        later();
      });
    });
    source.addEventListener("revoked", function () {
      source.close();
      say("your session has ended", false);
      window.location.reload();
    });
  }
  connect();
})();
