// guarantor web page: pick or upload a scenario, move its levers, see figures and charts update.
// Talks only to this server's JSON API (see /docs); charts are Vega-Lite specs from the server.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var state = { info: null, scenarios: {}, scenario: null, moved: {}, willingness: {}, seq: 0,
                pending: null, timer: null };
  var LEVERS = ["troops", "us_posture", "default_willingness", "burden_rule",
                "spending_target_share", "spending_target_year"];

  function fmtNum(x, digits) {
    if (x === null || x === undefined) return "unknown";
    return Number(x).toLocaleString("en-GB", { maximumFractionDigits: digits || 0 });
  }
  function fmtEur(x) { return x === null || x === undefined ? "unknown" : "€" + fmtNum(x / 1e9, 2) + " bn"; }
  function fmtPct(x, d) { return x === null || x === undefined ? "unknown" : (100 * x).toFixed(d === undefined ? 1 : d) + "%"; }
  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function options(sel, values, labels) {
    sel.innerHTML = values.map(function (v, i) {
      return '<option value="' + esc(v) + '">' + esc(labels ? labels[i] : v) + "</option>";
    }).join("");
  }
  function showOutputs() {
    $("troops-value").textContent = fmtNum($("troops").value) + " troops";
    $("default_willingness-value").textContent = fmtPct($("default_willingness").value, 0);
    $("spending_target_share-value").textContent = fmtPct($("spending_target_share").value, 1) + " of GDP";
  }

  function levers() {
    var out = {};
    Object.keys(state.moved).forEach(function (k) { out[k] = state.moved[k]; });
    if (Object.keys(state.willingness).length) out.willingness = state.willingness;
    return out;
  }
  function draws() { return Math.max(0, parseInt($("draws").value || "0", 10) || 0); }

  function setControls(lv) {
    $("troops").value = lv.troops === null ? 0 : lv.troops;
    $("troops").disabled = lv.troops === null;
    $("us_posture").value = lv.us_posture;
    $("default_willingness").value = lv.default_willingness === null ? 1 : lv.default_willingness;
    $("burden_rule").value = lv.burden_rule;
    $("spending_target_share").value = lv.spending_target_share;
    $("spending_target_year").value = lv.spending_target_year;
    var names = state.info.vocabulary.countries;
    $("willingness").innerHTML = lv.participants.map(function (iso) {
      var w = iso in lv.willingness ? lv.willingness[iso] : "";
      return '<label>' + esc(names[iso] || iso) + ' <input type="number" class="will" min="0" max="1" step="0.05" data-iso="' +
        esc(iso) + '" placeholder="default" value="' + esc(w) + '"></label>';
    }).join("");
    showOutputs();
  }

  function downloads() {
    var q = "scenario=" + encodeURIComponent(state.scenario) + "&levers=" +
      encodeURIComponent(JSON.stringify(levers()));
    $("dl-csv").href = "/api/download/csv?" + q + "&table=" + $("dl-table").value;
    $("dl-xlsx").href = "/api/download/xlsx?" + q;
    $("dl-json").href = "/api/download/json?" + q;
    $("dl-html").href = "/api/download/html?" + q + "&draws=" + Math.min(draws(), state.info.limits.max_draws);
  }

  function showError(msg) {
    var e = $("error");
    if (msg) { e.textContent = msg; e.hidden = false; } else { e.textContent = ""; e.hidden = true; }
  }

  function schedule() {
    downloads();
    clearTimeout(state.timer);
    state.timer = setTimeout(update, 120);
  }

  function update() {
    if (state.pending) state.pending.abort();
    var ctrl = new AbortController();
    state.pending = ctrl;
    document.body.dataset.state = "loading";
    var body = { scenario: state.scenario, levers: levers(), draws: draws() };
    fetch("/api/evaluate", { method: "POST", headers: { "Content-Type": "application/json" },
                             body: JSON.stringify(body), signal: ctrl.signal })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
      .then(function (res) {
        if (ctrl !== state.pending) return;
        if (!res.ok) {
          showError(res.body.error || "request failed");
          document.body.dataset.state = "error";
          return;
        }
        showError(null);
        return render(res.body);
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        showError("The server did not answer: " + err);
        document.body.dataset.state = "error";
      });
  }

  function fig(id, text, bad) {
    var el = $(id); el.textContent = text;
    var box = el.parentNode;
    box.classList.toggle("bad", bad === true); box.classList.toggle("good", bad === false);
  }

  function render(d) {
    var s = d.summary;
    fig("fig-troops", fmtNum(s.troops_shortfall), s.troops_shortfall > 0);
    var airHigh = s.air_shortfall_units_if_unknown_zero;
    if (airHigh !== null && airHigh !== undefined && airHigh > s.air_shortfall_units) {
      // unknown is a range, written and coloured as in every shell (never a red shortfall)
      fig("fig-air", "unknown: " + fmtNum(s.air_shortfall_units) + " to " + fmtNum(airHigh),
          s.air_shortfall_units > 0 ? true : null);
      $("fig-air").parentNode.classList.toggle("unknown", s.air_shortfall_units <= 0);
    } else {
      fig("fig-air", fmtNum(s.air_shortfall_units), s.air_shortfall_units > 0);
      $("fig-air").parentNode.classList.toggle("unknown", false);
    }
    fig("fig-air-us", fmtNum(s.air_us_units));
    fig("fig-aid", fmtEur(s.aid_shortfall_eur), s.aid_shortfall_eur > 0);
    fig("fig-cost", fmtEur(s.cost_total_eur_per_year));
    $("fig-cost-gdp").textContent = "EUR per year, " + fmtPct(s.cost_gdp_share_participants, 3) + " of participants' GDP";
    var fz = s.feasibility || (s.feasible ? "yes" : "no");
    fig("fig-feasible", fz, fz === "yes" ? false : (fz === "no" ? true : null));
    $("fig-feasible").parentNode.classList.toggle("unknown", fz === "unknown");
    $("fig-compute").textContent = "computed in " + d.compute_ms.toFixed(0) + " ms";
    $("notes").textContent = d.notes.map(function (n) { return "note: " + n; }).join(" · ");
    $("missions-table").innerHTML = missionsTable(d.missions);
    $("redlines").innerHTML = redlines(d.redlines);
    $("montecarlo").innerHTML = montecarlo(d);
    var names = ["air_shortfall", "air_shield", "reassurance_force", "military_aid", "burden",
                 "spending", "montecarlo"];
    var jobs = names.map(function (n) {
      var el = $("chart-" + n);
      if (!d.charts[n]) { el.innerHTML = ""; el.removeAttribute("data-rendered"); return Promise.resolve(); }
      return vegaEmbed(el, d.charts[n], { actions: false, renderer: "svg" }).then(function (res) {
        if (el._view) el._view.finalize();
        el._view = res.view;
        el.setAttribute("data-rendered", String(state.seq + 1));
      });
    });
    return Promise.all(jobs).then(function () {
      state.seq += 1;
      document.body.dataset.seq = String(state.seq);
      document.body.dataset.state = "ready";
    }, function (err) {
      showError("A chart failed to render: " + err);
      document.body.dataset.state = "error";
    });
  }

  function missionsTable(rows) {
    var h = "<table><thead><tr><th>mission</th><th>item</th><th>unit</th><th>required</th><th>US supplies</th>" +
      "<th>others allocated</th><th>shortfall</th><th>status</th></tr></thead><tbody>";
    rows.forEach(function (r) {
      var eur = r.unit.indexOf("EUR") === 0;
      var f = eur ? fmtEur : fmtNum;
      h += "<tr><td>" + esc(r.mission) + "</td><td>" + esc(r.item) + "</td><td>" + esc(eur ? "EUR per year" : r.unit) +
        '</td><td class="num">' + f(r.requirement) + '</td><td class="num">' + f(r.us_supply) +
        '</td><td class="num">' + f(r.allocated) + '</td><td class="num">' +
        (r.status === "unknown" && r.shortfall_low !== null && r.shortfall_low !== undefined
          ? "unknown: " + f(r.shortfall_low) + " to " + f(r.shortfall) : f(r.shortfall)) +
        '</td><td class="st-' + esc(r.status) + '">' + esc(r.status) + "</td></tr>";
    });
    return h + "</tbody></table>";
  }

  function redlines(rows) {
    if (rows === null) return '<p class="muted">The red-line check was not run.</p>';
    var crossed = rows.filter(function (r) { return r.status === "crossed"; });
    var unmet = rows.filter(function (r) { return r.status === "unmet"; });
    var h = '<p id="redline-count"><b>' + crossed.length + "</b> red line(s) crossed, " + unmet.length +
      " preference(s) unmet.</p>";
    crossed.concat(unmet).forEach(function (r) {
      h += '<div class="finding ' + esc(r.status) + '"><b>' + esc(r.actor_name) + "</b> — " +
        (r.status === "crossed" ? "red line crossed" : "preference unmet") + ": " + esc(r.question) +
        "<q>" + esc(r.quote) + "</q><span class=\"cite\">" + esc(r.speaker) + " (" + esc(r.role) + "), " +
        esc(r.date) + " — " + esc(r.citation) + "</span></div>";
    });
    return h;
  }

  function montecarlo(d) {
    if (d.montecarlo_note) return '<p class="muted">' + esc(d.montecarlo_note) + "</p>";
    if (!d.montecarlo) return '<p class="muted">Set Monte Carlo draws above 1 to see distributions.</p>';
    var outs = d.montecarlo.filter(function (r) { return r.unit !== "probability"; });
    var probs = d.montecarlo.filter(function (r) { return r.unit === "probability"; });
    var h = '<table id="mc-outputs"><thead><tr><th>output</th><th>mean</th><th>5th pct</th><th>median</th>' +
      "<th>95th pct</th></tr></thead><tbody>";
    outs.forEach(function (r) {
      var f = r.unit.indexOf("EUR") === 0 ? fmtEur : function (x) { return fmtNum(x, 1) + " " + r.unit; };
      h += "<tr><td>" + esc(r.label) + '</td><td class="num">' + f(r.mean) + '</td><td class="num">' +
        f(r.p05) + '</td><td class="num">' + f(r.p50) + '</td><td class="num">' + f(r.p95) + "</td></tr>";
    });
    h += '</tbody></table><table id="mc-probabilities"><thead><tr><th>requirement</th><th>probability</th></tr></thead><tbody>';
    probs.forEach(function (r) {
      h += "<tr><td>" + esc(r.label) + '</td><td class="num">' + fmtPct(r.mean, 1) + "</td></tr>";
    });
    return h + "</tbody></table>";
  }

  function pick(name) {
    state.scenario = name;
    state.moved = {}; state.willingness = {};
    var sc = state.scenarios[name];
    $("scenario").value = name;
    $("scenario-title").textContent = sc.title;
    setControls(sc.levers);
    schedule();
  }

  function bind() {
    $("scenario").addEventListener("change", function () { pick(this.value); });
    LEVERS.forEach(function (k) {
      var el = $(k);
      var ev = el.tagName === "SELECT" ? "change" : "input";
      el.addEventListener(ev, function () {
        var v = el.value;
        state.moved[k] = el.tagName === "SELECT" ? v : Number(v);
        showOutputs();
        schedule();
      });
    });
    $("willingness").addEventListener("input", function (e) {
      var t = e.target;
      if (!t.classList.contains("will")) return;
      if (t.value === "") delete state.willingness[t.dataset.iso];
      else state.willingness[t.dataset.iso] = Number(t.value);
      schedule();
    });
    $("draws").addEventListener("change", schedule);
    $("dl-table").addEventListener("change", downloads);
    $("reset").addEventListener("click", function () { pick(state.scenario); });
    $("upload").addEventListener("change", function () {
      var f = this.files[0];
      if (!f) return;
      if (f.size > state.info.limits.max_upload_bytes) {
        showError(f.name + ": file too large; allowed: at most " + state.info.limits.max_upload_bytes + " bytes");
        return;
      }
      var fd = new FormData(); fd.append("file", f);
      fetch("/api/upload", { method: "POST", body: fd })
        .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); })
        .then(function (res) {
          if (!res.ok) { showError(res.body.error); document.body.dataset.state = "error"; return; }
          state.scenarios[res.body.name] = res.body;
          var o = document.createElement("option");
          o.value = res.body.name; o.textContent = res.body.title + " (uploaded)";
          $("scenario").appendChild(o);
          pick(res.body.name);
        });
    });
  }

  fetch("/api/scenarios").then(function (r) { return r.json(); }).then(function (info) {
    state.info = info;
    info.scenarios.forEach(function (s) { state.scenarios[s.name] = s; });
    options($("scenario"), info.scenarios.map(function (s) { return s.name; }),
            info.scenarios.map(function (s) { return s.name + " — " + s.title; }));
    options($("us_posture"), info.vocabulary.us_postures);
    options($("burden_rule"), info.vocabulary.burden_rules);
    $("max-upload").textContent = Math.round(info.limits.max_upload_bytes / 1024) + " KiB";
    $("max-draws").textContent = fmtNum(info.limits.max_draws);
    $("draws").max = info.limits.max_draws;
    $("vintages").textContent = "Data as of: " + Object.keys(info.data_vintages).map(function (k) {
      return k + " " + info.data_vintages[k]; }).join(", ");
    bind();
    var want = new URLSearchParams(location.search).get("scenario");
    pick(want && state.scenarios[want] ? want : (state.scenarios.aug2025 ? "aug2025" : info.scenarios[0].name));
  });
})();
