// What the recorder panel shows: which buttons, the recorded time, the status lines. Its
// strings come from the panel's data-msg-* and data-label-* attributes (translated there).

const RECORDING = ["recording", "paused"];

function pad(number) {
  return String(number).padStart(2, "0");
}

// 83000 -> "01:23"
export function clock(ms) {
  const seconds = Math.max(0, Math.floor(ms / 1000));
  return pad(Math.floor(seconds / 60)) + ":" + pad(seconds % 60);
}

// The panel's string `name` (a dataset key) with {placeholders} filled in.
export function message(panel, name, values = {}) {
  return (panel.dataset[name] || "").replace(/\{(\w+)\}/g, function (whole, key) {
    return key in values ? String(values[key]) : whole;
  });
}

export function createView(panel) {
  const find = (selector) => panel.querySelector(selector);
  const record = find("[data-voice-record]");
  const pause = find("[data-voice-pause]");
  const stop = find("[data-voice-stop]");
  const elapsed = find("[data-voice-elapsed]");
  const status = find("[data-voice-status]");
  const error = find("[data-voice-error]");
  // A control that had the focus when it was disabled, and whether it showed it (keyboard).
  let lostFocus = null;

  return {
    panel: panel,
    record: record,
    pause: pause,
    stop: stop,
    level: find("[data-voice-level]"),
    read: find("[data-voice-read]"),
    dictate: find("[data-voice-dictate]"),
    dictateHint: find("[data-voice-dictate-hint]"),

    // loading, idle, asking, recording, paused, saving, saved, failed, unsupported
    setState: function (state) {
      const active = document.activeElement;
      const nowhere = !active || active === document.body;
      const hadFocus = panel.contains(active)
        ? { element: active, visible: active.matches(":focus-visible") }
        : nowhere
          ? lostFocus
          : null;
      lostFocus = null;
      const live = RECORDING.includes(state);
      panel.dataset.state = state;
      record.hidden = live;
      record.disabled = ["loading", "asking", "failed", "unsupported"].includes(state);
      pause.hidden = !live;
      stop.hidden = !live;
      const paused = state === "paused";
      pause.textContent = message(panel, paused ? "labelResume" : "labelPause");
      pause.setAttribute("aria-pressed", paused ? "true" : "false");
      // The pressed button may have just been hidden or disabled (while the microphone is
      // asked for, which drops the focus): keep the focus on the panel's controls.
      const gone = hadFocus && hadFocus.element;
      if (gone && (gone.hidden || gone.disabled || gone !== active)) {
        const next = live ? stop : record;
        if (next.disabled) {
          lostFocus = hadFocus;
        } else {
          next.focus({ focusVisible: hadFocus.visible }); // a ring only after keys
        }
      }
    },
    setRecordLabel: function (continuing) {
      record.textContent = message(panel, continuing ? "labelContinue" : "labelRecord");
    },
    setElapsed: function (ms) {
      const text = clock(ms);
      if (elapsed.textContent !== text) {
        elapsed.textContent = text;
      }
    },
    status: function (text) {
      status.textContent = text;
    },
    error: function (text) {
      error.textContent = text || "";
      error.hidden = !text;
    },
    // Dictation and reading aloud say what they must on a line of their own.
    // `which`: "read" or "dictation".
    note: function (which, text) {
      find('[data-voice-note="' + which + '"]').textContent = text || "";
    },
    // For tests and curious eyes: how many chunks were recorded, and sent.
    counts: function ({ recorded, sent, bytes }) {
      panel.dataset.chunksRecorded = String(recorded);
      panel.dataset.chunksSent = String(sent);
      panel.dataset.bytesRecorded = String(bytes);
    },
  };
}
