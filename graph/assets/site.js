/* glossary-graph explorer site: search over names and aliases, filters by category, role and
 * status on the index page. The cards are static HTML; this script only hides and shows them
 * and writes match notes with textContent. */
(function () {
  "use strict";

  function fold(text) {
    return String(text).normalize("NFKD").replace(/[\u0300-\u036f]/g, "").toLowerCase()
      .replace(/[^\p{L}\p{N}]+/gu, " ").trim();
  }

  function setup(form) {
    var entries = JSON.parse(document.getElementById(form.getAttribute("data-gg-search")).textContent);
    var cards = document.querySelectorAll("[data-gg-list] > li");
    var count = document.querySelector("[data-gg-count]");
    var empty = document.querySelector("[data-gg-empty]");
    var input = form.querySelector("input[type=search]");
    var filters = form.querySelectorAll("[data-gg-filter]");
    var keys = entries.map(function (e) {
      return { label: fold(e.l), aliases: e.a.map(function (a) { return [fold(a), a]; }) };
    });

    function matches(key, words) {
      // Every word of the query must occur in the name or in one single alias.
      var inLabel = words.every(function (w) { return key.label.indexOf(w) >= 0; });
      if (inLabel) return { hit: true, alias: null };
      for (var i = 0; i < key.aliases.length; i++) {
        var alias = key.aliases[i];
        if (words.every(function (w) { return alias[0].indexOf(w) >= 0; })) return { hit: true, alias: alias[1] };
      }
      return { hit: false };
    }

    function update() {
      var q = fold(input.value), words = q ? q.split(" ") : [];
      var chosen = {};
      filters.forEach(function (f) { chosen[f.getAttribute("data-gg-filter")] = f.value; });
      var shown = 0;
      entries.forEach(function (entry, i) {
        var card = cards[i], note = card.querySelector("[data-gg-match]");
        var ok = (!chosen.c || entry.c.indexOf(chosen.c) >= 0) && (!chosen.r || entry.r.indexOf(chosen.r) >= 0) &&
          (!chosen.s || entry.s === chosen.s);
        var found = ok && words.length ? matches(keys[i], words) : { hit: ok, alias: null };
        card.hidden = !found.hit;
        note.textContent = found.hit && found.alias ? "matches alias \u201c" + found.alias + "\u201d" : "";
        if (found.hit) shown += 1;
      });
      count.textContent = shown === entries.length ? entries.length + " terms" : shown + " of " + entries.length + " terms";
      empty.hidden = shown !== 0;
      var params = new URLSearchParams();
      if (input.value) params.set("q", input.value);
      Object.keys(chosen).forEach(function (k) { if (chosen[k]) params.set(k, chosen[k]); });
      var hash = params.toString();
      if (window.history && window.history.replaceState) {
        try { window.history.replaceState(null, "", hash ? "#" + hash : window.location.pathname); } catch (e) { /* file:// in some browsers */ }
      }
    }

    // Restore a search from the address (#q=...&c=...), so a filtered list can be shared.
    var address = window.location.hash.slice(1);
    var start = new URLSearchParams(address.indexOf("=") >= 0 ? address : "");
    if (start.get("q")) input.value = start.get("q");
    filters.forEach(function (f) {
      var value = start.get(f.getAttribute("data-gg-filter"));
      if (value && Array.prototype.some.call(f.options, function (o) { return o.value === value; })) f.value = value;
    });
    form.addEventListener("submit", function (event) { event.preventDefault(); });
    input.addEventListener("input", update);
    filters.forEach(function (f) { f.addEventListener("change", update); });
    if (input.value || start.toString()) update();
  }

  document.querySelectorAll("[data-gg-search]").forEach(setup);
})();
