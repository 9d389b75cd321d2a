/* Skill picker: results appear while typing (GET /taxonomie/zoeken/).
 *
 * Progressive enhancement only. Without JavaScript the "Search" button posts the
 * form and the server shows the same result list. The buttons made here are the
 * same submit buttons the server renders, so adding a skill always posts the
 * whole form and nothing typed elsewhere is lost.
 */
(function () {
  "use strict";

  var input = document.getElementById("skill-q");
  var results = document.getElementById("resultaten");
  var status = document.getElementById("skill-status");
  if (!input || !results || !status || !window.fetch) {
    return;
  }
  var form = input.form;
  var url = input.getAttribute("data-autocomplete-url");
  var chosen = (form.getAttribute("data-chosen") || "").split(",").filter(Boolean);
  var timer = null;
  var latest = 0;

  function button(name, id, text, label, extraClass) {
    var b = document.createElement("button");
    b.type = "submit";
    b.name = name;
    b.value = String(id);
    b.className = "button--small" + (extraClass ? " " + extraClass : "");
    b.appendChild(document.createTextNode(text));
    var hidden = document.createElement("span");
    hidden.className = "visually-hidden";
    hidden.textContent = ": " + label;
    b.appendChild(hidden);
    return b;
  }

  function clearList() {
    Array.prototype.slice.call(results.children).forEach(function (child) {
      if (child !== status) {
        results.removeChild(child);
      }
    });
  }

  function show(items) {
    clearList();
    items = items.filter(function (item) {
      return chosen.indexOf(String(item.id)) === -1;
    });
    if (!items.length) {
      var none = document.createElement("p");
      none.textContent = results.getAttribute("data-label-none");
      results.appendChild(none);
      status.textContent = results.getAttribute("data-label-none");
      return;
    }
    var list = document.createElement("ul");
    list.className = "skill-options";
    items.forEach(function (item) {
      var li = document.createElement("li");
      li.className = "skill-option";
      var name = document.createElement("span");
      name.className = "skill-option__label";
      name.textContent = item.label;
      var buttons = document.createElement("span");
      buttons.className = "skill-option__buttons";
      buttons.appendChild(
        button("add_required", item.id, results.getAttribute("data-label-required"), item.label)
      );
      buttons.appendChild(
        button("add_nice", item.id, results.getAttribute("data-label-nice"), item.label, "button--secondary")
      );
      li.appendChild(name);
      li.appendChild(buttons);
      list.appendChild(li);
    });
    results.appendChild(list);
    status.textContent = results.getAttribute("data-label-found") + " " + items.length;
  }

  function search() {
    var query = input.value.trim();
    if (query.length < 2) {
      return;
    }
    var ticket = ++latest;
    var address = url + "?type=skill,knowledge&limit=10&q=" + encodeURIComponent(query);
    fetch(address, { credentials: "same-origin", headers: { Accept: "application/json" } })
      .then(function (response) {
        return response.ok ? response.json() : { results: [] };
      })
      .then(function (data) {
        if (ticket === latest) {
          show(data.results || []);
        }
      })
      .catch(function () {
        /* Offline or refused: the Search button still works. */
      });
  }

  input.addEventListener("input", function () {
    window.clearTimeout(timer);
    timer = window.setTimeout(search, 250);
  });
})();
