// The live parts of answering and reviewing questions, one module per idea; this file
// wires them up. Without JavaScript the pages still work; only the countdown stands still.
//
// A module runs once per page load, after htmx and site.js (all are deferred, in document
// order) and before DOMContentLoaded. Page-wide listeners are added here, once; parts that
// belong to an element are set up when it appears, on load and after every htmx swap
// (`setUp`), each marking its element so it is set up only once. A new part (the voice
// recorder, say) is one more module and one more line in `setUpAnswerForm` or `setUp`.

import { setUpDraftStore } from "./draft-store.js";
import { listenForRatingKeys, submitOnCtrlEnter } from "./keys.js";
import { forgetSubmittedCopy, offerUnsentText, restoreLocalText } from "./local-copy.js";
import { listenForRating } from "./rating.js";
import { reserveStickyRoom } from "./sticky.js";
import { confirmEmptySubmit, submitterFor } from "./submit.js";
import { startCountdown } from "./timer.js";

// The question page's answer form: saving, the keys, the timer, this device's copy.
function setUpAnswerForm() {
  const form = document.getElementById("answer-form");
  if (!form || form.dataset.ready) {
    return;
  }
  form.dataset.ready = "1";
  const panel = document.getElementById("question-panel");
  const textarea = form.querySelector("textarea[name=text]");
  const submitter = submitterFor(form);
  const sendEarlyText = setUpDraftStore({ form, panel, textarea, submitter });
  submitOnCtrlEnter(textarea, submitter);
  confirmEmptySubmit(textarea, submitter);
  startCountdown(submitter.byTheTimer);
  restoreLocalText(form, panel, textarea, Number(form.dataset.revision || 0));
  sendEarlyText();
}

function setUp() {
  setUpAnswerForm();
  offerUnsentText();
  reserveStickyRoom();
}

listenForRatingKeys();
listenForRating();

document.addEventListener("htmx:afterSettle", function () {
  forgetSubmittedCopy();
  offerUnsentText();
});

// A page shown again from the back/forward cache may be stale: ask the server.
window.addEventListener("pageshow", function (event) {
  if (event.persisted && document.getElementById("question-panel")) {
    window.location.reload();
  }
});

document.addEventListener("DOMContentLoaded", setUp);
document.addEventListener("htmx:load", setUp);
