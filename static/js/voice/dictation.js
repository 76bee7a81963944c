// Dictation where the browser offers speech recognition: what is said is added to the end
// of the answer box as editable text (never replacing what was typed), while the recording
// goes on. Where it is missing or fails, one line says so and nothing else changes.

const MESSAGES = {
  network: "msgDictationNetwork",
  "not-allowed": "msgDictationDenied",
  "service-not-allowed": "msgDictationDenied",
};

function recognitionType() {
  return window.SpeechRecognition || window.webkitSpeechRecognition || null;
}

// Adds `spoken` after the text in `textarea`, then tells autosave (an input event).
export function appendTranscript(textarea, spoken, lang) {
  const text = spoken.trim();
  if (!text) {
    return;
  }
  const before = textarea.value;
  // Chinese runs on without spaces; other languages get one between the pieces.
  const joiner = !before || /\s$/.test(before) || lang.startsWith("zh") ? "" : " ";
  textarea.value = before + joiner + text;
  textarea.dispatchEvent(new Event("input", { bubbles: true }));
}

export function setUpDictation(view, textarea) {
  const panel = view.panel;
  const button = view.dictate;
  const lang = panel.dataset.lang;
  const Recognition = recognitionType();
  if (!Recognition || !textarea) {
    view.note("dictation", panel.dataset.msgDictationMissing);
    panel.dataset.dictation = "missing";
    return;
  }
  button.hidden = false;
  view.dictateHint.hidden = false;
  let recognition = null;
  let failed = false;

  function label(on) {
    button.textContent = panel.dataset[on ? "labelStopDictating" : "labelDictate"];
    button.setAttribute("aria-pressed", on ? "true" : "false");
  }

  function start() {
    failed = false;
    try {
      recognition = new Recognition();
    } catch (error) {
      view.note("dictation", panel.dataset.msgDictationMissing);
      panel.dataset.dictation = "missing";
      return;
    }
    recognition.lang = lang;
    recognition.continuous = true;
    recognition.interimResults = false;
    recognition.addEventListener("result", function (event) {
      for (let index = event.resultIndex; index < event.results.length; index += 1) {
        if (event.results[index].isFinal) {
          appendTranscript(textarea, event.results[index][0].transcript, lang);
        }
      }
    });
    recognition.addEventListener("error", function (event) {
      if (event.error === "aborted" || event.error === "no-speech") {
        return; // stopped by us, or silence: nothing to say
      }
      failed = true;
      panel.dataset.dictation = "failed";
      const name = MESSAGES[event.error] || "msgDictationFailed";
      view.note("dictation", (panel.dataset[name] || "").replace("{code}", event.error));
    });
    recognition.addEventListener("end", function () {
      recognition = null;
      label(false);
      if (!failed) {
        view.note("dictation", "");
        panel.dataset.dictation = "idle";
      }
    });
    try {
      recognition.start();
    } catch (error) {
      recognition = null;
      return;
    }
    panel.dataset.dictation = "on";
    label(true);
    view.note("dictation", panel.dataset.msgDictating);
  }

  button.addEventListener("click", function () {
    if (recognition) {
      recognition.stop();
    } else {
      start();
    }
  });
}
