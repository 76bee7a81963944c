// Keyboard shortcuts: Ctrl+Enter (⌘+Enter) submits the answer; 1–4 rate it.

import { rate } from "./rating.js";

// Ctrl+Enter in the answer box presses "Submit answer", as a person would.
export function submitOnCtrlEnter(textarea, submitter) {
  textarea.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      event.preventDefault();
      submitter.byHand();
    }
  });
}

// Page-wide listeners for the rating keys; call once per page.
export function listenForRatingKeys() {
  // A key pressed while the page is still swapping (the reveal just arriving) waits for it
  // to settle: pressed at once, the button's htmx wiring may not be there yet.
  let waitingKey = null;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !/^[1-4]$/.test(event.key)) {
      return;
    }
    if (event.target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    if (!document.documentElement.hasAttribute("data-ready")) {
      waitingKey = event.key;
      event.preventDefault();
    } else if (rate(event.key)) {
      event.preventDefault();
    }
  });
  // site.js announces the page is live again (<html data-ready>) with "page:ready".
  document.addEventListener("page:ready", function () {
    if (waitingKey !== null) {
      const key = waitingKey;
      waitingKey = null;
      rate(key);
    }
  });
}
