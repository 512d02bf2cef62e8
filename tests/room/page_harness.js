// Runs the participant page's script (resources/room/app.js) in Node against a live room
// server, with just enough of a DOM for it, and plays one participant: join, rate, see the
// reveal, sign. Not a browser (no layout, no CSS): it checks the page's logic and its use of
// the API. Usage: node page_harness.js PAGE_DIR URL CODE FACILITATOR_KEY NEED_ID NAME
"use strict";
const fs = require("fs");
const path = require("path");
const vm = require("vm");

const [pageDir, base, code, key, needId, name] = process.argv.slice(2);
const html = fs.readFileSync(path.join(pageDir, "index.html"), "utf8");
const script = fs.readFileSync(path.join(pageDir, "app.js"), "utf8");

class Element {
  constructor(tag, attrs = {}) {
    this.tagName = tag.toUpperCase();
    this.children = [];
    this.listeners = {};
    this.dataset = {};
    this.attributes = {};
    this.hidden = "hidden" in attrs;
    this.value = "";
    this.disabled = false;
    this.checked = "checked" in attrs;
    this._text = "";
    this.className = "";
    Object.assign(this, { id: attrs.id || "", name: attrs.name || "", type: attrs.type || "" });
    if (attrs.value !== undefined) this.value = attrs.value;
  }
  get textContent() { return this._text + this.children.map((c) => c.textContent).join(""); }
  set textContent(v) { this._text = String(v); this.children = []; }
  addEventListener(type, fn) { (this.listeners[type] = this.listeners[type] || []).push(fn); }
  fire(type, extra = {}) {
    const event = { preventDefault() {}, target: this, ...extra };
    return Promise.all((this.listeners[type] || []).map((fn) => fn(event)));
  }
  append(...nodes) { this.children.push(...nodes); }
  appendChild(node) { this.children.push(node); return node; }
  replaceChildren(...nodes) { this.children = nodes; this._text = ""; }
  setAttribute(k, v) { this.attributes[k] = String(v); }
  getAttribute(k) { return this.attributes[k]; }
  getBoundingClientRect() { return { left: 0, top: 0, width: 600, height: 200 }; }
  getContext() { return new Proxy({}, { get: () => () => {}, set: () => true }); }
  setPointerCapture() {}
  all() { return [this, ...this.children.flatMap((c) => c.all())]; }
}

const byId = {};
const radios = [];
for (const match of html.matchAll(/<(\w+)([^>]*)>/g)) {
  const attrs = {};
  for (const a of match[2].matchAll(/([\w-]+)(?:="([^"]*)")?/g)) attrs[a[1]] = a[2] === undefined ? "" : a[2];
  const element = new Element(match[1], attrs);
  if (attrs.id) byId[attrs.id] = element;
  if (attrs.name === "stance") radios.push(element);
}

let tick = null;
// The page's requests still under way, so the harness waits for them instead of for a time.
const inflight = new Set();
function track(promise) {
  inflight.add(promise);
  promise.finally(() => inflight.delete(promise)).catch(() => {});
  return promise;
}
const store = new Map();
const location = { hash: "#" + code, pathname: "/" };
const context = {
  document: {
    getElementById: (id) => byId[id] || (() => { throw new Error("no element #" + id); })(),
    createElement: (tag) => new Element(tag),
    querySelectorAll: (sel) => (sel === "input[name=stance]" ? radios : []),
    querySelector: (sel) => (sel === "input[name=stance]:checked" ? radios.find((r) => r.checked) : null),
  },
  window: { sessionStorage: { getItem: (k) => (store.has(k) ? store.get(k) : null), setItem: (k, v) => store.set(k, v), removeItem: (k) => store.delete(k) } },
  location,
  history: { replaceState() { location.hash = ""; } },
  setInterval: (fn) => { tick = fn; return 1; },
  clearInterval: () => { tick = null; },
  fetch: (url, options) => track(
    fetch(new URL(url, base), options).then((response) => ({
      ok: response.ok, status: response.status, json: () => track(response.json()),
    })),
  ),
  decodeURIComponent, JSON, Object, String, Math, Promise, console,
};
vm.createContext(context);
vm.runInContext(script, context);

async function settle() {
  for (let rounds = 0; rounds < 5; rounds++) {  // a response's handler may start another request
    while (inflight.size) await Promise.allSettled([...inflight]);
    await new Promise((resolve) => setImmediate(resolve));
  }
}
const $ = (id) => byId[id];
function check(ok, what) { if (!ok) { console.error("FAILED: " + what); process.exit(1); } }
async function facilitator(action, body) {
  const response = await fetch(new URL("/api/facilitator/" + action, base), {
    method: "POST", headers: { "Content-Type": "application/json", "X-Facilitator-Key": key },
    body: JSON.stringify(body || {}),
  });
  check(response.ok, "facilitator " + action + " " + response.status);
  return response.json();
}

(async () => {
  check(!$("join").hidden && $("code").value === code, "the join form shows with the code from the link");
  await $("code-form").fire("submit");
  await settle();
  check(!$("names").hidden, "the names to pick from show");
  const buttons = $("people").all().filter((e) => e.tagName === "BUTTON");
  const mine = buttons.find((b) => b.textContent.startsWith(name));
  check(mine && !mine.disabled, "my name is there and free");
  await mine.fire("click");
  await settle();
  check(!$("room").hidden && $("who").textContent === "You are " + name, "in the room as me");
  check(!$("waiting").hidden && $("round").hidden, "waiting for a round");

  await facilitator("open", { need: needId, criteria: ["value", "confidence"] });
  tick();
  await settle();
  check(!$("round").hidden && $("need").textContent.length > 0, "the round shows the need");
  const scale = $("criteria").all().filter((e) => e.tagName === "BUTTON");
  check(scale.length === 10 + 11, "1..10 for value and 0..100 by tens for confidence: " + scale.length);
  await $("rate-form").fire("submit");
  check($("message").textContent.startsWith("Pick a number"), "asks for every answer first");
  await scale.find((b) => b.dataset.criterion === "value" && b.dataset.value === "7").fire("click");
  await scale.find((b) => b.dataset.criterion === "confidence" && b.dataset.value === "80").fire("click");
  await $("rate-form").fire("submit");
  await settle();
  check(!$("sent").hidden, "the answer is in");

  await facilitator("reveal");
  tick();
  await settle();
  check(!$("spread").hidden && $("rate-form").hidden, "the reveal replaces the form");
  check($("spread-rows").textContent.includes("Median 7"), "the spread shows: " + $("spread-rows").textContent);

  await facilitator("signoff", { open: true });
  tick();
  await settle();
  check(!$("signoff").hidden && $("decisions").children.length > 0, "the decisions show");
  check(!$("sign-form").hidden, "the sign form shows");
  $("typed").value = "Someone else";
  await $("sign-form").fire("submit");
  await settle();
  check($("message").textContent.includes("does not match"), "a wrong name is refused: " + $("message").textContent);
  $("typed").value = name;
  await $("sign-form").fire("submit");
  await settle();
  check(!$("signed").hidden && $("sign-form").hidden, "signed");

  await facilitator("end");
  tick();
  await settle();
  check(!$("join").hidden && $("message").textContent.includes("ended"), "an ended invitation sends the device back");
  console.log("page ok");
})().catch((error) => { console.error(error); process.exit(1); });
