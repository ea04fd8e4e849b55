// The dashboard's interactive map (Leaflet, vendored): the areas of the public level shaded by
// their counts, a circle at each area's centre (gathered into governorates when zoomed out),
// governorate names as labels, a legend, a time slider over the years and a choice of measure.
// The counts are the dashboard's own, for its filters (/dashboard/map.json); nothing finer than
// the public level is in them. Without JavaScript the server-drawn map stays in the page.
(function () {
  "use strict";
  var box = document.querySelector(".live-map");
  if (!box || !window.L || !window.fetch) { return; }
  var figure = box.closest("figure");
  var GATHER_BELOW_ZOOM = 8;
  var CLASSES = 5;

  function json(url) {
    return fetch(url, { credentials: "same-origin" }).then(function (r) {
      if (!r.ok) { throw new Error(url + " " + r.status); }
      return r.json();
    });
  }

  function colourClass(count, top) {
    if (!count || !top) { return 0; }
    return Math.max(1, Math.min(CLASSES, Math.ceil(Math.sqrt(count / top) * CLASSES)));
  }

  function radius(count, top) {
    return count && top ? 4 + 18 * Math.sqrt(count / top) : 0;
  }

  function number(n) {
    return new Intl.NumberFormat(document.documentElement.lang || "en").format(n);
  }

  function element(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined) { node.textContent = text; }
    return node;
  }

  function build(data, areas, governorates) {
    var words = data.words;
    var state = { measure: data.measures[0].code, slice: "all" };
    var controls = element("div", "map-controls");
    var sliderId = "map-year";
    var sliderLabel = element("label", "", words.year + " ");
    sliderLabel.htmlFor = sliderId;
    var slider = element("input");
    slider.type = "range";
    slider.id = sliderId;
    slider.min = "0";
    slider.max = String(data.years.length);
    slider.step = "1";
    slider.value = "0";
    var shown = element("output", "map-year", words.all);
    shown.htmlFor = sliderId;
    sliderLabel.appendChild(shown);
    var measure = element("select");
    measure.setAttribute("aria-label", words.legend);
    data.measures.forEach(function (m) { measure.add(new Option(m.label, m.code)); });
    controls.appendChild(sliderLabel);
    controls.appendChild(slider);
    controls.appendChild(measure);
    box.parentNode.insertBefore(controls, box);
    var legend = element("ul", "legend map-legend");
    box.parentNode.insertBefore(legend, box.nextSibling);

    box.hidden = false;
    figure.querySelectorAll(".map-static").forEach(function (node) { node.hidden = true; });
    var map = L.map(box, { scrollWheelZoom: false, zoomSnap: 0.5, attributionControl: true });
    if (box.dataset.tiles) {
      L.tileLayer(box.dataset.tiles, { attribution: box.dataset.tilesAttribution || "" }).addTo(map);
    }
    var byPcode = {};
    data.areas.forEach(function (a) { byPcode[a.pcode] = a; });
    map.attributionControl.setPrefix(false);
    var shapes = L.geoJSON(areas, {
      attribution: box.dataset.attribution || "",
      style: function () { return { className: "area q0", weight: 0.6 }; }
    }).addTo(map);
    map.fitBounds(shapes.getBounds(), { padding: [4, 4] });
    if (governorates) {
      L.geoJSON(governorates, { interactive: false, style: function () { return { className: "governorate-line", fill: false, weight: 1.6 }; } }).addTo(map);
    }
    data.governorates.forEach(function (g) {
      L.tooltip({ permanent: true, direction: "center", className: "map-label", interactive: false })
        .setLatLng([g.lat, g.lon]).setContent(g.name).addTo(map);
    });
    var circles = L.layerGroup().addTo(map);

    function values() {
      return (data.counts[state.measure] || {})[state.slice] || {};
    }

    function popup(name, count) {
      var text = element("div");
      var title = element("strong");
      title.appendChild(element("bdi", "", name));
      text.appendChild(title);
      text.appendChild(element("div", "", count ? number(count) : words.none));
      return text;
    }

    function draw() {
      var counts = values();
      var top = 0;
      Object.keys(counts).forEach(function (k) { top = Math.max(top, counts[k]); });
      shapes.eachLayer(function (layer) {
        var pcode = layer.feature.properties.pcode;
        var area = byPcode[pcode] || { name: pcode };
        var count = counts[pcode] || 0;
        var path = layer.getElement && layer.getElement();
        if (path) { path.setAttribute("class", "leaflet-interactive area q" + colourClass(count, top)); }
        layer.unbindPopup();
        layer.bindPopup(popup(area.name, count));
      });
      circles.clearLayers();
      var gather = data.level === 2 && map.getZoom() < GATHER_BELOW_ZOOM;
      var points = gather ? gathered(counts) : data.areas.map(function (a) {
        return { name: a.name, lat: a.lat, lon: a.lon, count: counts[a.pcode] || 0 };
      });
      var biggest = 0;
      points.forEach(function (p) { biggest = Math.max(biggest, p.count); });
      points.forEach(function (p) {
        if (!p.count) { return; }
        L.circleMarker([p.lat, p.lon], { radius: radius(p.count, biggest), className: "dot", weight: 1 })
          .bindPopup(popup(p.name, p.count)).addTo(circles);
      });
      drawLegend(top);
    }

    function gathered(counts) {
      var sums = {};
      data.areas.forEach(function (a) { sums[a.governorate] = (sums[a.governorate] || 0) + (counts[a.pcode] || 0); });
      return data.governorates.map(function (g) {
        return { name: g.name, lat: g.lat, lon: g.lon, count: sums[g.pcode] || 0 };
      });
    }

    function drawLegend(top) {
      legend.textContent = "";
      var previous = 0;
      for (var level = 1; level <= CLASSES && top > 0; level += 1) {
        var upper = Math.floor(Math.pow(level / CLASSES, 2) * top);
        if (upper <= previous) { continue; }
        var item = element("li");
        var swatch = element("span", "swatch-box q" + level);
        swatch.setAttribute("aria-hidden", "true");
        item.appendChild(swatch);
        item.appendChild(element("bdi", "", upper > previous + 1 ? number(previous + 1) + "–" + number(upper) : number(upper)));
        legend.appendChild(item);
        previous = upper;
      }
    }

    slider.addEventListener("input", function () {
      var index = Number(slider.value);
      state.slice = index === 0 ? "all" : data.years[index - 1];
      shown.textContent = index === 0 ? words.all : state.slice;
      slider.setAttribute("aria-valuetext", shown.textContent);
      draw();
    });
    measure.addEventListener("change", function () { state.measure = measure.value; draw(); });
    map.on("zoomend", draw);
    slider.setAttribute("aria-valuetext", words.all);
    draw();
  }

  var wanted = [json(box.dataset.map), json(box.dataset.boundaries)];
  if (box.dataset.governorates) { wanted.push(json(box.dataset.governorates)); }
  Promise.all(wanted).then(function (found) {
    build(found[0], found[1], found[2]);
  }).catch(function () { /* the server-drawn map stays */ });
}());
