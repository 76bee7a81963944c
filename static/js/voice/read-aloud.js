// Reading the question aloud with the browser's speech synthesis, in a voice of the
// question's language. Where the browser has none, the button stays hidden and the panel
// says so once: Chinese is never read with an English voice.

// How long to wait for the browser's voices to load before saying there are none.
const VOICES_WAIT_MS = 2000;

function tag(voice) {
  return (voice.lang || "").toLowerCase().replace(/_/g, "-");
}

// The best voice for `lang` ("zh-CN", "en-US"), or null: the exact tag, then the same
// language elsewhere (for Chinese only Mandarin: zh-CN, zh-SG, zh-TW, never Cantonese).
export function voiceFor(voices, lang) {
  const wanted = lang.toLowerCase();
  const language = wanted.split("-")[0];
  const local = voices.filter((voice) => voice.localService !== false);
  const exact = (list) => list.find((voice) => tag(voice) === wanted);
  if (language === "zh") {
    const mandarin = (voice) => /^(zh|cmn)(-(cn|hans|sg|tw|hant))*$/.test(tag(voice));
    return exact(local) || exact(voices) || voices.find(mandarin) || null;
  }
  const same = (voice) => tag(voice).split("-")[0] === language;
  return exact(local) || exact(voices) || local.find(same) || voices.find(same) || null;
}

// Returns `toggle()` (for the key), or null where nothing can be read.
export function setUpReadAloud(view, questionText) {
  const panel = view.panel;
  const button = view.read;
  const lang = panel.dataset.lang;
  const synth = window.speechSynthesis;
  let voice = null;
  let told = false;

  function sayMissing() {
    if (!voice && !told) {
      told = true;
      view.note("read", panel.dataset.msgNoVoice);
    }
  }
  if (!synth || !window.SpeechSynthesisUtterance) {
    sayMissing();
    return null;
  }

  function look() {
    voice = voiceFor(synth.getVoices(), lang);
    button.hidden = !voice;
    return voice;
  }
  if (!look()) {
    synth.addEventListener("voiceschanged", look);
    window.setTimeout(sayMissing, VOICES_WAIT_MS);
  }

  function label(speaking) {
    button.textContent = panel.dataset[speaking ? "labelStopReading" : "labelRead"];
    button.setAttribute("aria-pressed", speaking ? "true" : "false");
  }

  function toggle() {
    if (!voice) {
      sayMissing();
      return;
    }
    if (synth.speaking) {
      synth.cancel();
      label(false);
      return;
    }
    const utterance = new SpeechSynthesisUtterance(questionText());
    utterance.voice = voice;
    utterance.lang = voice.lang || lang;
    utterance.addEventListener("end", () => label(false));
    utterance.addEventListener("error", () => label(false));
    label(true);
    synth.speak(utterance);
  }
  button.addEventListener("click", toggle);
  return toggle;
}
