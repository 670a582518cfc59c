// guarantor web page: pick or upload a scenario, move any lever, read the finding and each view.
// Talks only to this server's JSON API (see /docs). It does no arithmetic of its own: every
// figure and its text come from the server (engine, apportion, politics, uncertainty, and the
// one formatter guarantor.format); colours and status words come from guarantor.palette
// (/api/meta). The whole state (scenario, levers, view, draws) lives in the URL.
(function () {
  "use strict";
  var $ = function (id) { return document.getElementById(id); };
  var state = { info: null, meta: null, scenarios: {}, scenario: null, moved: {}, set: {},
                willingness: {}, view: "overview", seq: 0, pending: null, timer: null,
                last: null, payload: null, viewData: {} };
  // levers handled by their own control (not by the generic lists below)
  var OWN = { force: 1, europe_aid_share: 1 };
  var GROUP = { air_commit: "missions", aid_required: "missions", us_posture: "us",
                us_aid_share: "us", burden_rule: "us", unstated: "us",
                spending_target: "targets", spending_target_year: "targets" };
  var VIEWS = [["overview", "Overview"], ["staffing", "Staffing"], ["air", "Air shield"],
               ["aid", "Aid and spending"], ["apportion", "Apportionment"],
               ["coalitions", "Coalitions"], ["redlines", "Red lines"],
               ["pareto", "Pareto search"], ["montecarlo", "Monte Carlo"],
               ["timeline", "Timeline"]];
  var HEAVY = { apportion: 1, coalitions: 1, pareto: 1, montecarlo: 1, timeline: 1 };

  function esc(s) {
    return String(s === null || s === undefined ? "" : s).replace(/[&<>"']/g, function (c) {
      return { "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c];
    });
  }
  function word(status) { return state.meta.palette.status_words[status] || status; }
  function options(sel, values, labels) {
    sel.innerHTML = values.map(function (v, i) {
      return '<option value="' + esc(v) + '">' + esc(labels ? labels[i] : v) + "</option>";
    }).join("");
  }
  function post(url, body, signal) {
    return fetch(url, { method: "POST", headers: { "Content-Type": "application/json" },
                        body: JSON.stringify(body), signal: signal })
      .then(function (r) { return r.json().then(function (j) { return { ok: r.ok, body: j }; }); });
  }

  // ------------------------------------------------------------------ state <-> URL
  function levers() {
    var out = {};
    Object.keys(state.moved).forEach(function (k) { out[k] = state.moved[k]; });
    if (Object.keys(state.set).length) out.overrides = state.set;
    if (Object.keys(state.willingness).length) out.willingness_by_country = state.willingness;
    return out;
  }
  function draws() { return Math.max(0, parseInt($("draws").value || "0", 10) || 0); }
  function query() {
    var q = new URLSearchParams();
    q.set("scenario", state.scenario);
    q.set("view", state.view);
    var lv = levers();
    if (Object.keys(lv).length) q.set("levers", JSON.stringify(lv));
    if (draws()) q.set("draws", String(draws()));
    return q;
  }
  function pushUrl() { history.replaceState(null, "", location.pathname + "?" + query().toString()); }
  function fromUrl() {
    var q = new URLSearchParams(location.search);
    var lv = {};
    try { lv = JSON.parse(q.get("levers") || "{}") || {}; } catch (e) { lv = {}; }
    return { scenario: q.get("scenario"), view: q.get("view") || "overview", levers: lv,
             draws: parseInt(q.get("draws") || "0", 10) || 0 };
  }

  // ------------------------------------------------------------------ sources
  function srcLinks(ids) {
    var cat = state.meta.sources;
    ids = (ids || []).filter(function (i) { return cat[i]; });
    if (!ids.length) return "";
    var one = function (i) {
      var s = cat[i];
      return '<a class="src-link" href="' + esc(s.url) + '" target="_blank" rel="noopener" title="' +
        esc(s.publisher + " — " + s.title + (s.table ? ", " + s.table : "") + (s.date ? " (" + s.date + ")" : "")) +
        '">' + esc(s.publisher) + "</a>";
    };
    var h = "Source: " + one(ids[0]);
    if (ids.length > 1) {
      h += ' <details class="more"><summary>+' + (ids.length - 1) + " more</summary>" +
        ids.slice(1).map(one).join(" · ") + "</details>";
    }
    return h;
  }
  function headlineSources(d) {
    var m = state.meta, hs = m.headline_sources, lv = d.levers;
    var force = [];
    Object.keys(m.force_options).forEach(function (k) {
      var o = m.force_options[k];
      if (o.troops === lv.force && o.source) force.push(o.source);
    });
    var posture = m.postures[lv.us_posture] || [];
    var out = {
      troops_shortfall: force.concat(hs.troops_shortfall),
      air_shortfall_units: hs.air_shortfall_units,
      air_us_units: posture,
      aid_shortfall_eur: hs.aid_shortfall_eur.concat(posture),
      cost_total_eur_per_year: hs.cost_total_eur_per_year,
      feasible: force.concat(posture, hs.aid_shortfall_eur)
    };
    Object.keys(out).forEach(function (k) { $("src-" + k).innerHTML = srcLinks(out[k]); });
  }

  // ------------------------------------------------------------------ controls
  function control(lv) {
    var id = lv.name, title = esc(lv.help + " (" + lv.path + ")");
    if (lv.value_type === "bool") {
      return '<label class="check" title="' + title + '"><input type="checkbox" id="' + id +
        '" data-lever="' + id + '"> ' + esc(lv.help) + "</label>";
    }
    if (lv.value_type === "category") {
      return '<label title="' + title + '">' + esc(lv.help) + ' <select id="' + id + '" data-lever="' + id + '">' +
        lv.choices.map(function (c) { return '<option value="' + esc(c) + '">' + esc(c) + "</option>"; }).join("") +
        "</select></label>";
    }
    var step = lv.value_type === "integer" ? 1 : (lv.high !== null && lv.high <= 0.2 ? 0.005 :
      (lv.high !== null && lv.high <= 1 ? 0.05 : 1e8));
    return '<label title="' + title + '">' + esc(lv.help) + ' <input type="number" id="' + id +
      '" data-lever="' + id + '" step="' + step + '"' + (lv.low !== null ? ' min="' + lv.low + '"' : "") +
      (lv.high !== null ? ' max="' + lv.high + '"' : "") + "></label>";
  }
  function buildControls() {
    var groups = { missions: [], us: [], targets: [], policy: [] };
    state.meta.levers.forEach(function (lv) {
      if (OWN[lv.name]) return;
      var g = GROUP[lv.name] || (lv.kind === "policy" ? "policy" : "missions");
      groups[g].push(control(lv));
    });
    Object.keys(groups).forEach(function (g) { $("lever-list-" + g).innerHTML = groups[g].join(""); });
    var fo = state.meta.force_options;
    Object.keys(fo).forEach(function (k) {
      var o = document.createElement("option");
      o.value = String(fo[k].troops); o.textContent = fo[k].label;
      $("force-option").appendChild(o);
    });
  }
  function setLeverValue(name, v) {
    var el = $(name);
    if (!el) return;
    if (el.type === "checkbox") el.checked = v === true;
    else el.value = v === null || v === undefined ? "" : v;
  }
  function setControls() {
    var sc = state.scenarios[state.scenario], lv = sc.levers;
    state.meta.levers.forEach(function (l) {
      if (l.name === "europe_aid_share") return;
      var v = l.name in state.moved ? state.moved[l.name] : lv[l.name];
      setLeverValue(l.name, v);
      var el = $(l.name);
      if (el) el.disabled = l.name === "force" ? lv.force === null : false;
    });
    $("force-value").textContent = "";
    $("as_of").value = state.set.as_of || "";
    var names = state.info.vocabulary.countries;
    $("willingness_by_country").innerHTML = lv.participants.map(function (iso) {
      var w = iso in state.willingness ? state.willingness[iso] :
        (iso in lv.willingness_by_country ? lv.willingness_by_country[iso] : "");
      return "<label>" + esc(names[iso] || iso) + ' <input type="number" class="will" min="0" max="1" step="0.05" data-iso="' +
        esc(iso) + '" placeholder="default" value="' + esc(w) + '"></label>';
    }).join("");
  }
  function airControls(p) {
    var box = $("air-stations"), m = p.missions, cls = state.meta.classes;
    if (!state.scenarios[state.scenario].levers.has_air_shield) {
      box.innerHTML = '<p class="muted small">No air shield in this scenario.</p>'; return;
    }
    var row = function (kind, c) {
      var path = "missions.air_shield." + kind + "." + c;
      var v = path in state.set ? state.set[path] : (c in m[kind] ? m[kind][c] : "");
      return '<label class="pair">' + esc(c.replace(/_/g, " ")) + ' <input type="number" min="0" step="1" data-path="' +
        esc(path) + '" value="' + esc(v) + '" aria-label="' + esc(kind + " " + c) + '"></label>';
    };
    box.innerHTML = '<p class="small muted">Patrol stations (aircraft derived from the operation)</p>' +
      cls.filter(function (c) { return c in m.stations || ["combat_aircraft", "tanker", "aewc", "isr"].indexOf(c) >= 0; })
        .map(function (c) { return row("stations", c); }).join("") +
      '<p class="small muted">Direct requirement (units)</p>' +
      cls.map(function (c) { return row("requirement", c); }).join("");
    var tg = p.targets, tbox = "";
    Object.keys(tg).forEach(function (k) {
      ["share", "year"].forEach(function (f) {
        var path = "policy.spending_target_components." + k + "." + f;
        var v = path in state.set ? state.set[path] : tg[k][f];
        tbox += '<label>Target component ' + esc(k) + " " + f + ' <input type="number" data-path="' + esc(path) +
          '" step="' + (f === "share" ? 0.005 : 1) + '" value="' + esc(v) + '"></label>';
      });
    });
    var t = $("target-components");
    if (!t) { t = document.createElement("div"); t.id = "target-components"; $("lever-list-targets").after(t); }
    t.innerHTML = tbox;
    if (!$("as_of").value && p.as_of) $("as_of").placeholder = p.as_of;
  }

  // ------------------------------------------------------------------ requests
  function downloads() {
    var q = "scenario=" + encodeURIComponent(state.scenario) + "&levers=" +
      encodeURIComponent(JSON.stringify(levers()));
    $("dl-csv").href = "/api/download/csv?" + q + "&table=" + $("dl-table").value;
    $("dl-xlsx").href = "/api/download/xlsx?" + q;
    $("dl-json").href = "/api/download/json?" + q;
    $("dl-html").href = "/api/download/html?" + q + "&draws=" + Math.min(draws(), state.info.limits.max_draws);
    $("dl-yaml").href = "/api/scenario.yaml?" + q;
  }
  function showError(msg) {
    var e = $("error");
    if (msg) { e.textContent = msg; e.hidden = false; } else { e.textContent = ""; e.hidden = true; }
  }
  function schedule() {
    downloads(); pushUrl();
    state.viewData = {};
    clearTimeout(state.timer);
    state.timer = setTimeout(update, 120);
  }
  function update() {
    if (state.pending) state.pending.abort();
    var ctrl = new AbortController();
    state.pending = ctrl;
    document.body.dataset.state = "loading";
    var body = { scenario: state.scenario, levers: levers(), draws: draws() };
    Promise.all([post("/api/evaluate", body, ctrl.signal),
                 post("/api/scenario", { scenario: state.scenario, levers: levers() }, ctrl.signal)])
      .then(function (res) {
        if (ctrl !== state.pending) return;
        var bad = res.filter(function (x) { return !x.ok; })[0];
        if (bad) {
          showError(bad.body.error || "request failed");
          document.body.dataset.state = "error";
          return;
        }
        showError(null);
        state.payload = res[1].body;
        renderScenario(res[1].body);
        return render(res[0].body).then(function () { return showView(state.view, true); });
      })
      .catch(function (err) {
        if (err.name === "AbortError") return;
        showError("The server did not answer: " + err);
        document.body.dataset.state = "error";
      });
  }

  // ------------------------------------------------------------------ charts and tables
  function embed(el, spec) {
    if (!spec) { el.innerHTML = ""; el.removeAttribute("data-rendered"); return Promise.resolve(); }
    return vegaEmbed(el, spec, { renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false } })
      .then(function (res) {
        if (el._view) el._view.finalize();
        el._view = res.view;
        el.setAttribute("data-rendered", "1");
      });
  }
  function csvOf(rows, cols) {
    var q = function (v) {
      var s = v === null || v === undefined ? "" : (typeof v === "object" ? JSON.stringify(v) : String(v));
      return /[",\n]/.test(s) ? '"' + s.replace(/"/g, '""') + '"' : s;
    };
    return [cols.map(function (c) { return q(c.key); }).join(",")].concat(rows.map(function (r) {
      return cols.map(function (c) { return q(r[c.key]); }).join(",");
    })).join("\n") + "\n";
  }
  // a table: cols [{key, label, text (use the server's formatted text), num, html(fn)}]
  function table(id, rows, text, cols, caption) {
    var h = '<div class="table-wrap"><table id="' + esc(id) + '">' + (caption ? "<caption>" + esc(caption) + "</caption>" : "") +
      "<thead><tr>" + cols.map(function (c) { return '<th scope="col">' + esc(c.label) + "</th>"; }).join("") +
      "</tr></thead><tbody>";
    rows.forEach(function (r, i) {
      h += "<tr>" + cols.map(function (c) {
        var v = c.html ? c.html(r, i) : esc(c.text && text ? text[i][c.key] : r[c.key]);
        return "<td" + (c.num ? ' class="num"' : "") + ">" + v + "</td>";
      }).join("") + "</tr>";
    });
    h += '</tbody></table></div><p class="table-dl"><button type="button" class="csv-btn" data-table="' + esc(id) +
      '">Download as CSV</button> <a class="xlsx-link" href="' + esc($("dl-xlsx").href) + '">all tables as XLSX</a></p>';
    state.tables[id] = { rows: rows, cols: cols };
    return h;
  }
  function status(s) { return '<span class="st st-' + esc(s.replace(" ", "-")) + '">' + esc(word(s)) + "</span>"; }
  function link(url, text) {
    return url ? '<a href="' + esc(url) + '" target="_blank" rel="noopener">' + esc(text || "source") + "</a>" : "";
  }

  // ------------------------------------------------------------------ overview
  // a money column's heading names the view's price basis (the server's guarantor.format)
  function eur(d, label) { return label + ", € (" + d.money_label + ")"; }
  function fig(id, text, bad) {
    var el = $(id); el.textContent = text;
    var box = el.parentNode;
    box.classList.toggle("bad", bad === true); box.classList.toggle("good", bad === false);
    box.classList.toggle("unknown", bad === null);
  }
  function finding(d) {
    var s = d.summary, t = d.display.summary, parts = [];
    if (s.troops_required !== null && s.troops_required > 0) {
      parts.push(s.troops_shortfall > 0 ?
        "The reassurance force cannot be fully staffed: " + t.troops_shortfall + " of " + t.troops_required + " troops are " + word("short") + "." :
        "The reassurance force of " + t.troops_required + " troops can be staffed" + (t.troops_by_basis ? " (" + t.troops_by_basis + ")" : "") + ".");
    }
    if (s.air_required_units !== null && s.air_required_units > 0) {
      var hi = s.air_shortfall_units_if_unknown_zero;
      if (hi !== null && hi !== undefined && hi > s.air_shortfall_units) {
        parts.push("The air shield's shortfall is " + word("unknown") + ": " + t.air_shortfall_units + " to " +
          t.air_shortfall_units_if_unknown_zero + " units, because some inventories are not sourced.");
      } else if (s.air_shortfall_units > 0) {
        parts.push("The air shield is " + word("short") + " of " + t.air_shortfall_units + " units" +
          (s.air_classes_short.length ? " (" + s.air_classes_short.join(", ").replace(/_/g, " ") + ")" : "") + ".");
      } else parts.push("The air shield is " + word("met") + ".");
      if (s.air_classes_only_us.length) parts.push("Only the US can fill " + s.air_classes_only_us.join(", ").replace(/_/g, " ") + ".");
    }
    if (s.aid_required_eur !== null && s.aid_required_eur > 0) {
      parts.push(s.aid_shortfall_eur > 0 ? "Military aid is " + word("short") + " by " + t.aid_shortfall_eur + " a year (" + d.display.money_label + ")." :
        "Military aid of " + t.aid_required_eur + " a year (" + d.display.money_label + ") is paid (Europe's share " + t.europe_aid_share + ").");
    }
    if (s.cost_total_eur_per_year !== null) {
      parts.push("It costs the participants " + t.cost_total_eur_per_year + " a year (" + d.display.money_label + "), " +
        t.cost_gdp_share_participants + " of their GDP.");
    }
    if (d.redlines) {
      var crossed = d.redlines.filter(function (r) { return r.status === "crossed"; });
      var who = [];
      crossed.forEach(function (r) { if (who.indexOf(r.actor_name) < 0) who.push(r.actor_name); });
      parts.push(crossed.length ? crossed.length + " red line(s) crossed, by the positions of " + who.join(", ") + "." :
        "No stated red line is crossed.");
    }
    return parts.join(" ");
  }
  function render(d) {
    state.last = d;
    var s = d.summary, t = d.display.summary;
    $("finding").textContent = finding(d);
    fig("fig-troops", t.troops_shortfall, s.troops_shortfall > 0);
    var airHigh = s.air_shortfall_units_if_unknown_zero;
    if (airHigh !== null && airHigh !== undefined && airHigh > s.air_shortfall_units) {
      fig("fig-air", word("unknown") + ": " + t.air_shortfall_units + " to " + t.air_shortfall_units_if_unknown_zero,
          s.air_shortfall_units > 0 ? true : null);
    } else {
      fig("fig-air", t.air_shortfall_units, s.air_shortfall_units > 0);
    }
    fig("fig-air-us", t.air_us_units);
    fig("fig-aid", t.aid_shortfall_eur, s.aid_shortfall_eur > 0);
    $("fig-aid-unit").textContent = "a year (" + d.display.money_label + ")";
    fig("fig-cost", t.cost_total_eur_per_year);
    $("fig-cost-gdp").textContent = "a year (" + d.display.money_label + "), " + t.cost_gdp_share_participants + " of participants' GDP";
    var fz = s.feasibility || (s.feasible ? "yes" : "no");
    fig("fig-feasible", fz, fz === "yes" ? false : (fz === "no" ? true : null));
    $("fig-compute").textContent = "computed in " + d.compute_ms.toFixed(0) + " ms";
    headlineSources(d);
    $("troops-basis").textContent = t.troops_by_basis ? "Troops allocated by what they rest on: " + t.troops_by_basis : "";
    $("notes").textContent = d.notes.map(function (n) { return "note: " + n; }).join(" · ");
    state.tables = state.tables || {};
    $("missions-table").innerHTML = table("missions", d.missions, d.display.missions, [
      { key: "mission", label: "mission" }, { key: "item", label: "item" }, { key: "unit", label: "unit" },
      { key: "requirement", label: "required", text: 1, num: 1 }, { key: "us_supply", label: "US supplies", text: 1, num: 1 },
      { key: "allocated", label: "others allocated", text: 1, num: 1 },
      { key: "shortfall", label: "shortfall", num: 1, html: function (r, i) {
        var x = d.display.missions[i];
        return r.status === "unknown" && r.shortfall_low !== null ? esc(word("unknown") + ": " + x.shortfall_low + " to " + x.shortfall) : esc(x.shortfall);
      } },
      { key: "status", label: "status", html: function (r) { return status(r.status); } }], "Requirement against supply");
    $("redlines").innerHTML = redlinesBrief(d.redlines);
    $("montecarlo").innerHTML = d.montecarlo ? "<h2>Monte Carlo (" + draws() + " draws)</h2>" + mcTable(d.montecarlo, d.display.montecarlo) : "";
    var names = ["air_shortfall", "reassurance_force", "military_aid", "burden", "spending", "montecarlo"];
    return Promise.all(names.map(function (n) { return embed($("chart-" + n), d.charts[n]); })).then(function () {
      state.seq += 1;
      document.body.dataset.seq = String(state.seq);
      document.body.dataset.state = "ready";
    }, function (err) {
      showError("A chart failed to render: " + err);
      document.body.dataset.state = "error";
    });
  }
  function redlinesBrief(rows) {
    if (rows === null) return '<p class="muted">The red-line check was not run.</p>';
    var crossed = rows.filter(function (r) { return r.status === "crossed"; });
    var unmet = rows.filter(function (r) { return r.status === "unmet"; });
    var h = '<p id="redline-count"><b>' + crossed.length + "</b> red line(s) crossed, " + unmet.length +
      " preference(s) unmet. See the Red lines view for every actor.</p>";
    crossed.forEach(function (r) { h += quoteBox(r); });
    return h;
  }
  function quoteBox(r) {
    return '<div class="finding ' + esc(r.status) + '"><b>' + esc(r.actor_name) + "</b> — " +
      (r.status === "crossed" ? "red line crossed" : r.status === "unmet" ? "preference unmet" : esc(r.status)) + ": " + esc(r.question) +
      "<q>" + esc(r.quote) + '</q><span class="cite">' + esc(r.speaker) + (r.role ? " (" + esc(r.role) + ")" : "") + ", " +
      esc(r.date) + " — " + link(r.url, r.outlet || "source") + "</span></div>";
  }
  function mcTable(rows, text) {
    return table("mc", rows, text, [{ key: "label", label: "output" }, { key: "unit", label: "unit" },
      { key: "mean", label: "mean", text: 1, num: 1 }, { key: "p05", label: "5th pct", text: 1, num: 1 },
      { key: "p50", label: "median", text: 1, num: 1 }, { key: "p95", label: "95th pct", text: 1, num: 1 }]);
  }
  function renderScenario(p) {
    $("yaml").textContent = p.yaml;
    var c = p.cite;
    $("cite").innerHTML = "<p>" + esc(c.text) + '</p><dl><dt>version</dt><dd id="cite-version">' + esc(c.version) +
      '</dd><dt>scenario hash</dt><dd id="cite-hash">' + esc(c.scenario_hash) + '</dd><dt>positions as of</dt><dd id="cite-asof">' +
      esc(c.as_of) + '</dd><dt>link</dt><dd><a id="cite-link" href="' + esc(location.href) + '">' + esc(location.href) + "</a></dd></dl>";
    if (!state.airBuilt) { airControls(p); state.airBuilt = true; }
  }

  // ------------------------------------------------------------------ views
  function tabs() {
    $("tabs").innerHTML = VIEWS.map(function (v) {
      return '<button type="button" role="tab" id="tab-' + v[0] + '" data-view="' + v[0] + '" aria-controls="view-' +
        (v[0] === "overview" ? "overview" : "body") + '">' + esc(v[1]) + "</button>";
    }).join("");
  }
  function showView(name, refresh) {
    state.view = name;
    VIEWS.forEach(function (v) {
      var b = $("tab-" + v[0]);
      b.setAttribute("aria-selected", String(v[0] === name));
      b.tabIndex = v[0] === name ? 0 : -1;
    });
    $("view-overview").hidden = name !== "overview";
    $("view-body").hidden = name === "overview";
    $("view-body").setAttribute("aria-labelledby", "tab-" + name);
    pushUrl();
    if (name === "overview") { $("view-body").dataset.view = ""; return Promise.resolve(); }
    var body = $("view-body");
    body.dataset.view = name;
    if (HEAVY[name] && !state.viewData[name]) {
      body.dataset.state = "idle";
      body.innerHTML = "<h2>" + esc(title(name)) + "</h2>" + heavyForm(name) +
        '<button type="button" id="compute" class="compute">Compute</button> <span class="muted small">' +
        "runs on the server, bounded: " + esc(bounds(name)) + "</span>";
      return Promise.resolve();
    }
    return loadView(name, refresh);
  }
  function title(name) { return VIEWS.filter(function (v) { return v[0] === name; })[0][1]; }
  function bounds(name) {
    var b = state.meta.bounds;
    return { apportion: "one MILP solve", coalitions: "the best 5 coalitions",
             pareto: "at most " + b.max_grid + " arrangements",
             montecarlo: "at most " + b.max_view_draws + " draws, Sobol base " + b.sobol_base,
             timeline: "one evaluation per month with a statement" }[name];
  }
  function heavyForm(name) {
    if (name === "montecarlo") {
      return '<label>Draws <input type="number" id="mc-draws" min="2" max="' + state.meta.bounds.max_view_draws +
        '" value="1000" step="100"></label> <label>Seed <input type="number" id="mc-seed" min="0" value="0"></label> ' +
        '<label>Sobol output <select id="mc-output">' + (state.mcOutputs || ["(the scenario's first output)"]).map(function (o) {
          return "<option" + (o === state.mcOutput ? " selected" : "") + ">" + esc(o) + "</option>";
        }).join("") + "</select></label> ";
    }
    if (name === "pareto") {
      return '<p class="small">Levers opened (values comma-separated; the grid is every combination):</p>' +
        '<textarea id="pareto-vary" rows="4" aria-label="levers and values of the search">' +
        "us_posture=none,enablers,full\narticle5=true,false\nmembership=true,false\nus_troops=true,false\nnato_led=true,false\nagreed_with_russia=true,false</textarea> ";
    }
    return "";
  }
  function viewRequest(name) {
    var req = { scenario: state.scenario, levers: levers() };
    if (name === "montecarlo" && $("mc-draws")) {
      req.draws = parseInt($("mc-draws").value, 10) || 1000;
      req.seed = parseInt($("mc-seed").value, 10) || 0;
      if (state.mcOutputs) req.output = state.mcOutput = $("mc-output").value;
    }
    if (name === "pareto" && $("pareto-vary")) {
      req.vary = {};
      $("pareto-vary").value.split("\n").forEach(function (line) {
        var kv = line.split("=");
        if (kv.length === 2 && kv[0].trim()) req.vary[kv[0].trim()] = kv[1].split(",").map(function (x) { return x.trim(); });
      });
    }
    return req;
  }
  function loadView(name) {
    var body = $("view-body");
    body.dataset.state = "loading";
    var req = viewRequest(name);
    return post("/api/view/" + name, req).then(function (res) {
      if (state.view !== name) return;
      if (!res.ok) {
        body.dataset.state = "error";
        body.innerHTML = "<h2>" + esc(title(name)) + '</h2><p class="error-text" role="alert">' + esc(res.body.error) + "</p>";
        return;
      }
      state.viewData[name] = res.body;
      state.tables = {};
      var d = res.body;
      body.innerHTML = "<h2>" + esc(title(name)) + "</h2>" + RENDER[name](d);
      var charts = Object.keys(d.charts || {});
      return Promise.all(charts.map(function (k) { return embed($("vchart-" + k), d.charts[k]); })).then(function () {
        body.dataset.state = "ready";
      });
    });
  }
  function charts(d) {
    return Object.keys(d.charts || {}).map(function (k) { return '<div class="chart" id="vchart-' + esc(k) + '"></div>'; }).join("");
  }
  var RENDER = {
    staffing: function (d) {
      var set = state.set;
      return charts(d) + '<p class="small">Each row: what the troops rest on (stated = a figure a government gave; assumed = a stated willingness or the unstated lever times capacity; overridden = set here or in the scenario). Set a country\'s share of its capacity to override the ledger position behind its default.</p>' +
        table("staffing", d.rows, d.text, [
          { key: "country", label: "country" }, { key: "allocated", label: "allocated", text: 1, num: 1 },
          { key: "capacity", label: "capacity", text: 1, num: 1 }, { key: "pledged", label: "pledged", text: 1, num: 1 },
          { key: "basis", label: "basis", html: function (r) { return '<span class="basis basis-' + esc(r.basis) + '">' + esc(r.basis) + "</span>"; } },
          { key: "stance", label: "position" }, { key: "statement_date", label: "date" },
          { key: "quote", label: "quote", html: function (r) { return r.quote ? "<q>" + esc(r.quote) + "</q> " + esc(r.speaker) : ""; } },
          { key: "source_url", label: "source", html: function (r) { return link(r.source_url); } },
          { key: "override", label: "override share (0-1)", html: function (r) {
            var p = "contributions.overrides." + r.iso3, v = set[p] ? set[p].troops : "";
            return '<input type="number" class="contrib" min="0" max="1" step="0.05" data-iso="' + esc(r.iso3) +
              '" value="' + esc(v) + '" placeholder="ledger" aria-label="troops share override for ' + esc(r.country) + '">';
          } }], "Staffing by country");
    },
    air: function (d) {
      if (d.note) return '<p class="muted">' + esc(d.note) + "</p>";
      return charts(d) + table("air", d.rows, d.text, [
        { key: "item", label: "class" }, { key: "unit", label: "unit" },
        { key: "requirement", label: "required", text: 1, num: 1 }, { key: "us_supply", label: "US supplies", text: 1, num: 1 },
        { key: "others_capacity", label: "others can field", text: 1, num: 1 }, { key: "allocated", label: "allocated", text: 1, num: 1 },
        { key: "shortfall", label: "shortfall", num: 1, html: function (r, i) {
          var x = d.text[i];
          return r.status === "unknown" ? esc(word("unknown") + ": " + x.shortfall_low + " to " + x.shortfall) : esc(x.shortfall);
        } },
        { key: "status", label: "status", html: function (r) { return status(r.status); } }], "Air shield by class") +
        "<h3>How each requirement is derived</h3>" + table("air-operation", d.operation, d.operation_text, [
          { key: "class", label: "class" }, { key: "step", label: "derivation" },
          { key: "operating_cost_eur_per_year", label: eur(d, "operating cost a year"), text: 1, num: 1 },
          { key: "participants_cost_eur_per_year", label: eur(d, "participants' part a year"), text: 1, num: 1 }]);
    },
    aid: function (d) {
      return '<div class="chart map" id="vchart-map"></div>' + table("burden", d.burden, d.burden_text, [
        { key: "country", label: "country" }, { key: "cost_troops_eur", label: eur(d, "troops"), text: 1, num: 1 },
        { key: "cost_air_eur", label: eur(d, "air"), text: 1, num: 1 }, { key: "cost_aid_eur", label: eur(d, "aid"), text: 1, num: 1 },
        { key: "cost_total_eur", label: eur(d, "total a year"), text: 1, num: 1 },
        { key: "cost_gdp_share", label: "% of GDP", text: 1, num: 1 },
        { key: "cost_defence_budget_share", label: "% of defence budget", text: 1, num: 1 }], "Cost per country, first year") +
        '<div class="chart" id="vchart-burden"></div>' +
        table("spending", d.spending, d.spending_text, [
          { key: "country", label: "country" }, { key: "defence_gdp_share", label: "defence, % of GDP", text: 1, num: 1 },
          { key: "target_share", label: "target", text: 1, num: 1 }, { key: "target_year", label: "by" },
          { key: "gap_eur_target_year", label: eur(d, "gap in target year"), text: 1, num: 1 },
          { key: "increase_eur_per_year", label: eur(d, "increase per year"), text: 1, num: 1 }], "Spending target: gap per country") +
        '<div class="chart" id="vchart-spending"></div>';
    },
    apportion: function (d) {
      return '<p id="apportion-verdict">' + (d.feasible ? status("met") + " every requirement can be apportioned" :
        status("short") + " some requirement cannot be met") + " (solver " + (d.solver.optimal ? "optimal" : "not proven optimal") + ").</p>" +
        "<ul>" + d.explanations.map(function (e) { return "<li>" + esc(e) + "</li>"; }).join("") + "</ul>" +
        table("apportion-requirements", d.requirements, d.requirements_text, [
          { key: "requirement", label: "requirement" }, { key: "unit", label: "unit" },
          { key: "required", label: "required", text: 1, num: 1 }, { key: "us_covers", label: "US covers", text: 1, num: 1 },
          { key: "others_can_field", label: "others can field", text: 1, num: 1 },
          { key: "allocated", label: "allocated", text: 1, num: 1 }, { key: "shortfall", label: "shortfall", text: 1, num: 1 },
          { key: "status", label: "status", html: function (r) { return status(r.status); } },
          { key: "binding_caps", label: "binding caps" }], "Requirements") +
        table("apportion-allocations", d.allocations, d.allocations_text, [
          { key: "requirement", label: "requirement" }, { key: "country", label: "country" },
          { key: "fair_share", label: "fair share", text: 1, num: 1 }, { key: "fair_amount", label: "fair amount", text: 1, num: 1 },
          { key: "allocated", label: "allocated", text: 1, num: 1 }, { key: "cap", label: "cap", text: 1, num: 1 },
          { key: "cap_binds", label: "cap binds", html: function (r) { return r.cap_binds ? "yes (" + esc(r.cap_source) + ")" : "no"; } }],
          "Allocation against fair share");
    },
    coalitions: function (d) {
      var un = Object.keys(d.unmeetable);
      return table("coalitions", d.coalitions, null, [
        { key: "rank", label: "rank" }, { key: "size", label: "members" },
        { key: "member_names", label: "who", html: function (r) { return esc(r.member_names.join(", ")); } },
        { key: "cost_eur_per_year", label: eur(d, "cost a year"), num: 1, html: function (r) { return esc(r.cost_text) + (r.cost_complete ? "" : " (some costs not sourced)"); } },
        { key: "proven_optimal", label: "proven optimal", html: function (r) { return r.proven_optimal ? "yes" : "no"; } }],
        "Smallest coalitions that meet the requirements") +
        (un.length ? "<p>No coalition can meet: " + un.map(function (k) { return esc(k + " (" + d.unmeetable[k].text + " " + (d.unmeetable[k].unit_text || d.unmeetable[k].unit) + " short)"); }).join("; ") + "</p>" : "") +
        (d.unknown.length ? "<p>" + status("unknown") + ": " + esc(d.unknown.join(", ")) + "</p>" : "") +
        d.notes.map(function (n) { return '<p class="muted small">' + esc(n) + "</p>"; }).join("");
    },
    redlines: function (d) {
      return d.actors.map(function (a) {
        return '<details class="actor" ' + (a.crossed ? "open" : "") + "><summary><b>" + esc(a.name) + "</b>: " + a.crossed +
          " red line(s) crossed, " + a.unmet + " preference(s) unmet, " + a.findings.length + " position(s)</summary>" +
          a.findings.map(quoteBox).join("") + "</details>";
      }).join("");
    },
    pareto: function (d) {
      return '<p>' + d.n + " arrangements judged as positions stood on " + esc(d.as_of) + "; the front (no arrangement better on every objective):</p>" +
        charts(d) + table("pareto", d.front, null, d.levers.map(function (l) { return { key: l, label: l }; }).concat([
          { key: "red_lines_weighted", label: "red lines (weighted)", num: 1 }, { key: "crossed_by", label: "crossed by" },
          { key: "shortfall_index", label: "shortfall index", num: 1, html: function (r) { return esc(r.shortfall_index === null ? word("unknown") : Number(r.shortfall_index).toPrecision(3)); } },
          { key: "cost_eur_per_year", label: eur(d, "cost a year"), num: 1, html: function (r) { return esc(r.cost_text); } }]), "Pareto front");
    },
    montecarlo: function (d) {
      state.mcOutputs = d.outputs;  // every output the Sobol bars accept (uncertainty.sensitivity)
      return heavyForm("montecarlo") + '<button type="button" id="compute" class="compute">Compute again</button>' +
        "<p>" + d.draws + " draws, seed " + d.seed + ".</p>" + mcTable(d.summary, d.text) +
        '<div class="chart" id="vchart-montecarlo"></div>' + (d.sobol_note ? '<p class="muted small">' + esc(d.sobol_note) + "</p>" : "") +
        '<div class="chart" id="vchart-sobol"></div>';
    },
    timeline: function (d) {
      return charts(d) + table("timeline", d.rows, null, [{ key: "date", label: "positions as of" },
        { key: "part", label: "part" }, { key: "troops", label: "troops", num: 1, html: function (r) { return esc(Math.round(r.troops).toLocaleString("en-GB")); } }],
        "The reassurance force as positions stood at each month's end");
    }
  };

  // ------------------------------------------------------------------ scenario and binding
  function pick(name, keep) {
    state.scenario = name;
    if (!keep) { state.moved = {}; state.set = {}; state.willingness = {}; }
    state.airBuilt = false;
    var sc = state.scenarios[name];
    $("scenario").value = name;
    $("scenario-title").textContent = sc.title;
    setControls();
    schedule();
  }
  function leverValue(el, name) {
    var lv = state.meta.levers.filter(function (l) { return l.name === name; })[0];
    if (el.type === "checkbox") return el.checked;
    if (!lv || lv.value_type === "category") return el.value;
    return Number(el.value);
  }
  function bind() {
    $("scenario").addEventListener("change", function () { pick(this.value); });
    $("levers").addEventListener("change", function (e) {
      var t = e.target;
      if (t.dataset.lever) { state.moved[t.dataset.lever] = leverValue(t, t.dataset.lever); schedule(); return; }
      if (t.id === "force") { state.moved.force = Number(t.value); schedule(); return; }
      if (t.id === "force-option" && t.value) {
        $("force").value = t.value; state.moved.force = Number(t.value); schedule(); return;
      }
      if (t.dataset.path) {
        var v = t.type === "date" ? t.value : t.value === "" ? null : Number(t.value);
        if (v === null || v === "") delete state.set[t.dataset.path]; else state.set[t.dataset.path] = v;
        schedule(); return;
      }
      if (t.classList.contains("will")) {
        if (t.value === "") delete state.willingness[t.dataset.iso]; else state.willingness[t.dataset.iso] = Number(t.value);
        schedule(); return;
      }
      if (t.id === "draws") schedule();
    });
    $("dl-table").addEventListener("change", downloads);
    $("reset").addEventListener("click", function () { pick(state.scenario); });
    $("tabs").addEventListener("click", function (e) {
      var b = e.target.closest("button[data-view]");
      if (b) showView(b.dataset.view);
    });
    $("tabs").addEventListener("keydown", function (e) {
      if (e.key !== "ArrowRight" && e.key !== "ArrowLeft") return;
      var i = VIEWS.map(function (v) { return v[0]; }).indexOf(state.view);
      i = (i + (e.key === "ArrowRight" ? 1 : VIEWS.length - 1)) % VIEWS.length;
      showView(VIEWS[i][0]); $("tab-" + VIEWS[i][0]).focus();
    });
    $("view-body").addEventListener("click", function (e) {
      if (e.target.id === "compute") loadView(state.view);
    });
    $("view-body").addEventListener("change", function (e) {
      var t = e.target;
      if (!t.classList.contains("contrib")) return;
      var p = "contributions.overrides." + t.dataset.iso;
      if (t.value === "") delete state.set[p]; else state.set[p] = { troops: Number(t.value), reason: "set in the web app" };
      schedule();
    });
    document.body.addEventListener("click", function (e) {
      var b = e.target.closest(".csv-btn");
      if (!b) return;
      var t = state.tables[b.dataset.table];
      var blob = new Blob([csvOf(t.rows, t.cols)], { type: "text/csv" });
      var a = document.createElement("a");
      a.href = URL.createObjectURL(blob); a.download = state.scenario.replace(":", "-") + "_" + b.dataset.table + ".csv";
      document.body.appendChild(a); a.click(); a.remove();
    });
    $("copy-link").addEventListener("click", function () {
      if (navigator.clipboard) navigator.clipboard.writeText(location.href).catch(function () { return null; });
      $("copy-link").textContent = "Link copied (it is also in the address bar)";
    });
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
  function palette(p) {
    var root = document.documentElement.style;
    Object.keys(p.status_colours).forEach(function (k) { root.setProperty("--st-" + k.replace(" ", "-"), p.status_colours[k]); });
    Object.keys(p.basis_colours).forEach(function (k) { root.setProperty("--basis-" + k, p.basis_colours[k]); });
  }

  Promise.all([fetch("/api/scenarios").then(function (r) { return r.json(); }),
               fetch("/api/meta").then(function (r) { return r.json(); })]).then(function (res) {
    var info = res[0], meta = res[1];
    state.info = info; state.meta = meta; state.tables = {};
    palette(meta.palette);
    if (window.matchMedia("(max-width: 800px)").matches) $("levers-box").open = false;
    info.scenarios.forEach(function (s) { state.scenarios[s.name] = s; });
    options($("scenario"), info.scenarios.map(function (s) { return s.name; }),
            info.scenarios.map(function (s) { return s.name + " — " + s.title; }));
    buildControls();
    tabs();
    $("max-upload").textContent = Math.round(info.limits.max_upload_bytes / 1024) + " KiB";
    $("max-draws").textContent = String(info.limits.max_draws);
    $("draws").max = info.limits.max_draws;
    $("vintages").textContent = "Data as of: " + Object.keys(info.data_vintages).map(function (k) {
      return k + " " + info.data_vintages[k]; }).join(", ");
    bind();
    var u = fromUrl();
    state.view = VIEWS.some(function (v) { return v[0] === u.view; }) ? u.view : "overview";
    var lv = u.levers;
    state.set = lv.overrides || {}; state.willingness = lv.willingness_by_country || {};
    delete lv.overrides; delete lv.willingness_by_country;
    state.moved = lv;
    $("draws").value = String(u.draws);
    var name = u.scenario && state.scenarios[u.scenario] ? u.scenario :
      (state.scenarios.aug2025 ? "aug2025" : info.scenarios[0].name);
    pick(name, true);
  });
})();
