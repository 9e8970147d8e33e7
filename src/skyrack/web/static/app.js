/* skyrack web page: presets, scenario editor, lever sliders, charts, compare view, report and share link.
   Plain JavaScript, no build step and no network access beyond this page's own server. */
"use strict";

(function () {
  const DEBOUNCE_MS = 150; // wait this long after the last change...
  const MAX_WAIT_MS = 400; // ...but while a slider keeps moving, update at least this often
  const LOG_STEPS = 1000; // positions of a log-scale slider
  const TABS = ["design", "compare", "orbit"];

  // ---------------------------------------------------------------- state
  const state = {
    preset: null, // preset name (also the base when a scenario is edited)
    scenario: null, // edited scenario mapping, or null to use the preset
    overrides: {}, // lever path -> number (in the lever's unit)
    tab: "design",
  };
  let presets = []; // [{name, description}]
  let levers = []; // [{path, label, unit, min, max, step, scale}]
  const leverUi = {}; // path -> {range, number, reset, row, spec}
  let lastSummary = null;
  let lastLeverValues = {};
  let compareResults = null;
  let orbitKey = null; // the request whose orbit views are on screen (or on their way)
  let orbitTimer = null;

  let designSeq = 0; // last design request sent
  let designShown = 0; // the request whose answer is on screen
  let compareSeq = 0;
  let compareShown = 0;
  let designTimer = null;
  let firstPendingAt = 0; // when the oldest change not yet sent was made
  let compareTimer = null;
  let lastFragment = "";
  let editorLoadedFor = null;
  let chartsPending = false; // design charts to draw once their tab is visible
  let notice = null; // a problem with the loaded link, kept on screen until the next change

  const $ = (id) => document.getElementById(id);

  // ---------------------------------------------------------------- formatting
  function isNum(x) {
    return typeof x === "number" && Number.isFinite(x);
  }

  function fmt(x, opts) {
    if (!isNum(x)) return "n/a";
    const o = opts || {};
    let digits;
    if (o.digits !== undefined) digits = o.digits;
    else {
      const a = Math.abs(x);
      digits = a >= 1000 ? 0 : a >= 100 ? 1 : a >= 10 ? 2 : a >= 1 ? 3 : 4;
      if (a > 0 && a < 0.001) return x.toExponential(2);
    }
    return x.toLocaleString("en-US", { maximumFractionDigits: digits, minimumFractionDigits: 0 });
  }

  function fmtUsd(x) {
    if (!isNum(x)) return "n/a";
    const a = Math.abs(x);
    if (a >= 1e12) return "$" + fmt(x / 1e12, { digits: 2 }) + " trillion";
    if (a >= 1e9) return "$" + fmt(x / 1e9, { digits: 2 }) + " billion";
    if (a >= 1e6) return "$" + fmt(x / 1e6, { digits: 1 }) + " million";
    if (a >= 100) return "$" + fmt(x, { digits: 0 });
    return "$" + x.toLocaleString("en-US", { minimumFractionDigits: 2, maximumFractionDigits: 2 });
  }

  function fmtMass(kg) {
    if (!isNum(kg)) return "n/a";
    if (Math.abs(kg) >= 1e6) return fmt(kg / 1000, { digits: 0 }) + " t";
    if (Math.abs(kg) >= 1e4) return fmt(kg / 1000, { digits: 1 }) + " t";
    return fmt(kg, { digits: 0 }) + " kg";
  }

  function fmtFlops(f) {
    if (!isNum(f)) return "n/a";
    return fmt(f / 1e15) + " PFLOP/s";
  }

  function fmtPower(w) {
    if (!isNum(w)) return "n/a";
    const a = Math.abs(w);
    if (a >= 1e9) return fmt(w / 1e9) + " GW";
    if (a >= 1e6) return fmt(w / 1e6) + " MW";
    if (a >= 1e3) return fmt(w / 1e3) + " kW";
    return fmt(w) + " W";
  }

  function pretty(name) {
    return String(name).replace(/_/g, " ");
  }

  // Round a slider value to something a person would type (3 significant digits for log levers).
  function roundSig(x, sig) {
    if (!isNum(x) || x === 0) return x;
    const p = Math.pow(10, sig - 1 - Math.floor(Math.log10(Math.abs(x))));
    return Math.round(x * p) / p;
  }

  function stepDecimals(step) {
    const s = String(step);
    if (s.includes("e-")) return parseInt(s.split("e-")[1], 10);
    const i = s.indexOf(".");
    return i < 0 ? 0 : s.length - i - 1;
  }

  // ---------------------------------------------------------------- HTTP
  async function api(method, url, body) {
    const init = { method: method, headers: {} };
    if (body !== undefined) {
      init.headers["Content-Type"] = "application/json";
      init.body = JSON.stringify(body);
    }
    const resp = await fetch(url, init);
    if (!resp.ok) throw await httpError(resp);
    return resp;
  }

  async function httpError(resp) {
    let message = resp.status + " " + resp.statusText;
    try {
      const data = await resp.json();
      message = detailText(data.detail !== undefined ? data.detail : data);
    } catch (e) {
      /* not JSON: keep the status line */
    }
    const err = new Error(message);
    err.status = resp.status;
    return err;
  }

  function detailText(detail) {
    if (typeof detail === "string") return detail;
    if (Array.isArray(detail)) {
      return detail
        .map((d) => (d && d.msg ? (d.loc ? d.loc.join(".") + ": " : "") + d.msg : JSON.stringify(d)))
        .join("; ");
    }
    return JSON.stringify(detail);
  }

  // Show an error above the results: a string (a problem found here) or an Error from the server.
  function showError(problem) {
    const box = $("error");
    if (!problem) {
      box.hidden = true;
      box.textContent = "";
      return;
    }
    box.hidden = false;
    box.textContent = "";
    const strong = document.createElement("strong");
    const fromServer = problem instanceof Error && problem.status;
    strong.textContent = fromServer
      ? problem.status >= 500
        ? "Server error (HTTP " + problem.status + "): "
        : "Not accepted (HTTP " + problem.status + "): "
      : "Problem: ";
    box.append(strong, document.createTextNode(problem instanceof Error ? problem.message : String(problem)));
  }

  function setStatus(text) {
    $("status").textContent = text;
  }

  // ---------------------------------------------------------------- request bodies
  function overrideStrings() {
    const out = {};
    for (const lever of levers) {
      const v = state.overrides[lever.path];
      if (isNum(v)) out[lever.path] = String(v) + " " + lever.unit;
    }
    return out;
  }

  function designBody() {
    const body = { overrides: overrideStrings() };
    if (state.scenario) body.scenario = state.scenario;
    else body.preset = state.preset;
    return body;
  }

  // ---------------------------------------------------------------- share link / URL fragment
  function b64urlEncode(text) {
    const bytes = new TextEncoder().encode(text);
    let bin = "";
    for (const b of bytes) bin += String.fromCharCode(b);
    return btoa(bin).replace(/\+/g, "-").replace(/\//g, "_").replace(/=+$/, "");
  }

  function b64urlDecode(text) {
    let s = text.replace(/-/g, "+").replace(/_/g, "/");
    while (s.length % 4) s += "=";
    const bin = atob(s);
    const bytes = new Uint8Array(bin.length);
    for (let i = 0; i < bin.length; i++) bytes[i] = bin.charCodeAt(i);
    return new TextDecoder().decode(bytes);
  }

  function fragment() {
    const parts = [];
    const enc = (s) => encodeURIComponent(s).replace(/%2F/gi, "/");
    parts.push("preset=" + enc(state.preset || ""));
    if (state.scenario) parts.push("scenario=" + b64urlEncode(JSON.stringify(state.scenario)));
    for (const lever of levers) {
      const v = state.overrides[lever.path];
      if (isNum(v)) parts.push(enc(lever.path) + "=" + enc(String(v)));
    }
    if (state.tab !== "design") parts.push("tab=" + enc(state.tab));
    return parts.join("&");
  }

  function shareUrl() {
    return location.origin + location.pathname + location.search + "#" + fragment();
  }

  function syncUrl() {
    const frag = fragment();
    lastFragment = frag;
    if (location.hash.slice(1) !== frag) history.replaceState(null, "", "#" + frag);
    $("share-link").value = shareUrl();
  }

  // Read the state from the URL fragment; returns a list of problems found (shown to the user).
  function readFragment(hash) {
    const problems = [];
    const params = new URLSearchParams(hash.replace(/^#/, ""));
    const next = { preset: null, scenario: null, overrides: {}, tab: "design" };
    const names = presets.map((p) => p.name);
    for (const [key, value] of params) {
      if (key === "preset") {
        if (names.includes(value)) next.preset = value;
        else if (value) problems.push("unknown preset '" + value + "' in the link; presets: " + names.join(", "));
      } else if (key === "scenario") {
        try {
          const parsed = JSON.parse(b64urlDecode(value));
          if (parsed && typeof parsed === "object" && !Array.isArray(parsed)) next.scenario = parsed;
          else problems.push("the scenario in the link is not a mapping");
        } catch (e) {
          problems.push("the scenario in the link cannot be decoded (" + e.message + ")");
        }
      } else if (key === "tab") {
        if (TABS.includes(value)) next.tab = value;
      } else {
        const lever = levers.find((l) => l.path === key);
        const num = Number(value);
        if (!lever) problems.push("unknown lever '" + key + "' in the link");
        else if (value === "" || !Number.isFinite(num)) problems.push(lever.label + ": '" + value + "' is not a number");
        else next.overrides[key] = num;
      }
    }
    if (!next.preset) next.preset = names.includes("suncatcher") ? "suncatcher" : names[0];
    return { next: next, problems: problems };
  }

  function applyFragment(hash) {
    const { next, problems } = readFragment(hash);
    state.preset = next.preset;
    state.scenario = next.scenario;
    state.overrides = next.overrides;
    state.tab = next.tab;
    $("preset").value = state.scenario ? "" : state.preset;
    if (state.scenario) setEditorText(state.scenario);
    renderSource();
    for (const lever of levers) positionLever(lever.path, state.overrides[lever.path]);
    selectTab(state.tab, false);
    return problems;
  }

  // ---------------------------------------------------------------- presets and the editor
  function renderPresets() {
    const sel = $("preset");
    sel.textContent = "";
    const edited = document.createElement("option");
    edited.value = "";
    edited.textContent = "(edited scenario)";
    edited.disabled = true;
    sel.append(edited);
    for (const p of presets) {
      const opt = document.createElement("option");
      opt.value = p.name;
      opt.textContent = p.name;
      sel.append(opt);
    }
  }

  function renderSource() {
    const p = presets.find((x) => x.name === state.preset);
    $("preset-description").textContent = state.scenario
      ? "Edited scenario" + (state.scenario.name ? " '" + state.scenario.name + "'" : "") + ", starting from " + state.preset + "."
      : p
        ? p.description
        : "";
    $("source-badge").hidden = !state.scenario;
    $("scenario-revert").disabled = !state.scenario;
    $("preset").value = state.scenario ? "" : state.preset;
  }

  function setEditorText(obj) {
    $("scenario-text").value = JSON.stringify(obj, null, 2);
  }

  async function loadEditor(force) {
    if (state.scenario) {
      if (force || editorLoadedFor !== "*edited*") setEditorText(state.scenario);
      editorLoadedFor = "*edited*";
      return;
    }
    if (!force && editorLoadedFor === state.preset) return;
    const name = state.preset;
    try {
      const data = await (await api("GET", "/api/presets/" + encodeURIComponent(name))).json();
      if (state.preset === name && !state.scenario) {
        setEditorText(data.scenario);
        editorLoadedFor = name;
      }
    } catch (e) {
      showError(e);
    }
  }

  function applyEditedScenario() {
    let parsed;
    try {
      parsed = JSON.parse($("scenario-text").value);
    } catch (e) {
      showError("the edited scenario is not valid JSON: " + e.message);
      $("scenario-text").focus();
      return;
    }
    if (!parsed || typeof parsed !== "object" || Array.isArray(parsed)) {
      showError("the edited scenario must be a JSON object of sections (mission, orbit, satellite, launch, …)");
      return;
    }
    state.scenario = parsed;
    editorLoadedFor = "*edited*";
    renderSource();
    changed({ now: true });
  }

  function revertToPreset() {
    state.scenario = null;
    editorLoadedFor = null;
    renderSource();
    if ($("editor").open) loadEditor(true);
    changed({ now: true });
  }

  // ---------------------------------------------------------------- levers
  function leverId(path) {
    return "lever-" + path.replace(/[^A-Za-z0-9_-]/g, "-");
  }

  function isLog(lever) {
    return lever.scale === "log" && lever.min > 0 && lever.max > lever.min;
  }

  function linearStep(lever) {
    return isNum(lever.step) && lever.step > 0 ? lever.step : (lever.max - lever.min) / 1000;
  }

  function toPosition(lever, value) {
    const v = Math.min(lever.max, Math.max(lever.min, value));
    if (isLog(lever)) {
      const f = (Math.log(v) - Math.log(lever.min)) / (Math.log(lever.max) - Math.log(lever.min));
      return Math.round(f * LOG_STEPS);
    }
    return v;
  }

  function fromPosition(lever, pos) {
    if (isLog(lever)) {
      const f = Number(pos) / LOG_STEPS;
      const v = Math.exp(Math.log(lever.min) + f * (Math.log(lever.max) - Math.log(lever.min)));
      if (f <= 0) return lever.min;
      if (f >= 1) return lever.max;
      return roundSig(v, 3);
    }
    const step = linearStep(lever);
    const v = Number(pos);
    return Number(v.toFixed(Math.min(10, stepDecimals(step) + 1)));
  }

  function valueText(lever, value) {
    return isNum(value) ? fmt(value) + " " + lever.unit : "does not apply";
  }

  function buildLevers() {
    const box = $("levers");
    box.textContent = "";
    for (const lever of levers) {
      const id = leverId(lever.path);
      const row = document.createElement("div");
      row.className = "lever";
      row.dataset.lever = lever.path;

      const head = document.createElement("div");
      head.className = "lever-head";
      const label = document.createElement("label");
      label.htmlFor = id;
      label.textContent = lever.label;
      const mark = document.createElement("span");
      mark.className = "modified";
      mark.textContent = "changed";
      mark.hidden = true;
      head.append(label, mark);

      const controls = document.createElement("div");
      controls.className = "lever-controls";
      const range = document.createElement("input");
      range.type = "range";
      range.id = id;
      range.dataset.lever = lever.path;
      if (isLog(lever)) {
        range.min = "0";
        range.max = String(LOG_STEPS);
        range.step = "1";
      } else {
        range.min = String(lever.min);
        range.max = String(lever.max);
        range.step = String(linearStep(lever));
      }
      range.setAttribute("aria-describedby", id + "-scale");

      const number = document.createElement("input");
      number.type = "number";
      number.id = id + "-value";
      number.className = "lever-value";
      number.dataset.leverValue = lever.path;
      number.step = "any";
      number.setAttribute("aria-label", lever.label + " value in " + lever.unit);
      const unit = document.createElement("span");
      unit.className = "lever-unit";
      unit.textContent = lever.unit;

      const reset = document.createElement("button");
      reset.type = "button";
      reset.className = "reset secondary small";
      reset.textContent = "↺";
      reset.title = "Reset " + lever.label + " to the scenario's value";
      reset.setAttribute("aria-label", "Reset " + lever.label);
      reset.disabled = true;
      controls.append(range, number, unit, reset);

      const scale = document.createElement("div");
      scale.className = "lever-scale";
      scale.id = id + "-scale";
      scale.textContent =
        fmt(lever.min) + " to " + fmt(lever.max) + " " + lever.unit + (isLog(lever) ? ", log scale" : "");

      row.append(head, controls, scale);
      box.append(row);
      leverUi[lever.path] = { range: range, number: number, reset: reset, mark: mark, row: row, spec: lever };

      range.addEventListener("input", () => {
        const v = fromPosition(lever, range.value);
        state.overrides[lever.path] = v;
        positionLever(lever.path, v, { keepRange: true });
        changed();
      });
      number.addEventListener("change", () => {
        const v = Number(number.value);
        if (number.value.trim() === "" || !Number.isFinite(v)) {
          delete state.overrides[lever.path];
        } else {
          state.overrides[lever.path] = v;
        }
        positionLever(lever.path, state.overrides[lever.path]);
        changed({ now: true });
      });
      reset.addEventListener("click", () => {
        delete state.overrides[lever.path];
        positionLever(lever.path, lastLeverValues[lever.path]);
        changed({ now: true });
      });
    }
  }

  // Show a lever's value: overridden levers show the override, the others the scenario's value.
  function positionLever(path, value, opts) {
    const ui = leverUi[path];
    if (!ui) return;
    const lever = ui.spec;
    const overridden = isNum(state.overrides[path]);
    const v = overridden ? state.overrides[path] : value;
    const applies = isNum(v);
    if (applies) {
      if (!(opts && opts.keepRange)) ui.range.value = String(toPosition(lever, v));
      // an override shows exactly what was set; a scenario value is rounded for reading
      if (document.activeElement !== ui.number || !(opts && opts.keepNumber)) ui.number.value = String(overridden ? v : roundSig(v, 4));
    } else {
      ui.number.value = "";
    }
    ui.range.setAttribute("aria-valuetext", valueText(lever, v));
    ui.range.classList.toggle("out-of-range", applies && (v < lever.min || v > lever.max));
    ui.number.placeholder = applies ? "" : "n/a";
    ui.row.classList.toggle("inactive", !applies);
    ui.reset.disabled = !overridden;
    ui.mark.hidden = !overridden;
  }

  // ---------------------------------------------------------------- change handling
  function changed(opts) {
    notice = null;
    syncUrl();
    const now = performance.now();
    if (designTimer === null) firstPendingAt = now;
    clearTimeout(designTimer);
    const delay = opts && opts.now ? 0 : Math.max(0, Math.min(DEBOUNCE_MS, firstPendingAt + MAX_WAIT_MS - now));
    document.body.classList.add("pending");
    designTimer = setTimeout(runDesign, delay);
    if (state.tab === "orbit") scheduleOrbit(600);
    if (state.tab === "compare") scheduleCompare(delay);
    else {
      compareResults = null; // refreshed when the tab is opened
      compareShown = ++compareSeq; // and an answer already on its way is stale
    }
  }

  async function runDesign() {
    designTimer = null;
    const seq = ++designSeq;
    const body = designBody();
    setStatus("Computing…");
    try {
      const data = await (await api("POST", "/api/design", body)).json();
      if (seq < designShown) return; // a newer answer is already on screen
      designShown = seq;
      lastSummary = data.summary;
      lastLeverValues = data.levers || {};
      for (const lever of levers) {
        positionLever(lever.path, lastLeverValues[lever.path], { keepRange: isNum(state.overrides[lever.path]), keepNumber: true });
      }
      showError(notice);
      document.body.classList.remove("stale");
      renderDesign(data.summary);
      if (state.tab === "compare" && compareResults) renderCompare(compareResults);
      if (seq === designSeq) {
        document.body.classList.remove("pending");
        setStatus("Up to date");
      }
    } catch (e) {
      if (seq < designShown) return;
      designShown = seq;
      showError(e);
      if (lastSummary) {
        const note = document.createElement("span");
        note.className = "stale-note";
        note.textContent = " The numbers below are from the last input that worked.";
        $("error").append(note);
        document.body.classList.add("stale");
      }
      if (seq === designSeq) {
        document.body.classList.remove("pending");
        setStatus("Error: see the message above the results");
      }
    }
  }

  // ---------------------------------------------------------------- rendering: key numbers
  function setText(id, text) {
    $(id).textContent = text;
  }

  function ratioOf(s) {
    const r = s.ratios && s.ratios.all_in;
    return r && isNum(r.value) ? r.value : null;
  }

  function infraRatioOf(s) {
    const r = s.ratios && s.ratios.infrastructure_only;
    return r && isNum(r.value) ? r.value : null;
  }

  function ratioText(r) {
    if (!isNum(r)) return "n/a";
    const d = r >= 100 ? 0 : r >= 10 ? 1 : 2;
    return r.toLocaleString("en-US", { minimumFractionDigits: d, maximumFractionDigits: d }) + "×";
  }

  function breakevenText(s) {
    const b = s.breakeven || {};
    if (isNum(b.launch_usd_per_kg)) return fmtUsd(b.launch_usd_per_kg) + " /kg";
    if (b.launch && b.launch !== "none") return b.launch;
    return "none";
  }

  function renderDesign(s) {
    const e = s.economics || {};
    const t = s.terrestrial || {};
    const c = s.compute || {};
    const m = s.mass || {};
    const l = s.launch || {};
    const th = s.thermal || {};
    setText("usd-per-pflop-day-orbit", fmtUsd(e.usd_per_pflop_day));
    setText("usd-per-pflop-day-ground", fmtUsd(t.usd_per_pflop_day));
    setText("ground-kind", "USD per PFLOP-day, " + (t.kind ? pretty(t.kind) : "ground"));
    setText("verdict", s.verdict || "");
    const r = ratioOf(s);
    setText("cost-ratio", ratioText(r));
    const side = !isNum(r) ? "cost ratio" : r > 1 ? "orbit costs more than ground" : r < 1 ? "orbit is cheaper than ground" : "parity";
    setText("cost-ratio-note", side + " (all-in; infrastructure only: " + ratioText(infraRatioOf(s)) + ")");
    $("cost-ratio").className = "value " + (isNum(r) ? (r > 1 ? "worse" : "better") : "");
    setText("breakeven-launch", breakevenText(s));
    setText(
      "breakeven-note",
      s.breakeven && isNum(s.breakeven.launch_usd_per_kg)
        ? "launch price at which orbit matches ground"
        : "no launch price, not even free launch, makes orbit match ground"
    );
    setText("satellites", s.constellation && isNum(s.constellation.satellites) ? fmt(s.constellation.satellites, { digits: 0 }) : "n/a");
    setText("accelerators", fmt(c.accelerators, { digits: 0 }) + " × " + (c.accelerator || "accelerator"));
    setText("total-mass", fmtMass(m.total_kg));
    setText("mass-per-satellite", fmtMass(m.per_satellite_kg) + " per satellite");
    setText("launches", isNum(l.launches) ? fmt(l.launches, { digits: 0 }) : "n/a");
    setText("launch-vehicle", (l.vehicle || "vehicle") + ", " + fmtUsd(l.cost_usd) + " in all");
    setText("radiator-area", isNum(th.radiator_area_m2) ? fmt(th.radiator_area_m2) + " m²" : "n/a");
    setText("radiator-temperature", "per satellite, at " + (isNum(th.radiator_temperature_k) ? fmt(th.radiator_temperature_k) + " K" : "n/a"));
    setText("binding-limit", c.binding_limit ? pretty(c.binding_limit) : "n/a");
    setText("delivered", fmtFlops(c.delivered_flops) + " delivered");
    renderFeasibility(s.feasibility || {});
    renderDetails(s);
    // Plotly cannot size a chart inside a hidden panel: draw when the Design tab is visible.
    chartsPending = $("panel-design").hidden;
    if (!chartsPending) renderCharts(s);
  }

  function renderFeasibility(f) {
    const box = $("feasibility");
    box.textContent = "";
    const head = document.createElement("strong");
    if (f.feasible) {
      box.className = "alert ok";
      head.textContent = "Feasible: ";
      box.append(head, document.createTextNode("no physical or launch limit is violated."));
      return;
    }
    box.className = "alert warning";
    head.textContent = "Not feasible as specified. ";
    box.append(head);
    const reasons = f.reasons || [];
    if (!reasons.length) {
      box.append(document.createTextNode("The model gave no reason."));
      return;
    }
    const ul = document.createElement("ul");
    for (const reason of reasons) {
      const li = document.createElement("li");
      li.textContent = reason;
      ul.append(li);
    }
    box.append(ul);
  }

  function renderDetails(s) {
    const o = s.orbit || {};
    const p = s.power || {};
    const th = s.thermal || {};
    const c = s.compute || {};
    const e = s.economics || {};
    const t = s.terrestrial || {};
    const env = s.environment || {};
    const pct = (x) => (isNum(x) ? fmt(100 * x, { digits: 1 }) + " %" : "n/a");
    const groups = [
      [
        "Orbit",
        [
          ["kind", o.kind ? pretty(o.kind) : "n/a"],
          ["altitude", isNum(o.altitude_km) ? fmt(o.altitude_km) + " km" : "n/a"],
          ["sunlit fraction", pct(o.sunlit_fraction)],
          ["longest eclipse", isNum(o.max_eclipse_s) ? fmt(o.max_eclipse_s / 60, { digits: 1 }) + " min" : "n/a"],
          ["eclipse days per year", isNum(o.eclipse_days_per_year) ? fmt(o.eclipse_days_per_year, { digits: 0 }) : "n/a"],
        ],
      ],
      [
        "Power and thermal (per satellite)",
        [
          ["solar array area", isNum(p.array_area_m2) ? fmt(p.array_area_m2) + " m²" : "n/a"],
          ["array power, end of life", fmtPower(p.array_power_eol_w)],
          ["battery", isNum(p.battery_wh) ? fmt(p.battery_wh / 1000) + " kWh" : "n/a"],
          ["radiator temperature", isNum(th.radiator_temperature_k) ? fmt(th.radiator_temperature_k) + " K" : "n/a"],
          ["sink temperature", isNum(th.sink_temperature_k) ? fmt(th.sink_temperature_k) + " K" : "n/a"],
          ["net radiator flux", isNum(th.radiator_net_flux_w_per_m2) ? fmt(th.radiator_net_flux_w_per_m2) + " W/m²" : "n/a"],
          ["heat pump work", fmtPower(th.heat_pump_work_w)],
        ],
      ],
      [
        "Compute",
        [
          ["accelerator", c.accelerator || "n/a"],
          ["accelerators", fmt(c.accelerators, { digits: 0 })],
          ["IT power", fmtPower(c.it_power_w)],
          ["peak (BF16)", fmtFlops(c.peak_bf16_flops)],
          ["delivered", fmtFlops(c.delivered_flops)],
        ],
      ],
      [
        "Economics, orbit vs ground",
        [
          ["capex", fmtUsd(e.capex_usd) + " vs " + fmtUsd(t.capex_usd)],
          ["opex per year", fmtUsd(e.opex_usd_per_year) + " vs " + fmtUsd(t.opex_usd_per_year)],
          ["lifetime cost (PV)", fmtUsd(e.tco_usd) + " vs " + fmtUsd(t.tco_usd)],
          ["satellite cost basis", e.cost_basis || "n/a"],
          ["per PFLOP-day, infrastructure only", fmtUsd(e.infrastructure_usd_per_pflop_day) + " vs " + fmtUsd(t.infrastructure_usd_per_pflop_day)],
          ["energy only, per MWh to the chips", fmtUsd(e.energy_usd_per_mwh) + " vs " + fmtUsd(t.energy_usd_per_mwh)],
          ["all infrastructure, per MWh to the chips", fmtUsd(e.infrastructure_usd_per_mwh) + " vs " + fmtUsd(t.infrastructure_usd_per_mwh)],
          ["per accelerator-hour", fmtUsd(e.usd_per_accelerator_hour) + " vs " + fmtUsd(t.usd_per_accelerator_hour)],
        ],
      ],
      [
        "Environment",
        [
          ["CO₂e, orbit", isNum(e.co2e_kg) ? fmt(e.co2e_kg / 1000, { digits: 0 }) + " t" : "n/a"],
          ["CO₂e, ground", isNum(t.co2e_kg) ? fmt(t.co2e_kg / 1000, { digits: 0 }) + " t" : "n/a"],
          ["CO₂e avoided", isNum(env.co2e_avoided_kg) ? fmt(env.co2e_avoided_kg / 1000, { digits: 0 }) + " t" : "n/a"],
          ["water avoided", isNum(env.water_avoided_m3) ? fmt(env.water_avoided_m3, { digits: 0 }) + " m³" : "n/a"],
        ],
      ],
    ];
    const parity = (s.breakeven && s.breakeven.parity) || {};
    const parityRows = Object.keys(parity).filter((k) => !parity[k].inert).map((k) => {
      const d = parity[k];
      return [
        d.label || k,
        (isNum(d.parity) ? fmt(d.parity) + " " + d.unit : "none in range") + " (now " + fmt(d.current) + " " + d.unit + ")",
      ];
    });
    if (parityRows.length) groups.push(["Value at which orbit matches ground", parityRows]);

    const box = $("details");
    box.textContent = "";
    for (const [title, rows] of groups) {
      const table = document.createElement("table");
      table.className = "kv";
      const cap = document.createElement("caption");
      cap.textContent = title;
      table.append(cap);
      const tbody = document.createElement("tbody");
      for (const [k, v] of rows) {
        const tr = document.createElement("tr");
        const th = document.createElement("th");
        th.scope = "row";
        th.textContent = k;
        const td = document.createElement("td");
        td.textContent = v;
        tr.append(th, td);
        tbody.append(tr);
      }
      table.append(tbody);
      box.append(table);
    }
  }

  // ---------------------------------------------------------------- rendering: charts
  const PLOT_CONFIG = { displaylogo: false, responsive: true, modeBarButtonsToRemove: ["lasso2d", "select2d"] };
  const COLORS = { orbit: "#3b5bdb", ground: "#e8590c" };

  function baseLayout(extra) {
    return Object.assign(
      {
        margin: { l: 60, r: 20, t: 10, b: 50 },
        paper_bgcolor: "rgba(0,0,0,0)",
        plot_bgcolor: "rgba(0,0,0,0)",
        font: { family: "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif", size: 12, color: "#1f2933" },
        separators: ".,",
        hoverlabel: { font: { family: "system-ui, sans-serif" } },
      },
      extra
    );
  }

  function plot(id, data, layout) {
    if (!window.Plotly) return;
    window.Plotly.react($(id), data, baseLayout(layout), PLOT_CONFIG);
  }

  function renderCharts(s) {
    // mass breakdown of one satellite
    const bd = (s.mass && s.mass.breakdown_kg) || {};
    const names = Object.keys(bd).filter((k) => isNum(bd[k]));
    names.sort((a, b) => bd[a] - bd[b]);
    plot(
      "chart-mass",
      [
        {
          type: "bar",
          orientation: "h",
          y: names.map(pretty),
          x: names.map((k) => bd[k]),
          marker: { color: COLORS.orbit },
          text: names.map((k) => fmt(bd[k], { digits: 0 }) + " kg"),
          textposition: "auto",
          hovertemplate: "%{y}: %{x:,.0f} kg<extra></extra>",
        },
      ],
      { xaxis: { title: { text: "kg per satellite" }, tickformat: ",.0f" }, margin: { l: 170, r: 20, t: 10, b: 50 } }
    );

    // lifetime cost (present value), orbit vs ground, stacked by what it buys
    const orbitParts = (s.economics && s.economics.tco_breakdown_usd) || {};
    const groundParts = (s.terrestrial && s.terrestrial.tco_breakdown_usd) || {};
    const palette = ["#3b5bdb", "#74c0fc", "#f08c00", "#868e96", "#2f9e44", "#8ce99a"];
    const hover = "%{x}, %{fullData.name}: $%{y:,.1f} million<extra></extra>";
    const parts = [
      ...Object.keys(orbitParts).map((k) => [k, [orbitParts[k], null]]),
      ...Object.keys(groundParts).map((k) => [k, [null, groundParts[k]]]),
    ];
    plot(
      "chart-cost",
      parts.map(([name, ys], i) => ({
        type: "bar",
        name: name,
        x: ["Orbit", "Ground"],
        y: ys.map((v) => (isNum(v) ? v / 1e6 : null)),
        marker: { color: palette[i % palette.length] },
        hovertemplate: hover,
      })),
      {
        barmode: "stack",
        yaxis: { title: { text: "million USD" }, tickformat: ",.0f" },
        legend: { orientation: "h", y: -0.15 },
        margin: { l: 70, r: 20, t: 10, b: 90 },
      }
    );

    // delivered compute waterfall, PFLOP/s
    const wf = (s.compute && s.compute.waterfall_flops) || {};
    const steps = Object.keys(wf).filter((k) => isNum(wf[k]));
    const labels = [];
    const values = [];
    const measure = [];
    const texts = [];
    steps.forEach((k, i) => {
      labels.push(k);
      measure.push(i === 0 ? "absolute" : "relative");
      const v = i === 0 ? wf[k] / 1e15 : (wf[k] - wf[steps[i - 1]]) / 1e15;
      values.push(v);
      texts.push(i === 0 ? fmt(v, { digits: 0 }) : v === 0 ? "no loss" : (v > 0 ? "+" : "−") + fmt(Math.abs(v), { digits: 0 }));
    });
    if (steps.length) {
      labels.push("delivered");
      measure.push("total");
      values.push(0);
      texts.push(fmt(wf[steps[steps.length - 1]] / 1e15, { digits: 0 }));
    }
    plot(
      "chart-waterfall",
      [
        {
          type: "waterfall",
          x: labels,
          y: values,
          measure: measure,
          connector: { line: { color: "#adb5bd" } },
          increasing: { marker: { color: "#2f9e44" } },
          decreasing: { marker: { color: "#e03131" } },
          totals: { marker: { color: COLORS.orbit } },
          text: texts,
          textposition: "outside",
          cliponaxis: false,
          hovertemplate: "%{x}: %{y:,.1f} PFLOP/s<extra></extra>",
        },
      ],
      { yaxis: { title: { text: "PFLOP/s" }, tickformat: ",.0f" }, showlegend: false }
    );
  }

  // ---------------------------------------------------------------- compare view
  function scheduleCompare(delay) {
    clearTimeout(compareTimer);
    compareTimer = setTimeout(runCompare, delay);
  }

  async function runCompare() {
    const seq = ++compareSeq;
    const body = { presets: presets.map((p) => p.name), overrides: overrideStrings() };
    $("compare-note").textContent = "Computing every preset…";
    try {
      const data = await (await api("POST", "/api/compare", body)).json();
      if (seq < compareShown) return;
      compareShown = seq;
      compareResults = data.results || [];
      if (state.tab === "compare") renderCompare(compareResults);
    } catch (e) {
      if (seq < compareShown) return;
      compareShown = seq;
      showError(e);
      $("compare-note").textContent = "Compare failed: " + e.message;
    }
  }

  function renderCompare(results) {
    const rows = results.map((s, i) => ({ name: presets[i] ? presets[i].name : s.scenario, s: s, current: !state.scenario && presets[i] && presets[i].name === state.preset }));
    if (state.scenario && lastSummary) rows.push({ name: "edited: " + (state.scenario.name || "scenario"), s: lastSummary, current: true });
    const changedLevers = levers.filter((l) => isNum(state.overrides[l.path])).map((l) => l.label + " " + fmt(state.overrides[l.path]) + " " + l.unit);
    $("compare-note").textContent =
      "Every preset" + (state.scenario ? " and your edited scenario" : "") + ", with " +
      (changedLevers.length ? "these lever settings: " + changedLevers.join(", ") + "." : "each preset's own lever values.");

    const tbody = $("compare-table").querySelector("tbody");
    tbody.textContent = "";
    for (const row of rows) {
      const s = row.s;
      const tr = document.createElement("tr");
      if (row.current) tr.className = "current";
      const th = document.createElement("th");
      th.scope = "row";
      if (presets.some((p) => p.name === row.name)) {
        const btn = document.createElement("button");
        btn.type = "button";
        btn.className = "link";
        btn.textContent = row.name;
        btn.title = "Open " + row.name + " in the Design view";
        btn.addEventListener("click", () => {
          state.preset = row.name;
          state.scenario = null;
          editorLoadedFor = null;
          renderSource();
          if ($("editor").open) loadEditor(true);
          selectTab("design", true);
          changed({ now: true });
        });
        th.append(btn);
      } else th.textContent = row.name;
      const r = ratioOf(s);
      const f = s.feasibility || {};
      const cells = [
        fmtUsd(s.economics && s.economics.usd_per_pflop_day),
        fmtUsd(s.terrestrial && s.terrestrial.usd_per_pflop_day),
        ratioText(r),
        breakevenText(s),
        s.constellation && isNum(s.constellation.satellites) ? fmt(s.constellation.satellites, { digits: 0 }) : "n/a",
        fmtMass(s.mass && s.mass.total_kg),
        s.launch && isNum(s.launch.launches) ? fmt(s.launch.launches, { digits: 0 }) : "n/a",
        s.compute && s.compute.binding_limit ? pretty(s.compute.binding_limit) : "n/a",
        f.feasible ? "yes" : "no",
      ];
      tr.append(th);
      cells.forEach((text, i) => {
        const td = document.createElement("td");
        td.textContent = text;
        if (i === 8 && !f.feasible) {
          td.className = "bad";
          td.title = (f.reasons || []).join("\n");
        }
        tr.append(td);
      });
      tbody.append(tr);
    }

    const names = rows.map((r) => r.name);
    const val = (x) => (isNum(x) && x > 0 ? x : null);
    // one bar per preset and side: orbit's cost is in the summary's economics, the ground's in terrestrial
    const sections = { orbit: "economics", ground: "terrestrial" };
    plot(
      "chart-compare",
      Object.entries(sections).map(([side, section]) => ({
        type: "bar",
        name: side,
        x: names,
        y: rows.map((r) => val(r.s[section] && r.s[section].usd_per_pflop_day)),
        marker: { color: COLORS[side] },
        hovertemplate: `%{x}, ${side}: $%{y:,.2f} per PFLOP-day<extra></extra>`,
      })),
      {
        barmode: "group",
        yaxis: { type: "log", title: { text: "USD per PFLOP-day" }, dtick: 1, tickformat: "$,~g" },
        legend: { orientation: "h", y: 1.1 },
        margin: { l: 70, r: 20, t: 30, b: 60 },
      }
    );
  }

  // ---------------------------------------------------------------- orbit view
  function scheduleOrbit(delay) {
    clearTimeout(orbitTimer);
    orbitTimer = setTimeout(runOrbit, delay);
  }

  async function runOrbit() {
    const body = designBody();
    const key = JSON.stringify(body);
    if (key === orbitKey) return;
    orbitKey = key;
    $("orbit-note").textContent = "Simulating a few orbits with positions…";
    try {
      const data = await (await api("POST", "/api/orbit", body)).json();
      if (key !== orbitKey) return; // a newer request is on its way
      const f = data.figures || {};
      const views = [["chart-ground-tracks", f.ground_tracks], ["chart-constellation-3d", f.constellation_3d], ["chart-illumination", f.illumination]];
      for (const [id, fig] of views) {
        if (fig && window.Plotly) window.Plotly.react($(id), fig.data, Object.assign({}, fig.layout, { title: null, paper_bgcolor: "rgba(0,0,0,0)" }), PLOT_CONFIG);
      }
      $("orbit-note").textContent = "From a short simulation with positions around the year's longest eclipse (orbital period " + fmt(data.period_min, { digits: 1 }) + " min). The same views are in the report; skyrack simulate --positions and skyrack export write them as OEM, CZML or KML.";
    } catch (e) {
      if (key !== orbitKey) return;
      orbitKey = null;
      $("orbit-note").textContent = "No orbit views: " + e.message;
    }
  }

  // ---------------------------------------------------------------- tabs
  function selectTab(name, user) {
    state.tab = TABS.includes(name) ? name : "design";
    for (const t of TABS) {
      const tab = $("tab-" + t);
      const on = t === state.tab;
      tab.setAttribute("aria-selected", on ? "true" : "false");
      tab.tabIndex = on ? 0 : -1;
      $("panel-" + t).hidden = !on;
    }
    if (state.tab === "orbit") scheduleOrbit(0);
    if (state.tab === "compare") {
      if (compareResults) renderCompare(compareResults);
      else scheduleCompare(0);
    } else if (chartsPending && lastSummary) {
      chartsPending = false;
      renderCharts(lastSummary);
    }
    // charts drawn earlier may have missed a window resize while hidden
    if (window.Plotly) {
      document.querySelectorAll("#panel-" + state.tab + " .js-plotly-plot").forEach((el) => {
        const done = window.Plotly.Plots.resize(el);
        if (done && done.catch) done.catch(() => {});
      });
    }
    if (user) syncUrl();
  }

  function wireTabs() {
    for (const t of TABS) {
      const tab = $("tab-" + t);
      tab.addEventListener("click", () => selectTab(t, true));
      tab.addEventListener("keydown", (ev) => {
        if (ev.key !== "ArrowRight" && ev.key !== "ArrowLeft") return;
        const i = TABS.indexOf(t);
        const next = TABS[(i + (ev.key === "ArrowRight" ? 1 : TABS.length - 1)) % TABS.length];
        selectTab(next, true);
        $("tab-" + next).focus();
        ev.preventDefault();
      });
    }
  }

  // ---------------------------------------------------------------- report and share
  function reportName() {
    const base = state.scenario ? state.scenario.name || "scenario" : state.preset;
    return "skyrack-" + String(base).replace(/[^A-Za-z0-9_.-]+/g, "-") + ".html";
  }

  async function downloadReport() {
    const button = $("download-report");
    button.disabled = true;
    const old = button.textContent;
    button.textContent = "Building report…";
    setStatus("Building the report (a few seconds)…");
    try {
      const blob = await (await api("POST", "/api/report", designBody())).blob();
      const url = URL.createObjectURL(blob);
      const a = document.createElement("a");
      a.href = url;
      a.download = reportName();
      document.body.append(a);
      a.click();
      a.remove();
      setTimeout(() => URL.revokeObjectURL(url), 10000);
      setStatus("Report downloaded as " + reportName());
    } catch (e) {
      showError(e);
      setStatus("The report failed");
    } finally {
      button.disabled = false;
      button.textContent = old;
    }
  }

  async function copyLink() {
    syncUrl();
    const field = $("share-link");
    const link = field.value;
    let copied = false;
    if (navigator.clipboard && window.isSecureContext) {
      try {
        await navigator.clipboard.writeText(link);
        copied = true;
      } catch (e) {
        copied = false;
      }
    }
    if (!copied) {
      field.focus();
      field.select();
      try {
        copied = document.execCommand("copy");
      } catch (e) {
        copied = false;
      }
    }
    $("share-status").textContent = copied
      ? "Link copied to the clipboard."
      : "The clipboard is not available here: the link is selected in the box above, copy it from there.";
    field.focus();
    field.select();
  }

  // ---------------------------------------------------------------- claim check (POST /api/check)
  async function checkClaim(ev) {
    ev.preventDefault();
    const text = $("claim-text").value.trim();
    const out = $("claim-result");
    out.textContent = "Checking…";
    try {
      const resp = await api("POST", "/api/check", Object.assign(designBody(), { claims: text ? [text] : [] }));
      out.textContent = "";
      for (const v of (await resp.json()).verdicts) {
        const box = document.createElement("div");
        box.className = "alert " + (v.verdict === "holds" ? "ok" : v.verdict === "does not hold" ? "error" : "warning");
        const head = document.createElement("p");
        const strong = document.createElement("strong");
        strong.textContent = v.verdict + ": ";
        head.append(strong, document.createTextNode(v.summary));
        if (v.claim) head.prepend(document.createTextNode("“" + v.claim.statement + "” (" + v.claim.by + ", " + v.claim.date + ") "));
        const list = document.createElement("ul");
        for (const line of v.reasoning) {
          const li = document.createElement("li");
          li.textContent = line;
          list.append(li);
        }
        box.append(head, list);
        out.append(box);
      }
    } catch (e) {
      out.textContent = (e.status ? "Not accepted (HTTP " + e.status + "): " : "Problem: ") + e.message;
    }
  }

  // ---------------------------------------------------------------- start
  async function start() {
    try {
      const [p, l] = await Promise.all([api("GET", "/api/presets"), api("GET", "/api/levers")]);
      presets = await p.json();
      levers = await l.json();
    } catch (e) {
      showError("cannot load presets and levers: " + e.message);
      setStatus("Error");
      return;
    }
    renderPresets();
    buildLevers();
    wireTabs();

    $("preset").addEventListener("change", () => {
      state.preset = $("preset").value;
      state.scenario = null;
      editorLoadedFor = null;
      renderSource();
      if ($("editor").open) loadEditor(true);
      changed({ now: true });
    });
    $("editor").addEventListener("toggle", () => {
      if ($("editor").open) loadEditor(false);
    });
    $("scenario-apply").addEventListener("click", applyEditedScenario);
    $("scenario-revert").addEventListener("click", revertToPreset);
    $("reset-all").addEventListener("click", () => {
      state.overrides = {};
      for (const lever of levers) positionLever(lever.path, lastLeverValues[lever.path]);
      changed({ now: true });
    });
    $("download-report").addEventListener("click", downloadReport);
    $("claim-form").addEventListener("submit", checkClaim);
    $("copy-link").addEventListener("click", copyLink);
    $("share-link").addEventListener("focus", () => $("share-link").select());
    window.addEventListener("hashchange", () => {
      if (location.hash.slice(1) === lastFragment) return;
      const problems = applyFragment(location.hash);
      compareResults = null;
      changed({ now: true });
      notice = problems.length ? "this link could not be restored in full: " + problems.join("; ") : null;
      showError(notice);
    });
    if (!window.Plotly) showError("the chart library (/static/vendor/plotly.min.js) did not load; numbers still work");

    const problems = applyFragment(location.hash);
    changed({ now: true });
    notice = problems.length ? "this link could not be restored in full: " + problems.join("; ") : null;
    showError(notice);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start);
  else start();
})();
