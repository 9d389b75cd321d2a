/* The skill and work pickers: suggestions while typing, from the taxonomy's JSON endpoint.
 * Without this file the search form submits and the server lists the same results. */
(function () {
  "use strict";

  function debounce(fn, wait) {
    var timer = null;
    return function () {
      var args = arguments;
      window.clearTimeout(timer);
      timer = window.setTimeout(function () { fn.apply(null, args); }, wait);
    };
  }

  function enhance(form) {
    var input = form.querySelector("input[name=q]");
    var status = form.parentNode.querySelector("[data-picker-status]");
    var list = form.parentNode.querySelector("[data-picker-results]");
    var template = form.parentNode.querySelector("template[data-picker-item]");
    if (!input || !status || !list || !template) { return; }
    var latest = 0;

    function render(results) {
      list.textContent = "";
      results.forEach(function (result) {
        var item = template.content.firstElementChild.cloneNode(true);
        item.querySelectorAll("[data-picker-label]").forEach(function (node) {
          node.textContent = node.classList.contains("visually-hidden") ? ": " + result.label : result.label;
        });
        var link = item.querySelector("[data-picker-link]");
        if (link) { link.setAttribute("href", "?kies=" + encodeURIComponent(result.id)); }
        var value = item.querySelector("[data-picker-value]");
        if (value) { value.value = result.id; }
        list.appendChild(item);
      });
      status.textContent = results.length
        ? form.dataset.pickerFound.replace("%(count)s", String(results.length))
        : form.dataset.pickerNone;
    }

    var lookup = debounce(function () {
      var query = input.value.trim();
      if (query.length < 2) { return; }
      var ticket = ++latest;
      var url = form.dataset.pickerUrl + "?limit=10&type=" + encodeURIComponent(form.dataset.pickerType) +
        "&q=" + encodeURIComponent(query) + "&lang=" + encodeURIComponent(document.documentElement.lang || "nl");
      fetch(url, { credentials: "same-origin", headers: { Accept: "application/json" } })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) { if (ticket === latest) { render(data.results || []); } })
        .catch(function () { /* the search button still works */ });
    }, 250);

    input.addEventListener("input", lookup);
  }

  document.querySelectorAll("form[data-picker]").forEach(enhance);

  /* A step with one main form (data-keep-edits) and small forms beside it (add or remove a
   * work): those carry the main form's fields along, so what was typed there is kept. */
  var keep = document.querySelector("form[data-keep-edits]");
  if (keep) {
    document.addEventListener("submit", function (event) {
      var form = event.target;
      if (form === keep || form.method.toLowerCase() !== "post") { return; }
      new FormData(keep).forEach(function (value, name) {
        if (name === "csrfmiddlewaretoken" || typeof value !== "string") { return; }
        var input = document.createElement("input");
        input.type = "hidden";
        input.name = name;
        input.value = value;
        form.appendChild(input);
      });
    });
  }
})();
