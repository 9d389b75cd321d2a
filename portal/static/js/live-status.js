/* Waiting pages (data export, CV, progress report): ask for the page again every few
 * seconds and put what changed into its aria-live region, so a screen reader hears
 * "ready" and nothing reloads under the reader's eyes (no <meta http-equiv=refresh>).
 * Without this file the page has a "Check again" link that does the same. */
(function () {
  "use strict";
  var region = document.querySelector("[data-live-status][data-busy]");
  if (!region || !window.fetch || !window.DOMParser) { return; }
  var wait = (parseInt(region.getAttribute("data-interval"), 10) || 2) * 1000;
  var tries = 0;

  function schedule() {
    tries += 1;
    if (tries <= 150) { window.setTimeout(poll, wait); }  // stop after about five minutes
  }

  function poll() {
    fetch(window.location.href, { credentials: "same-origin", cache: "no-store" })
      .then(function (response) { return response.ok ? response.text() : ""; })
      .then(function (html) {
        var fresh = html && new DOMParser().parseFromString(html, "text/html")
          .querySelector("[data-live-status]");
        if (!fresh) { schedule(); return; }
        if (fresh.innerHTML !== region.innerHTML) { region.innerHTML = fresh.innerHTML; }
        if (fresh.hasAttribute("data-busy")) { schedule(); return; }
        region.removeAttribute("data-busy");
        document.querySelectorAll("[data-after-busy]").forEach(function (node) { node.hidden = false; });
      })
      .catch(schedule);
  }

  schedule();
})();
