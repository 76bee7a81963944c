// Rating an answer: which rating form the keys act on, the nudge to rate before moving
// on, and where focus goes after the reveal and after a rating.

// Keys 1–4 rate: the answer in focus on the summary, or the only one on the page.
function ratingForm() {
  const active = document.activeElement;
  const holder = active && active.closest && active.closest(".review-item");
  if (holder) {
    return holder.querySelector("form.rating");
  }
  const forms = document.querySelectorAll("form.rating");
  return forms.length === 1 ? forms[0] : null;
}

// Presses the rating button for `key` ("1"–"4"); says whether there was one to press.
export function rate(key) {
  const form = ratingForm();
  const button = form && form.querySelector('[data-rating-key="' + key + '"]');
  if (button) {
    button.click();
  }
  return Boolean(button);
}

// Page-wide listeners; call once per page.
export function listenForRating() {
  // On the summary, clicking into an answer's card puts the keys on it.
  document.addEventListener("click", function (event) {
    const card = event.target.closest(".review-item");
    if (card && !event.target.closest("a, button, input, textarea, select, summary")) {
      card.focus({ preventScroll: true });
    }
  });

  // Moving on from an answer not rated yet: say once why rating matters, then let go.
  document.addEventListener("click", function (event) {
    const link = event.target.closest("a[data-unrated]");
    if (!link || link.dataset.nudged) {
      return;
    }
    const form = ratingForm();
    if (!form || form.querySelector('[aria-pressed="true"].rating-button')) {
      return;
    }
    event.preventDefault();
    document.querySelectorAll("a[data-unrated]").forEach(function (other) {
      other.dataset.nudged = "1";
    });
    let note = form.querySelector("[data-rate-nudge]");
    if (!note) {
      note = document.createElement("p");
      note.className = "message message-warning";
      note.setAttribute("role", "status");
      note.setAttribute("data-rate-nudge", "");
      form.appendChild(note);
    }
    note.textContent = document.body.dataset.msgRateFirst;
    const first = form.querySelector(".rating-button");
    if (first) {
      first.focus();
    }
  });

  // After the answer is swapped for the reveal, put focus on its heading; after a
  // rating, on "next", so Enter carries on.
  document.addEventListener("htmx:afterSwap", function (event) {
    const target = event.detail.target;
    const heading = document.getElementById("question-title");
    if (target && target.id === "question-panel" && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    } else if (target && target.classList.contains("rating")) {
      if (target.querySelector('[aria-pressed="true"].rating-button')) {
        document.querySelectorAll("a[data-unrated]").forEach(function (link) {
          link.removeAttribute("data-unrated");
        });
      }
      const next = document.querySelector(".next-actions a");
      if (next && document.querySelectorAll("form.rating").length === 1) {
        next.focus();
      }
    }
  });
}
