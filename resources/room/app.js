// The participant page: join with the code, pick a name, rate privately, see the reveal, sign.
// Plain JavaScript, no library, nothing fetched from anywhere but the facilitator's laptop.
// User text is only ever set as textContent, never parsed as markup.
"use strict";

(function () {
  const $ = (id) => document.getElementById(id);
  const store = window.sessionStorage;
  let token = store.getItem("room-token");
  let code = "";
  let state = null;
  let chosen = {};          // criterion key -> score picked on this device
  let shownRound = null;    // id of the round whose buttons are built
  let timer = null;

  function show(id, visible) { $(id).hidden = !visible; }
  function say(text) { $("message").textContent = text || ""; show("message", !!text); }

  async function call(method, path, body) {
    const headers = { "Content-Type": "application/json" };
    if (token) headers["Authorization"] = "Bearer " + token;
    let response;
    try {
      response = await fetch(path, {
        method, headers, body: body === undefined ? undefined : JSON.stringify(body),
        cache: "no-store", credentials: "omit",
      });
    } catch (e) {
      throw { status: 0, message: "The facilitator's laptop cannot be reached. Check that you are on the room's network." };
    }
    let data = {};
    try { data = await response.json(); } catch (e) { data = {}; }
    if (!response.ok) throw { status: response.status, message: data.error || "That did not work; try again." };
    return data;
  }

  // -- joining ---------------------------------------------------------------------------------
  function startJoin(message) {
    token = null;
    store.removeItem("room-token");
    if (timer) { clearInterval(timer); timer = null; }
    show("room", false); show("join", true); show("names", false);
    $("title").textContent = "Join the workshop";
    $("who").textContent = "";
    say(message);
    const fromLink = decodeURIComponent((location.hash || "").replace(/^#/, ""));
    if (fromLink && !$("code").value) $("code").value = fromLink;
  }

  $("code-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    code = $("code").value.trim();
    try {
      const data = await call("POST", "/api/people", { code });
      say("");
      $("title").textContent = data.workshop;
      const list = $("people");
      list.replaceChildren();
      for (const person of data.people) {
        const item = document.createElement("li");
        const button = document.createElement("button");
        button.type = "button";
        button.dir = "auto";
        button.textContent = person.name;
        const role = document.createElement("small");
        role.textContent = person.role;
        button.appendChild(role);
        button.disabled = person.taken;
        button.addEventListener("click", () => pick(person.id));
        item.appendChild(button);
        list.appendChild(item);
      }
      show("names", true);
    } catch (e) { say(e.message); }
  });

  async function pick(participantId) {
    try {
      const data = await call("POST", "/api/join", { code, participant: participantId });
      token = data.token;
      store.setItem("room-token", token);
      history.replaceState(null, "", location.pathname);  // the code leaves the address bar
      enterRoom();
    } catch (e) { say(e.message); }
  }

  // -- in the room -----------------------------------------------------------------------------
  function enterRoom() {
    show("join", false); show("room", true); say("");
    refresh();
    if (!timer) timer = setInterval(refresh, 2000);
  }

  async function refresh() {
    try {
      state = await call("GET", "/api/state");
      render();
    } catch (e) {
      if (e.status === 403) startJoin(e.message);
      else say(e.message);
    }
  }

  function render() {
    say("");
    $("title").textContent = state.workshop.title;
    $("who").textContent = "You are " + state.you.name;
    const round = state.round;
    show("round", !!round);
    show("waiting", !round && !state.signoff);
    if (round) renderRound(round);
    show("signoff", !!state.signoff);
    if (state.signoff) renderSignoff(state.signoff);
  }

  function renderRound(round) {
    $("need").textContent = round.need.statement || "(the need has no statement yet)";
    const requests = $("requests");
    requests.replaceChildren();
    for (const text of round.need.requests) {
      const item = document.createElement("li");
      item.dir = "auto";
      item.textContent = text;
      requests.appendChild(item);
    }
    const open = round.state === "open";
    show("rate-form", open);
    show("spread", round.state === "revealed");
    if (open && shownRound !== round.id) buildCriteria(round);
    if (open) show("sent", Object.keys(round.mine).length === round.criteria.length);
    if (round.spread) renderSpread(round.spread);
  }

  function buildCriteria(round) {
    shownRound = round.id;
    chosen = Object.assign({}, round.mine);
    const box = $("criteria");
    box.replaceChildren();
    for (const c of round.criteria) {
      const wrap = document.createElement("div");
      wrap.className = "criterion";
      const label = document.createElement("label");
      label.textContent = c.label;
      label.dir = "auto";
      const ends = document.createElement("div");
      ends.className = "ends";
      const low = document.createElement("span"); low.textContent = c.low + " — " + c.low_word;
      const high = document.createElement("span"); high.textContent = c.high + " — " + c.high_word;
      ends.append(low, high);
      const scale = document.createElement("div");
      scale.className = "scale";
      scale.setAttribute("role", "group");
      scale.setAttribute("aria-label", c.label);
      const step = c.high - c.low > 10 ? 10 : 1;
      for (let v = c.low; v <= c.high; v += step) {
        const button = document.createElement("button");
        button.type = "button";
        button.textContent = String(v);
        button.dataset.criterion = c.key;
        button.dataset.value = String(v);
        button.setAttribute("aria-pressed", String(chosen[c.key] === v));
        button.addEventListener("click", () => {
          chosen[c.key] = v;
          for (const other of scale.children) other.setAttribute("aria-pressed", String(other === button));
        });
        scale.appendChild(button);
      }
      wrap.append(label, ends, scale);
      box.appendChild(wrap);
    }
  }

  $("rate-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const round = state && state.round;
    if (!round) return;
    const missing = round.criteria.filter((c) => chosen[c.key] === undefined);
    if (missing.length) { say("Pick a number for: " + missing.map((c) => c.label).join(", ")); return; }
    $("send").disabled = true;
    try {
      await call("POST", "/api/rate", { round: round.id, ratings: chosen });
      show("sent", true);
      await refresh();
    } catch (e) {
      say(e.message);
      if (e.status === 403) startJoin(e.message);
    } finally { $("send").disabled = false; }
  });

  function renderSpread(rows) {
    const box = $("spread-rows");
    box.replaceChildren();
    for (const s of rows) {
      const row = document.createElement("div");
      row.className = "spread-row" + (s.disputed ? " disputed" : "");
      const title = document.createElement("div");
      title.textContent = s.label; title.dir = "auto";
      const figures = document.createElement("div");
      figures.className = "figures";
      figures.textContent = s.count
        ? "Median " + s.median + " · range " + s.low + "–" + s.high + " · " + s.count + " answer" + (s.count === 1 ? "" : "s")
        : "No answers";
      row.append(title, figures);
      if (s.disputed) {
        const note = document.createElement("div");
        note.className = "note";
        note.textContent = "The room disagrees most here";
        row.appendChild(note);
      }
      const named = s.answers.filter((a) => a.name);
      if (named.length) {
        const list = document.createElement("div");
        list.className = "quiet";
        list.textContent = named.map((a) => a.name + ": " + a.score).join(" · ");
        row.appendChild(list);
      }
      box.appendChild(row);
    }
  }

  // -- sign-off --------------------------------------------------------------------------------
  function renderSignoff(s) {
    $("signoff-revision").textContent = "Revision " + s.revision + " · content " + s.digest;
    const list = $("decisions");
    list.replaceChildren();
    for (const d of s.decisions) {
      const item = document.createElement("li");
      const request = document.createElement("div");
      request.dir = "auto"; request.textContent = "“" + d.request + "”";
      const decision = document.createElement("div");
      decision.className = "decision"; decision.dir = "auto";
      decision.textContent = (d.decision || "Not decided") + (d.owner ? " · " + d.owner : "");
      item.append(request, decision);
      for (const text of [d.needs.join(" · "), d.rationale, d.next_step]) {
        if (!text) continue;
        const more = document.createElement("div");
        more.className = "quiet"; more.dir = "auto"; more.textContent = text;
        item.appendChild(more);
      }
      list.appendChild(item);
    }
    show("not-ready", !s.ready);
    $("not-ready").textContent = s.blocker;
    show("sign-form", s.ready && !s.signed);
    show("signed", s.signed);
  }

  for (const radio of document.querySelectorAll("input[name=stance]")) {
    radio.addEventListener("change", () => show("note-box", radio.value !== "agree" && radio.checked));
  }

  // The drawn signature: strokes in a 0..1000 box, as the app stores them.
  const pad = $("pad");
  const strokes = [];
  let drawing = null;
  function point(event) {
    const box = pad.getBoundingClientRect();
    const x = Math.round(Math.min(1000, Math.max(0, (event.clientX - box.left) / box.width * 1000)));
    const y = Math.round(Math.min(1000, Math.max(0, (event.clientY - box.top) / box.height * 1000)));
    return [x, y];
  }
  function paint() {
    const ctx = pad.getContext("2d");
    ctx.clearRect(0, 0, pad.width, pad.height);
    ctx.strokeStyle = "#1d2430"; ctx.lineWidth = 3; ctx.lineJoin = ctx.lineCap = "round";
    for (const stroke of strokes) {
      ctx.beginPath();
      stroke.forEach(([x, y], i) => {
        const px = x / 1000 * pad.width, py = y / 1000 * pad.height;
        if (i === 0) ctx.moveTo(px, py); else ctx.lineTo(px, py);
      });
      ctx.stroke();
    }
  }
  pad.addEventListener("pointerdown", (e) => { drawing = [point(e)]; strokes.push(drawing); pad.setPointerCapture(e.pointerId); });
  pad.addEventListener("pointermove", (e) => {
    if (!drawing) return;
    const [x, y] = point(e), last = drawing[drawing.length - 1];
    if (Math.abs(x - last[0]) + Math.abs(y - last[1]) >= 4 && drawing.length < 2000) { drawing.push([x, y]); paint(); }
  });
  pad.addEventListener("pointerup", () => { drawing = null; });
  $("clear-pad").addEventListener("click", () => { strokes.length = 0; paint(); });

  $("sign-form").addEventListener("submit", async (event) => {
    event.preventDefault();
    const stance = document.querySelector("input[name=stance]:checked").value;
    const body = {
      typed_name: $("typed").value,
      stance,
      note: stance === "agree" ? "" : $("note").value,
      drawing: strokes.map((s) => s.map(([x, y]) => x + "," + y).join(" ")).join(";"),
    };
    $("sign").disabled = true;
    try {
      await call("POST", "/api/sign", body);
      await refresh();
    } catch (e) {
      say(e.message);
      if (e.status === 403) startJoin(e.message);
    } finally { $("sign").disabled = false; }
  });

  if (token) enterRoom(); else startJoin("");
})();
