// Pressing "Submit answer" from a script (the keys, the timer, a retry), and asking before
// an empty answer is submitted by hand.

// The answer form's submitter: `byTimer` says who pressed last, and goes with the form.
export function submitterFor(form) {
  const button = form.querySelector("[data-submit]");
  let byTimer = false;

  function press() {
    form.querySelector("[data-by-timer]").value = byTimer ? "1" : "0";
    // A real click, not requestSubmit(button): htmx picks the button it last saw
    // clicked or focused, which could be "Skip" or "End interview".
    button.click();
  }

  return {
    button: button,
    get byTimer() {
      return byTimer;
    },
    // Again, as last time (a retry after a failed submit).
    press: press,
    byHand: function () {
      byTimer = false;
      press();
    },
    byTheTimer: function () {
      byTimer = true;
      press();
    },
  };
}

// An empty answer is submitted only after asking (once per attempt); the timer never asks.
// A panel of the form that holds an answer of its own (a recording) marks itself
// `data-answer-given`: the text may then be empty.
export function confirmEmptySubmit(textarea, submitter) {
  const button = submitter.button;
  button.addEventListener(
    "click",
    function (event) {
      const given = button.form && button.form.querySelector("[data-answer-given]");
      if (submitter.byTimer || textarea.value.trim() !== "" || given) {
        return;
      }
      if (!window.confirm(button.dataset.confirmEmpty)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );
}
