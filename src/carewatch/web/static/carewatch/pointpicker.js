// A map under the exact-point fields (Leaflet, vendored): a click or a tap sets the latitude and
// longitude; typed coordinates move the mark. Its base is the districts' boundaries (no tiles,
// no third party). The recorded point is never in the page: the map shows only what is typed here.
(function () {
  "use strict";
  if (!window.L || !window.fetch) { return; }
  document.querySelectorAll("input[data-point-picker]").forEach(function (latInput) {
    var form = latInput.form;
    var lonInput = form && form.querySelector('input[name="' + latInput.name.replace("lat", "lon") + '"]');
    if (!lonInput) { return; }
    var box = document.createElement("div");
    box.className = "point-map";
    box.setAttribute("role", "application");
    box.setAttribute("aria-label", latInput.dataset.pointPickerLabel || "");
    var help = document.createElement("p");
    help.className = "help";
    help.textContent = latInput.dataset.pointPickerLabel || "";
    var field = lonInput.closest(".field") || lonInput;
    field.parentNode.insertBefore(help, field.nextSibling);
    field.parentNode.insertBefore(box, help.nextSibling);
    var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.5 });
    map.attributionControl.setPrefix(false);
    var mark = null;

    function show(lat, lon, move) {
      if (mark) { mark.setLatLng([lat, lon]); } else {
        mark = L.circleMarker([lat, lon], { radius: 7, className: "point-mark" }).addTo(map);
      }
      if (move) { map.setView([lat, lon], Math.max(map.getZoom(), 10)); }
    }

    function typed() {
      var lat = parseFloat(latInput.value);
      var lon = parseFloat(lonInput.value);
      if (isFinite(lat) && isFinite(lon)) { show(lat, lon, true); }
    }

    function boundaries(url) {
      return fetch(url, { credentials: "same-origin" }).then(function (r) {
        if (!r.ok) { throw new Error(url); }
        return r.json();
      });
    }
    boundaries(latInput.dataset.pointPicker)
      .catch(function () { return boundaries(latInput.dataset.pointPickerFallback); })
      .then(function (areas) {
        var layer = L.geoJSON(areas, { style: function () { return { className: "area q0", weight: 0.6 }; } }).addTo(map);
        map.fitBounds(layer.getBounds());
        typed();
      });
    map.on("click", function (event) {
      latInput.value = event.latlng.lat.toFixed(5);
      lonInput.value = event.latlng.lng.toFixed(5);
      show(event.latlng.lat, event.latlng.lng, false);
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    });
    latInput.addEventListener("change", typed);
    lonInput.addEventListener("change", typed);
  });
}());
