// Check-in at the door (events/checkin.html). Tickets are checked against the list this page
// keeps (SHA-256 of each code: no names), so a dropped connection does not stop the door; what
// is accepted waits in a queue kept in this browser and is sent when the server answers. The
// server is the judge: a ticket another phone let in first is shown as refused after the sync.
(function () {
  "use strict";
  var root = document.getElementById("checkin");
  if (!root) return;
  var words = JSON.parse(document.getElementById("checkin-words").textContent);
  var csrf = root.querySelector("input[name=csrfmiddlewaretoken]").value;
  var key = "carewatch-checkin-" + root.dataset.event;
  var state = load();
  var syncing = false;
  var online = true;

  function load() {
    var kept = null;
    try { kept = JSON.parse(localStorage.getItem(key) || "null"); } catch (e) { kept = null; }
    kept = kept || {};
    return {
      tickets: kept.tickets || {},
      used: kept.used || {},
      queue: kept.queue || [],
      device: kept.device || "phone-" + Math.random().toString(36).slice(2, 8)
    };
  }

  function save() { localStorage.setItem(key, JSON.stringify(state)); }

  function normalised(typed) {
    var kept = typed.toUpperCase().replace(/[^A-Z0-9]/g, "");
    return kept.replace(/O/g, "0").replace(/[IL]/g, "1").replace(/U/g, "V").slice(0, 12);
  }

  function shown(code) { return code.slice(0, 5) + "-" + code.slice(5); }

  function hash(code) {
    return crypto.subtle.digest("SHA-256", new TextEncoder().encode(code)).then(function (buf) {
      return Array.prototype.map.call(new Uint8Array(buf), function (b) {
        return ("0" + b.toString(16)).slice(-2);
      }).join("");
    });
  }

  function time(iso) {
    var d = new Date(iso);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }

  function say(kind, text, code) {
    var box = document.getElementById("checkin-result");
    box.className = "checkin-result " + kind;
    box.textContent = "";
    var line = document.createElement("strong");
    line.textContent = text;
    box.appendChild(line);
    if (code) {
      var c = document.createElement("bdi");
      c.dir = "ltr";
      c.textContent = " " + shown(code);
      box.appendChild(c);
    }
  }

  function check(typed) {
    var code = normalised(typed);
    if (code.length < 10) { say("refused", words.unknown, code); return Promise.resolve(); }
    return hash(code).then(function (h) {
      var ticket = state.tickets[h];
      if (!ticket) { say("refused", words.unknown, code); return; }
      var at = state.used[h] || ticket.at;
      if (ticket["in"] || state.used[h]) {
        say("refused", words.already + (at ? " " + time(at) : ""), code);
        return;
      }
      var now = new Date().toISOString();
      state.used[h] = now;
      state.queue.push({ code: code, at: now });
      save();
      var seats = ticket.seats > 1 ? " · " + words.seats.replace("%s", ticket.seats) : "";
      say("accepted", words.accepted + " " + ticket.kind + seats, code);
      status();
      return sync();
    });
  }

  function refusedAfterSync(result) {
    var list = document.getElementById("checkin-refused");
    var item = document.createElement("li");
    var c = document.createElement("bdi");
    c.dir = "ltr";
    c.textContent = shown(normalised(result.code));
    item.appendChild(c);
    item.appendChild(document.createTextNode(" — " + result.message +
      (result.at ? " " + time(result.at) : "")));
    list.appendChild(item);
    list.hidden = false;
    document.getElementById("checkin-refused-title").hidden = false;
  }

  function sync() {
    if (syncing || !state.queue.length) { status(); return Promise.resolve(); }
    syncing = true;
    var batch = state.queue.slice();
    return fetch(root.dataset.sync, {
      method: "POST",
      credentials: "same-origin",
      headers: { "Content-Type": "application/json", "X-CSRFToken": csrf },
      body: JSON.stringify({ device: state.device, checkins: batch })
    }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      online = true;
      state.queue = state.queue.slice(batch.length);
      data.results.forEach(function (result) {
        if (result.outcome !== "accepted") refusedAfterSync(result);
      });
      save();
    }).catch(function () {
      online = false;
    }).then(function () {
      syncing = false;
      status();
    });
  }

  function refresh() {
    return fetch(root.dataset.tickets, { credentials: "same-origin" }).then(function (response) {
      if (!response.ok) throw new Error(String(response.status));
      return response.json();
    }).then(function (data) {
      online = true;
      state.tickets = data.tickets;
      save();
    }).catch(function () {
      online = false;
    }).then(status);
  }

  function status() {
    var hashes = Object.keys(state.tickets);
    var inside = hashes.filter(function (h) { return state.tickets[h]["in"] || state.used[h]; });
    document.getElementById("checkin-count").textContent =
      words.count.replace("%1", inside.length).replace("%2", hashes.length);
    var waiting = document.getElementById("checkin-queue");
    waiting.textContent = state.queue.length ?
      words.queued.replace("%s", state.queue.length) : words.synced;
    var line = document.getElementById("checkin-online");
    line.textContent = online ? words.online : words.offline;
    line.className = online ? "online" : "offline";
  }

  document.getElementById("checkin-form").addEventListener("submit", function (event) {
    event.preventDefault();
    var input = document.getElementById("checkin-code");
    var typed = input.value;
    input.value = "";
    check(typed);
    input.focus();
  });

  // The camera, where the browser reads QR codes itself (no script from elsewhere).
  var scan = document.getElementById("checkin-scan");
  if ("BarcodeDetector" in window && navigator.mediaDevices) {
    scan.hidden = false;
    scan.addEventListener("click", function () {
      var video = document.getElementById("checkin-video");
      var detector = new window.BarcodeDetector({ formats: ["qr_code"] });
      var last = "";
      navigator.mediaDevices.getUserMedia({ video: { facingMode: "environment" } })
        .then(function (stream) {
          video.srcObject = stream;
          video.hidden = false;
          return video.play();
        }).then(function loop() {
          detector.detect(video).then(function (codes) {
            var value = codes.length ? codes[0].rawValue : "";
            if (value && value !== last) { last = value; check(value); }
            setTimeout(loop, 300);
          });
        }).catch(function () { say("refused", words.camera, ""); });
    });
  }

  window.addEventListener("online", function () { sync(); refresh(); });
  setInterval(function () { sync().then(refresh); }, 15000);
  status();
  refresh().then(sync);
})();
