/**
 * Runs inside QuickJS before the user's script (as "prelude.js", so error positions in the
 * user's file stay exact). It turns the few raw host functions the worker installs as
 * `__host` into the script's API and returns the tick function the worker calls each
 * frame. Nothing here reaches outside QuickJS: the host functions only draw on the
 * worker's canvas and append to the console batch.
 */
export const PRELUDE = String.raw`(function (host, W, H) {
  "use strict";
  let frameFn = null;
  let keys = [];
  const pointer = { x: 0, y: 0, down: false, buttons: 0 };
  const mood = { p: 0, a: 0, d: 0, octant: "relaxed" };
  const show = (v) => {
    if (typeof v === "string") return v;
    if (typeof v === "function") return "[function]";
    try { const s = JSON.stringify(v); return s === undefined ? String(v) : s; } catch (e) { return String(v); }
  };
  const out = (level) => (...args) => { host.print(level, args.map(show).join(" ")); };
  const n = (v) => { const x = Number(v); return Number.isFinite(x) ? x : 0; };
  const api = {
    width: W,
    height: H,
    print: out("log"),
    console: { log: out("log"), info: out("log"), debug: out("log"), warn: out("warn"), error: out("error") },
    clear: (color) => host.draw(0, 0, 0, 0, 0, color === undefined ? "" : String(color)),
    fillStyle: (color) => host.draw(1, 0, 0, 0, 0, String(color)),
    strokeStyle: (color) => host.draw(2, 0, 0, 0, 0, String(color)),
    lineWidth: (w) => host.draw(3, n(w), 0, 0, 0, ""),
    fillRect: (x, y, w, h) => host.draw(4, n(x), n(y), n(w), n(h), ""),
    circle: (x, y, r) => host.draw(5, n(x), n(y), n(r), 0, ""),
    line: (x1, y1, x2, y2) => host.draw(6, n(x1), n(y1), n(x2), n(y2), ""),
    text: (s, x, y, size) => host.draw(7, n(x), n(y), size === undefined ? 16 : n(size), 0, show(s)),
    onFrame: (fn) => {
      if (typeof fn !== "function") throw new TypeError("onFrame needs a function: onFrame((t, dt) => { ... })");
      frameFn = fn;
    },
    keyDown: (key) => keys.includes(String(key)),
    pointer,
    mood,
  };
  api.fill = api.fillStyle;
  api.stroke = api.strokeStyle;
  for (const name of Object.keys(api)) globalThis[name] = api[name];
  return function tick(t, dt, px, py, buttons, keyList, p, a, d, octant) {
    pointer.x = px; pointer.y = py; pointer.buttons = buttons; pointer.down = buttons !== 0;
    keys = keyList === "" ? [] : keyList.split("\n");
    mood.p = p; mood.a = a; mood.d = d; mood.octant = octant;
    if (frameFn !== null && t >= 0) frameFn(t, dt);
    return frameFn !== null;
  };
})`;
