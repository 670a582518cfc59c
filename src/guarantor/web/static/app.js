// guarantor web page: pick or upload a scenario, move its levers, see figures and charts update.
// Talks only to this server's JSON API (see /docs); charts are Vega-Lite specs from the server.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var state = { info: null, scenarios: {}, scenario: null, moved: {}, willingness: {}, seq: 0,
                pending: null, timer: null };
  // the page's controls: levers of guarantor.scenario.levers.LEVERS, by name
  var LEVERS = ["force", "us_posture", "unstated", "burden_rule",
                "spending_target", "spending_target_year"];

  function fmtNum(x, digits) {
    if (x === null || x === undefined) return "unknown";
    return Number(x).toLocaleString("en-GB", { maximumFractionDigits: digits || 0 });
  }
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
    $("force-value").textContent = fmtNum($("force").value) + " troops";
    $("unstated-value").textContent = fmtPct($("unstated").value, 0);
    $("spending_target-value").textContent = fmtPct($("spending_target").value, 1) + " of GDP";
  }

  function levers() {
    var out = {};
    Object.keys(state.moved).forEach(function (k) { out[k] = state.moved[k]; });
    if (Object.keys(state.willingness).length) out.willingness_by_country = state.willingness;
    return out;
  }
  function draws() { return Math.max(0, parseInt($("draws").value || "0", 10) || 0); }

  function setControls(lv) {
    $("force").value = lv.force === null ? 0 : lv.force;
    $("force").disabled = lv.force === null;
    $("us_posture").value = lv.us_posture;
    $("unstated").value = lv.unstated === null ? 0 : lv.unstated;
    $("burden_rule").value = lv.burden_rule;
    $("spending_target").value = lv.spending_target;
    $("spending_target_year").value = lv.spending_target_year;
    var names = state.info.vocabulary.countries;
    $("willingness_by_country").innerHTML = lv.participants.map(function (iso) {
      var w = iso in lv.willingness_by_country ? lv.willingness_by_country[iso] : "";
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
    var s = d.summary, t = d.display.summary;  // figures as text: the server's one formatter
    fig("fig-troops", t.troops_shortfall, s.troops_shortfall > 0);
    var airHigh = s.air_shortfall_units_if_unknown_zero;
    if (airHigh !== null && airHigh !== undefined && airHigh > s.air_shortfall_units) {
      // unknown is a range, written and coloured as in every shell (never a red shortfall)
      fig("fig-air", "unknown: " + t.air_shortfall_units + " to " +
          t.air_shortfall_units_if_unknown_zero, s.air_shortfall_units > 0 ? true : null);
      $("fig-air").parentNode.classList.toggle("unknown", s.air_shortfall_units <= 0);
    } else {
      fig("fig-air", t.air_shortfall_units, s.air_shortfall_units > 0);
      $("fig-air").parentNode.classList.toggle("unknown", false);
    }
    fig("fig-air-us", t.air_us_units);
    fig("fig-aid", t.aid_shortfall_eur, s.aid_shortfall_eur > 0);
    fig("fig-cost", t.cost_total_eur_per_year);
    $("fig-cost-gdp").textContent = "EUR per year, " + t.cost_gdp_share_participants + " of participants' GDP";
    var fz = s.feasibility || (s.feasible ? "yes" : "no");
    fig("fig-feasible", fz, fz === "yes" ? false : (fz === "no" ? true : null));
    $("fig-feasible").parentNode.classList.toggle("unknown", fz === "unknown");
    $("fig-compute").textContent = "computed in " + d.compute_ms.toFixed(0) + " ms";
    $("troops-basis").textContent = t.troops_by_basis ?
      "Troops allocated by what they rest on: " + t.troops_by_basis : "";
    $("notes").textContent = d.notes.map(function (n) { return "note: " + n; }).join(" · ");
    $("missions-table").innerHTML = missionsTable(d.missions, d.display.missions);
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

  function missionsTable(rows, text) {
    var h = "<table><thead><tr><th>mission</th><th>item</th><th>unit</th><th>required</th><th>US supplies</th>" +
      "<th>others allocated</th><th>shortfall</th><th>status</th></tr></thead><tbody>";
    rows.forEach(function (r, i) {
      var eur = r.unit.indexOf("EUR") === 0, x = text[i];
      h += "<tr><td>" + esc(r.mission) + "</td><td>" + esc(r.item) + "</td><td>" + esc(eur ? "EUR per year" : r.unit) +
        '</td><td class="num">' + esc(x.requirement) + '</td><td class="num">' + esc(x.us_supply) +
        '</td><td class="num">' + esc(x.allocated) + '</td><td class="num">' +
        (r.status === "unknown" && r.shortfall_low !== null && r.shortfall_low !== undefined
          ? "unknown: " + esc(x.shortfall_low) + " to " + esc(x.shortfall) : esc(x.shortfall)) +
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
    var rows = d.montecarlo.map(function (r, i) { return { r: r, x: d.display.montecarlo[i] }; });
    var outs = rows.filter(function (o) { return o.r.unit !== "probability"; });
    var probs = rows.filter(function (o) { return o.r.unit === "probability"; });
    var h = '<table id="mc-outputs"><thead><tr><th>output</th><th>mean</th><th>5th pct</th><th>median</th>' +
      "<th>95th pct</th></tr></thead><tbody>";
    outs.forEach(function (o) {
      h += "<tr><td>" + esc(o.r.label) + '</td><td class="num">' + esc(o.x.mean) + '</td><td class="num">' +
        esc(o.x.p05) + '</td><td class="num">' + esc(o.x.p50) + '</td><td class="num">' + esc(o.x.p95) + "</td></tr>";
    });
    h += '</tbody></table><table id="mc-probabilities"><thead><tr><th>requirement</th><th>probability</th></tr></thead><tbody>';
    probs.forEach(function (o) {
      h += "<tr><td>" + esc(o.r.label) + '</td><td class="num">' + esc(o.x.mean) + "</td></tr>";
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
    $("willingness_by_country").addEventListener("input", function (e) {
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
