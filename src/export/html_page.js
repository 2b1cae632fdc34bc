// annals timeline page: lanes by type or actor, zoom and pan, filters, and a detail panel
// with every source sentence. Everything is drawn from the JSON block above; nothing is
// fetched. Text from articles only ever goes through textContent, never innerHTML.
(function () {
  "use strict";
  var DAY = 86400000;
  var ROW = 22;          // px per row; matches --row in the stylesheet
  var LANE_PAD = 4;      // px above and below the rows of a lane
  var MIN_W = 10;        // px: the narrowest an event is drawn (a day seen from a decade away)
  var MAX_ROWS = 6;      // rows per lane before events cluster (keeps lanes readable)
  var BUDGET = 1200;     // about the most event elements one view should hold
  var LABEL_MIN = 40;    // px: narrower events show their summary only on hover
  var MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"];
  var TYPES = ["agree", "consult", "support", "concede", "cooperate", "aid", "retreat", "request",
    "accuse", "reject", "threaten", "protest", "sanction", "mobilize", "coerce", "assault", "statement"];

  var data = JSON.parse(document.getElementById("annals-data").textContent);
  var all = [];
  data.events.forEach(function (e, i) {
    var t0 = isoMs(e.start), t1 = isoMs(e.end);
    if (isNaN(t0) || isNaN(t1)) { return; }
    e.t0 = t0;
    e.t1 = Math.max(t1, t0) + DAY;  // closed day range -> instants
    e.key = e.id === null ? "new-" + (i + 1) : String(e.id);
    e.lanesActor = actorLanes(e);
    e.hay = [e.summary, e.location || "", e.type, e.mode || "", e.date]
      .concat(e.actors.map(function (a) { return a.name; }))
      .concat(e.sources.map(function (s) { return [s.evidence, s.publisher || "", s.title || ""].join(" "); }))
      .join(" \u0001 ").toLowerCase();
    e.actorHay = e.actors.map(function (a) { return a.name.toLowerCase(); });
    all.push(e);
  });

  var $ = function (id) { return document.getElementById(id); };
  var plot = $("plot"), items = $("items"), grid = $("grid"), axis = $("axis"),
    labels = $("labels"), lanesBg = $("lanes-bg"), detail = $("detail"), count = $("count");
  var fActor = $("f-actor"), fType = $("f-type"), fStatus = $("f-status"), fText = $("f-text"),
    fGroup = $("f-group");

  var state = { t0: 0, t1: 1, group: data.group === "actor" ? "actor" : "type", shown: [],
    lanes: [], packedFor: -1, selected: null, pool: [] };

  // ----- dates ---------------------------------------------------------------------------
  function isoMs(iso) {
    var m = /^([+-]?\d+)-(\d\d)-(\d\d)$/.exec(iso || "");
    if (!m) { return NaN; }
    var d = new Date(0);
    d.setUTCFullYear(+m[1], +m[2] - 1, +m[3]);  // Date.UTC would map years 0-99 to 19xx
    return d.getTime();
  }
  function dayLabel(t) {
    var d = new Date(t);
    return d.getUTCDate() + " " + MONTHS[d.getUTCMonth()];
  }

  // ----- lanes ---------------------------------------------------------------------------
  function actorLanes(e) {
    var names = [];
    var pick = function (pred) {
      e.actors.forEach(function (a) {
        if (pred(a.role) && a.name && names.indexOf(a.name) < 0) { names.push(a.name); }
      });
    };
    pick(function (r) { return r !== "reporter"; });
    if (!names.length) { pick(function () { return true; }); }
    if (!names.length) { names.push("(no actor)"); }
    return names;
  }
  function typeColor(t) {
    var i = TYPES.indexOf(t);
    if (i < 0) { i = TYPES.length; }
    return "hsl(" + Math.round((i * 137.5) % 360) + ",55%,42%)";
  }

  function buildLanes() {
    var byName = new Map();
    state.shown.forEach(function (e) {
      var keys = state.group === "actor" ? e.lanesActor : [e.type];
      keys.forEach(function (k) {
        var lane = byName.get(k);
        if (!lane) { lane = { name: k, events: [], rows: 1, top: 0, height: 0 }; byName.set(k, lane); }
        lane.events.push({ e: e, row: 0, x0: 0, x1: 0 });
      });
    });
    state.lanes = Array.from(byName.values()).sort(function (a, b) {
      return b.events.length - a.events.length || (a.name < b.name ? -1 : a.name > b.name ? 1 : 0);
    });
    state.lanes.forEach(function (l) {
      l.events.sort(function (a, b) { return a.e.t0 - b.e.t0 || b.e.t1 - a.e.t1; });
    });
    state.packedFor = -1;
  }

  // Rows depend on the scale (px per ms), not on the pan: repack only when zoom changes.
  // An event goes to the first of MAX_ROWS rows free at its start. When every row is busy
  // it goes to an overflow row below, counted per `slot`-wide bin: a cluster ("12") that
  // zooms in when clicked. Each event claims at least `slot` px, sized so that a view of
  // the first lanes stays near BUDGET elements, since layout cost grows with elements, not
  // events. At any zoom where events stand apart, every event is its own element.
  function pack() {
    var width = plot.clientWidth || 1;
    var scale = width / (state.t1 - state.t0);
    if (scale === state.packedFor) { return; }
    state.packedFor = scale;
    var top = 0;
    var slot = MIN_W + 2;
    if (state.shown.length > BUDGET) {  // a few hundred events never need the budget
      slot = Math.max(slot, Math.min(state.lanes.length, 10) * (MAX_ROWS + 1) * width / BUDGET);
    }
    state.lanes.forEach(function (l) {
      var ends = [], bins = new Map();
      l.units = [];
      l.events.forEach(function (it) {
        var e = it.e;
        var x0 = e.t0 * scale, x1 = Math.max(e.t1 * scale, x0 + MIN_W);
        var row = -1;
        for (var r = 0; r < ends.length; r++) { if (ends[r] <= x0) { row = r; break; } }
        if (row < 0 && ends.length < MAX_ROWS) { row = ends.length; ends.push(0); }
        if (row >= 0) {
          ends[row] = Math.max(x1 + 2, x0 + slot);
          l.units.push({ members: [e], row: row, t0: e.t0, t1: e.t1 });
          return;
        }
        var bin = Math.floor(x0 / slot);
        var c = bins.get(bin);
        if (!c) {
          c = { members: [], row: MAX_ROWS, t0: bin * slot / scale, t1: (bin + 1) * slot / scale, cluster: true };
          bins.set(bin, c);
          l.units.push(c);
        }
        c.members.push(e);
      });
      l.rows = Math.max(1, ends.length + (bins.size ? 1 : 0));
      l.top = top;
      l.height = l.rows * ROW + 2 * LANE_PAD;
      top += l.height;
    });
    var h = Math.max(top, 60);
    plot.style.height = h + "px";
    labels.style.height = h + "px";
    drawLaneFrames();
  }

  function drawLaneFrames() {
    labels.textContent = "";
    lanesBg.textContent = "";
    state.lanes.forEach(function (l) {
      var lab = document.createElement("div");
      lab.className = "lane-label";
      lab.style.top = l.top + "px";
      lab.style.height = l.height + "px";
      lab.textContent = l.name;
      lab.title = l.name + " (" + l.events.length + "): click to show only this lane";
      lab._lane = l.name;
      labels.appendChild(lab);
      var bg = document.createElement("div");
      bg.className = "lane-bg";
      bg.style.top = l.top + "px";
      bg.style.height = l.height + "px";
      lanesBg.appendChild(bg);
    });
  }

  // ----- drawing -------------------------------------------------------------------------
  // Only events that intersect the visible span get an element; elements are pooled and
  // reused so panning across 10,000 events does not churn the DOM.
  function render() {
    pack();
    var width = plot.clientWidth || 1;
    var scale = width / (state.t1 - state.t0);
    var off = state.t0 * scale;
    var used = 0;
    // Lanes scrolled out of the window get no elements either (hundreds of actor lanes).
    var box = plot.getBoundingClientRect();
    var y0 = -box.top - 400, y1 = (window.innerHeight || 1000) - box.top + 400;
    state.lanes.forEach(function (l) {
      if (l.top + l.height < y0 || l.top > y1) { return; }
      l.units.forEach(function (u) {
        var x0 = u.t0 * scale - off;
        var x1 = u.cluster ? u.t1 * scale - off - 2 : Math.max(u.t1 * scale - off, x0 + MIN_W);
        if (x1 < -50 || x0 > width + 50) { return; }
        var el = state.pool[used];
        if (!el) {
          el = document.createElement("div");
          el.setAttribute("role", "button");
          state.pool.push(el);
          items.appendChild(el);
        }
        used++;
        var e = u.members[0], many = !!u.cluster;
        var target = many ? u : e;
        if (el._e !== target) {
          el._e = target;
          el._label = null;
          el.textContent = "";
          // A cluster still names its first event in data-event-id; data-event-ids lists all.
          el.setAttribute("data-event-id", e.key);
          if (many) {
            el.setAttribute("data-event-ids", u.members.map(function (m) { return m.key; }).join(" "));
            el.title = u.members.length + " events, " + u.members[0].date + " … " +
              u.members[u.members.length - 1].date + " — click to zoom in";
            el.style.removeProperty("--c");
          } else {
            el.removeAttribute("data-event-ids");
            el.title = e.date + " — " + e.summary;
            el.style.setProperty("--c", typeColor(e.type));
          }
        }
        // Text only where it can be read: laying out 10,000 clipped labels is what makes a
        // zoomed-out page slow, and a 10px sliver cannot show a word anyway.
        var text = many ? (x1 - x0 >= 14 ? "+" + u.members.length : "") :
          (x1 - x0 >= LABEL_MIN ? e.summary : "");
        if (text !== el._label) {
          el._label = text;
          el.textContent = text;
        }
        var sel = state.selected && (many ? u.members.indexOf(state.selected) >= 0 : state.selected === e);
        var cls = many ? "ev cluster" + (sel ? " sel" : "") :
          "ev " + e.status + (e.precision !== "day" ? " fuzzy" : "") + (sel ? " sel" : "");
        if (el.className !== cls) { el.className = cls; }
        el.style.display = "";
        el.style.left = x0.toFixed(1) + "px";
        el.style.width = (x1 - x0).toFixed(1) + "px";
        el.style.top = (l.top + LANE_PAD + u.row * ROW + 2) + "px";
      });
    });
    for (var k = used; k < state.pool.length; k++) {
      var spare = state.pool[k];
      if (spare._e !== null) {
        spare._e = null;
        spare.removeAttribute("data-event-id");
        spare.removeAttribute("data-event-ids");
        spare.style.display = "none";
      }
    }
    drawAxis(width, scale, off);
  }

  // Ticks: the finest calendar unit whose labels stay at least ~80px apart.
  var STEPS = [[1, "d"], [2, "d"], [7, "d"], [14, "d"], [1, "m"], [3, "m"], [6, "m"], [1, "y"],
    [2, "y"], [5, "y"], [10, "y"], [25, "y"], [50, "y"], [100, "y"], [250, "y"], [500, "y"], [1000, "y"]];
  function drawAxis(width, scale, off) {
    var step = STEPS[STEPS.length - 1];
    for (var i = 0; i < STEPS.length; i++) {
      var s = STEPS[i];
      var approx = s[1] === "d" ? s[0] * DAY : s[1] === "m" ? s[0] * 30.44 * DAY : s[0] * 365.25 * DAY;
      if (approx * scale >= 80) { step = s; break; }
    }
    var d = new Date(state.t0);
    d.setUTCHours(0, 0, 0, 0);
    if (step[1] !== "d") { d.setUTCDate(1); }
    if (step[1] === "y") { d.setUTCMonth(0); d.setUTCFullYear(Math.floor(d.getUTCFullYear() / step[0]) * step[0]); }
    if (step[1] === "m") { d.setUTCMonth(Math.floor(d.getUTCMonth() / step[0]) * step[0]); }
    if (step[1] === "d" && step[0] === 7) { d.setUTCDate(d.getUTCDate() - ((d.getUTCDay() + 6) % 7)); }
    axis.textContent = "";
    grid.textContent = "";
    var guard = 0;
    while (d.getTime() <= state.t1 && guard++ < 400) {
      var t = d.getTime();
      var x = t * scale - off;
      if (x >= -1) {
        var label = step[1] === "y" ? String(d.getUTCFullYear()) :
          step[1] === "m" ? MONTHS[d.getUTCMonth()] + " " + d.getUTCFullYear() :
            dayLabel(t) + (d.getUTCDate() <= step[0] || guard === 1 ? " " + d.getUTCFullYear() : "");
        var tick = document.createElement("div");
        tick.className = "tick";
        tick.style.left = x.toFixed(1) + "px";
        tick.textContent = label;
        axis.appendChild(tick);
        var g = document.createElement("div");
        g.className = "grid";
        g.style.left = x.toFixed(1) + "px";
        grid.appendChild(g);
      }
      if (step[1] === "d") { d.setUTCDate(d.getUTCDate() + step[0]); }
      else if (step[1] === "m") { d.setUTCMonth(d.getUTCMonth() + step[0]); }
      else { d.setUTCFullYear(d.getUTCFullYear() + step[0]); }
    }
  }

  var pending = false;
  function schedule() {
    if (pending) { return; }
    pending = true;
    requestAnimationFrame(function () { pending = false; render(); });
  }

  // ----- view: zoom and pan ---------------------------------------------------------------
  var MIN_SPAN = 2 * DAY, MAX_SPAN = 3000 * 365.25 * DAY;
  function fit() {
    if (!state.shown.length) { state.t0 = Date.UTC(2000, 0, 1); state.t1 = state.t0 + 365 * DAY; return; }
    var lo = Infinity, hi = -Infinity;
    state.shown.forEach(function (e) { lo = Math.min(lo, e.t0); hi = Math.max(hi, e.t1); });
    var span = Math.max(hi - lo, 7 * DAY);
    var mid = (lo + hi) / 2;
    state.t0 = mid - span * 0.53;
    state.t1 = mid + span * 0.53;
  }
  function zoomAt(factor, fx) {
    var span = state.t1 - state.t0;
    var next = Math.min(MAX_SPAN, Math.max(MIN_SPAN, span * factor));
    var at = state.t0 + span * fx;
    state.t0 = at - next * fx;
    state.t1 = state.t0 + next;
    schedule();
  }
  function zoomTo(t0, t1) {
    var span = Math.max(MIN_SPAN, (t1 - t0) * 1.2), mid = (t0 + t1) / 2;
    state.t0 = mid - span / 2;
    state.t1 = mid + span / 2;
    schedule();
  }
  function panPx(dx) {
    var shift = dx * (state.t1 - state.t0) / (plot.clientWidth || 1);
    state.t0 += shift;
    state.t1 += shift;
    schedule();
  }
  plot.addEventListener("wheel", function (ev) {
    ev.preventDefault();
    var unit = ev.deltaMode === 1 ? 16 : ev.deltaMode === 2 ? 400 : 1;
    if (ev.shiftKey || Math.abs(ev.deltaX) > Math.abs(ev.deltaY)) {
      panPx((ev.deltaX || ev.deltaY) * unit);
    } else {
      var r = plot.getBoundingClientRect();
      zoomAt(Math.exp(ev.deltaY * unit * 0.0015), (ev.clientX - r.left) / (r.width || 1));
    }
  }, { passive: false });
  var drag = null;
  plot.addEventListener("pointerdown", function (ev) {
    drag = { x: ev.clientX, moved: false, target: ev.target };
    plot.setPointerCapture(ev.pointerId);
  });
  plot.addEventListener("pointermove", function (ev) {
    if (!drag) { return; }
    var dx = ev.clientX - drag.x;
    if (!drag.moved && Math.abs(dx) < 4) { return; }
    drag.moved = true;
    plot.classList.add("dragging");
    drag.x = ev.clientX;
    panPx(-dx);
  });
  function endDrag() {
    if (!drag) { return; }
    var t = drag.target, moved = drag.moved;
    drag = null;
    plot.classList.remove("dragging");
    if (moved || !t || !t._e) { return; }
    if (t._e.cluster) { zoomTo(t._e.t0, t._e.t1); } else { select(t._e); }
  }
  plot.addEventListener("pointerup", endDrag);
  plot.addEventListener("pointercancel", function () { drag = null; plot.classList.remove("dragging"); });
  plot.tabIndex = 0;
  plot.addEventListener("keydown", function (ev) {
    var k = ev.key;
    if (k === "+" || k === "=") { zoomAt(1 / 1.5, 0.5); }
    else if (k === "-" || k === "_") { zoomAt(1.5, 0.5); }
    else if (k === "ArrowLeft") { panPx(-plot.clientWidth / 8); }
    else if (k === "ArrowRight") { panPx(plot.clientWidth / 8); }
    else if (k === "0") { fit(); schedule(); }
    else { return; }
    ev.preventDefault();
  });
  $("zoom-in").addEventListener("click", function () { zoomAt(1 / 1.5, 0.5); });
  $("zoom-out").addEventListener("click", function () { zoomAt(1.5, 0.5); });
  $("zoom-fit").addEventListener("click", function () { fit(); schedule(); });
  window.addEventListener("resize", function () { state.packedFor = -1; schedule(); });
  window.addEventListener("scroll", schedule, { passive: true });

  // A lane label narrows the page to that actor or type.
  labels.addEventListener("click", function (ev) {
    var name = ev.target && ev.target._lane;
    if (!name) { return; }
    if (state.group === "actor") { fActor.value = name; } else { fType.value = name; }
    applyFilters(true);
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "Escape" && state.selected) {
      state.selected = null;
      detail.removeAttribute("data-event-id");
      detail.textContent = "";
      detail.appendChild(el("p", "Click an event to see every source sentence.", "hint"));
      writeHash();
      schedule();
    }
  });

  // ----- detail panel ---------------------------------------------------------------------
  function el(tag, text, cls) {
    var n = document.createElement(tag);
    if (text !== undefined && text !== null) { n.textContent = text; }
    if (cls) { n.className = cls; }
    return n;
  }
  function webLink(url) { return /^https?:\/\//i.test((url || "").trim()); }
  function select(e) {
    state.selected = e;
    detail.textContent = "";
    detail.setAttribute("data-event-id", e.key);
    detail.appendChild(el("h2", e.summary));
    detail.appendChild(el("p", e.date + (e.precision !== "day" ? " (" + e.precision + " precision: " + e.start + " .. " + e.end + ")" : ""), "meta"));
    var kind = [e.status, e.type + (e.mode ? "/" + e.mode : "")];
    if (e.cameo) { kind.push("CAMEO " + e.cameo); }
    if (e.location) { kind.push(e.location); }
    detail.appendChild(el("p", kind.join(" · "), "meta"));
    if (e.actors.length) {
      var ul = el("ul");
      e.actors.forEach(function (a) {
        ul.appendChild(el("li", a.name + " (" + a.role + (a.country ? ", " + a.country : "") + ")"));
      });
      detail.appendChild(ul);
    }
    detail.appendChild(el("h3", e.sources.length + " source" + (e.sources.length === 1 ? "" : "s")));
    e.sources.forEach(function (s) {
      var box = el("div", null, "source");
      var line = el("div");
      var pub = s.publisher || "source";
      if (s.url && webLink(s.url)) {
        var a = el("a", pub);
        a.href = s.url.trim();
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        line.appendChild(a);
      } else {
        line.appendChild(el("strong", pub));
      }
      var rest = ", " + s.published;
      if (s.title) { rest += ": “" + s.title + "”"; }
      if (s.attributed_to) { rest += " — according to " + s.attributed_to; }
      if (s.time_expression) { rest += " — dated by “" + s.time_expression + "”"; }
      line.appendChild(document.createTextNode(rest));
      box.appendChild(line);
      box.appendChild(el("blockquote", s.evidence));
      detail.appendChild(box);
    });
    writeHash();
    schedule();
  }

  // ----- filters --------------------------------------------------------------------------
  function fillFilters() {
    var actorCount = new Map(), typeCount = new Map();
    all.forEach(function (e) {
      e.actors.forEach(function (a) { actorCount.set(a.name, (actorCount.get(a.name) || 0) + 1); });
      typeCount.set(e.type, (typeCount.get(e.type) || 0) + 1);
    });
    var list = $("actor-list");
    Array.from(actorCount.keys()).sort(function (a, b) { return actorCount.get(b) - actorCount.get(a); })
      .slice(0, 2000).forEach(function (n) { var o = document.createElement("option"); o.value = n; list.appendChild(o); });
    Array.from(typeCount.keys()).sort().forEach(function (t) {
      var o = el("option", t + " (" + typeCount.get(t) + ")");
      o.value = t;
      fType.appendChild(o);
    });
    fGroup.value = state.group;
  }
  function applyFilters(refit) {
    var actor = fActor.value.trim().toLowerCase(), type = fType.value, status = fStatus.value;
    var words = fText.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
    state.shown = all.filter(function (e) {
      if (type && e.type !== type) { return false; }
      if (status && e.status !== status) { return false; }
      if (actor && !e.actorHay.some(function (n) { return n.indexOf(actor) >= 0; })) { return false; }
      return words.every(function (w) { return e.hay.indexOf(w) >= 0; });
    });
    state.group = fGroup.value === "actor" ? "actor" : "type";
    count.textContent = state.shown.length + " of " + all.length + " events";
    writeHash();
    $("empty").hidden = state.shown.length > 0;
    buildLanes();
    if (refit) { fit(); }
    render();
  }
  var typing = null;
  function onInput() {
    clearTimeout(typing);
    typing = setTimeout(function () { applyFilters(false); }, 120);
  }
  [fActor, fText].forEach(function (n) { n.addEventListener("input", onInput); });
  [fType, fStatus, fGroup].forEach(function (n) { n.addEventListener("change", function () { applyFilters(false); }); });
  $("f-reset").addEventListener("click", function () {
    fActor.value = ""; fText.value = ""; fType.value = ""; fStatus.value = "";
    applyFilters(true);
  });

  // A small handle for embedding pages, debugging and the browser tests (which time redraws
  // with it); the page itself never needs it.
  window.annalsTimeline = {
    render: render,
    zoom: zoomAt,
    pan: panPx,
    fit: function () { fit(); render(); },
    select: function (key) {
      var hit = all.filter(function (e) { return e.key === String(key); })[0];
      if (hit) { select(hit); render(); }
      return !!hit;
    },
    filter: function (f) {
      fActor.value = f.actor || ""; fType.value = f.type || ""; fStatus.value = f.status || "";
      fText.value = f.text || ""; fGroup.value = f.group || fGroup.value;
      applyFilters(false);
      return state.shown.length;
    },
    events: all.length
  };

  fillFilters();
  // The view is in the address (#type=consult&actor=Japan&event=12, or TimelineJS-style
  // #event-12), so a filtered page can be bookmarked or sent.
  function readHash() {
    var h = (location.hash || "").replace(/^#/, "");
    var legacy = /^event-(.+)$/.exec(h);
    if (legacy) { return { event: decodeURIComponent(legacy[1]) }; }
    var out = {};
    h.split("&").forEach(function (kv) {
      var i = kv.indexOf("=");
      if (i > 0) {
        try { out[kv.slice(0, i)] = decodeURIComponent(kv.slice(i + 1).replace(/\+/g, " ")); } catch (err) { /* malformed: ignore */ }
      }
    });
    return out;
  }
  var hashReady = false;
  function writeHash() {
    if (!hashReady || !history.replaceState) { return; }
    var parts = [];
    var put = function (k, v) { if (v) { parts.push(k + "=" + encodeURIComponent(v)); } };
    put("actor", fActor.value.trim());
    put("type", fType.value);
    put("status", fStatus.value);
    put("text", fText.value.trim());
    if (fGroup.value !== (data.group === "actor" ? "actor" : "type")) { put("lanes", fGroup.value); }
    if (state.selected) { put("event", state.selected.key); }
    try { history.replaceState(null, "", parts.length ? "#" + parts.join("&") : location.pathname + location.search); } catch (err) { /* file: URLs in some browsers */ }
  }

  fillFilters();
  var wanted = readHash();
  fActor.value = wanted.actor || "";
  fText.value = wanted.text || "";
  if (wanted.type) { fType.value = wanted.type; }
  if (wanted.status) { fStatus.value = wanted.status; }
  if (wanted.lanes === "actor" || wanted.lanes === "type") { fGroup.value = wanted.lanes; }
  applyFilters(true);  // drawn synchronously so the page is complete at load
  if (wanted.event) {
    var hit = all.filter(function (e) { return e.key === wanted.event; })[0];
    if (hit) { select(hit); render(); }
  }
  hashReady = true;
})();
