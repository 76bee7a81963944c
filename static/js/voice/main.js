// The recorder on the answer page (templates/voice/_recorder.html), one module per idea;
// this file wires them up. The interview's own scripts know nothing of it: they announce
// `interview:submitting` and `interview:time-up` on document, and the recorder stops and
// sends what is left.
//
// Keys: Alt+R records and stops, Alt+L reads the question aloud. Alt (Option) with a
// letter clashes with neither the page's keys (Ctrl+Enter, 1–4) nor typing in the answer
// box, and R and L open no browser menu.

import { setUpDictation } from "./dictation.js";
import { setUpReadAloud } from "./read-aloud.js";
import { createSession } from "./session.js";
import { createView } from "./view.js";

let current = null; // the recorder on the page: {panel, session, readAloud}

function setUp() {
  const panel = document.querySelector("[data-voice-recorder]");
  if (!panel || panel.dataset.ready) {
    return;
  }
  panel.dataset.ready = "1";
  const view = createView(panel);
  const session = createSession(panel, view);
  const form = panel.closest("form");
  const textarea = form && form.querySelector("textarea[name=text]");
  const title = document.getElementById("question-title");

  view.record.addEventListener("click", () => session.start());
  view.stop.addEventListener("click", () => session.stop("user"));
  view.pause.addEventListener("click", () => session.togglePause());
  const readAloud = setUpReadAloud(view, () => (title ? title.textContent.trim() : ""));
  setUpDictation(view, textarea);
  current = { panel: panel, session: session, readAloud: readAloud };

  session.load().then(function () {
    // Speaking first: Record takes the focus the answer box had, until one types.
    const untouched = textarea && document.activeElement === textarea && !textarea.value;
    if (panel.dataset.mode === "speak" && untouched && !view.record.disabled) {
      view.record.focus();
    }
  });
}

document.addEventListener("keydown", function (event) {
  if (!current || !event.altKey || event.ctrlKey || event.metaKey || event.shiftKey) {
    return;
  }
  if (!document.body.contains(current.panel)) {
    return; // the answer was submitted: its recorder is gone
  }
  // `code`, not `key`: Option+R types "®" on a Mac.
  if (event.code === "KeyR") {
    event.preventDefault();
    current.session.toggle();
  } else if (event.code === "KeyL" && current.readAloud) {
    event.preventDefault();
    current.readAloud();
  }
});

// Submit (by hand, key or timer), Skip, End, or the time running out: stop and send.
["interview:submitting", "interview:time-up"].forEach(function (name) {
  document.addEventListener(name, function () {
    if (current) {
      current.session.stop("submit");
    }
  });
});

if (document.readyState === "loading") {
  document.addEventListener("DOMContentLoaded", setUp);
} else {
  setUp();
}
document.addEventListener("htmx:load", setUp);
