// Search-as-you-type pickers for long choice lists (places, facilities).
//
// A <select data-picker="/places/search/"> stays in the page and is what the form sends; this
// script hides it and puts a combobox in front of it (WAI-ARIA combobox with a listbox popup):
// typing asks the URL (?q=…) for {"results": [{"value", "label", "detail"}]}, arrows move, Enter
// or a tap chooses, Escape closes. A multiple select shows its choices as removable chips.
// Without JavaScript the select works as it always did.
(function () {
  "use strict";
  var counter = 0;

  function optionFor(select, value, label) {
    var found = Array.prototype.find.call(select.options, function (o) { return o.value === value; });
    if (!found) {
      found = new Option(label, value);
      select.add(found);
    }
    return found;
  }

  function enhance(select) {
    counter += 1;
    var multiple = select.multiple;
    var id = select.id || "picker-" + counter;
    var wrap = document.createElement("div");
    wrap.className = "picker";
    var input = document.createElement("input");
    input.type = "search";
    input.id = id + "-search";
    input.autocomplete = "off";
    input.dir = "auto";
    input.placeholder = select.dataset.pickerHint || "";
    input.setAttribute("role", "combobox");
    input.setAttribute("aria-autocomplete", "list");
    input.setAttribute("aria-expanded", "false");
    input.setAttribute("aria-controls", id + "-options");
    var list = document.createElement("ul");
    list.id = id + "-options";
    list.className = "picker-options";
    list.setAttribute("role", "listbox");
    list.hidden = true;
    var chips = document.createElement("ul");
    chips.className = "picker-chosen";
    var status = document.createElement("p");
    status.className = "visually-hidden";
    status.setAttribute("role", "status");

    var label = document.querySelector('label[for="' + select.id + '"]');
    if (label) { label.htmlFor = input.id; }
    select.classList.add("visually-hidden");
    select.tabIndex = -1;
    select.setAttribute("aria-hidden", "true");
    select.parentNode.insertBefore(wrap, select);
    wrap.appendChild(input);
    wrap.appendChild(list);
    wrap.appendChild(chips);
    wrap.appendChild(status);
    wrap.appendChild(select);

    var results = [];
    var active = -1;
    var asked = 0;
    var timer = null;

    function chosenText() {
      var option = select.options[select.selectedIndex];
      return option && option.value ? option.text.trim() : "";
    }

    function drawChips() {
      chips.textContent = "";
      if (!multiple) { return; }
      Array.prototype.forEach.call(select.selectedOptions, function (option) {
        var item = document.createElement("li");
        var name = document.createElement("bdi");
        name.textContent = option.text.trim();
        var remove = document.createElement("button");
        remove.type = "button";
        remove.className = "linkish";
        remove.textContent = "×";
        remove.setAttribute("aria-label", (select.dataset.pickerRemove || "Remove") + " " + option.text.trim());
        remove.addEventListener("click", function () {
          option.selected = false;
          changed();
          input.focus();
        });
        item.appendChild(name);
        item.appendChild(remove);
        chips.appendChild(item);
      });
    }

    function changed() {
      drawChips();
      select.dispatchEvent(new Event("change", { bubbles: true }));
    }

    function close() {
      list.hidden = true;
      input.setAttribute("aria-expanded", "false");
      input.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(index) {
      var items = list.querySelectorAll("[role=option]");
      if (!items.length) { return; }
      active = (index + items.length) % items.length;
      items.forEach(function (item, i) { item.setAttribute("aria-selected", i === active ? "true" : "false"); });
      input.setAttribute("aria-activedescendant", items[active].id);
      items[active].scrollIntoView({ block: "nearest" });
    }

    function choose(index) {
      var hit = results[index];
      if (!hit) { return; }
      optionFor(select, hit.value, hit.label).selected = true;
      input.value = multiple ? "" : hit.label;
      close();
      changed();
      status.textContent = hit.label;
    }

    function draw() {
      list.textContent = "";
      if (!results.length) {
        var none = document.createElement("li");
        none.className = "muted";
        none.textContent = select.dataset.pickerEmpty || "";
        list.appendChild(none);
      }
      results.forEach(function (hit, i) {
        var item = document.createElement("li");
        item.id = id + "-option-" + i;
        item.setAttribute("role", "option");
        item.setAttribute("aria-selected", "false");
        var name = document.createElement("bdi");
        name.className = "picker-label";
        name.textContent = hit.label;
        var detail = document.createElement("span");
        detail.className = "picker-detail";
        detail.dir = "auto";
        detail.textContent = hit.detail || "";
        item.appendChild(name);
        item.appendChild(detail);
        item.addEventListener("mousedown", function (event) { event.preventDefault(); });
        item.addEventListener("click", function () { choose(i); });
        list.appendChild(item);
      });
      list.hidden = false;
      input.setAttribute("aria-expanded", "true");
      status.textContent = results.length ? String(results.length) : (select.dataset.pickerEmpty || "");
    }

    function ask() {
      var text = input.value.trim();
      if (!text) {
        close();
        if (!multiple && select.value) { select.value = ""; changed(); }
        return;
      }
      var mine = ++asked;
      fetch(select.dataset.picker + "?q=" + encodeURIComponent(text), {
        credentials: "same-origin",
        headers: { Accept: "application/json" }
      })
        .then(function (response) { return response.ok ? response.json() : { results: [] }; })
        .then(function (data) {
          if (mine !== asked) { return; }  // a later keystroke asked again
          results = data.results || [];
          draw();
        })
        .catch(function () { /* offline: the hidden list still holds the choice */ });
    }

    input.addEventListener("input", function () {
      clearTimeout(timer);
      timer = setTimeout(ask, 150);
    });
    input.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") { event.preventDefault(); if (list.hidden) { ask(); } else { highlight(active + 1); } }
      else if (event.key === "ArrowUp") { event.preventDefault(); highlight(active - 1); }
      else if (event.key === "Enter" && !list.hidden && active >= 0) { event.preventDefault(); choose(active); }
      else if (event.key === "Escape") { close(); }
    });
    input.addEventListener("blur", function () {
      setTimeout(close, 150);
      if (!multiple && input.value.trim() && input.value.trim() !== chosenText()) {
        input.value = chosenText();  // an unfinished search does not replace the choice
      }
    });
    input.value = multiple ? "" : chosenText();
    drawChips();
  }

  function start() {
    document.querySelectorAll("select[data-picker]").forEach(enhance);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
}());
