// This device's copy of an answer's text, kept until the server confirms it has it, and
// what the page offers when it finds such a copy: put it back, or send it after all.

import { local } from "../local-drafts.js";

// draft-store.js reaches the copies through this module; ../local-drafts.js decides whose
// they are and when they go.
export { local };

function showNotice(panel, text, extra) {
  const box = panel.querySelector("[data-local-notice]");
  if (!box) {
    return;
  }
  box.replaceChildren();
  const message = document.createElement("p");
  message.textContent = text;
  box.appendChild(message);
  if (extra) {
    box.appendChild(extra);
  }
  box.hidden = false;
}

// Reopened after the text typed here never reached the server: put it back (when it is
// newer than what the server holds) or offer it (when the server holds newer text).
export function restoreLocalText(form, panel, textarea, baseRevision) {
  const key = panel.dataset.draftKey;
  const entry = local.read(key);
  if (!entry || typeof entry.text !== "string") {
    return;
  }
  const when = new Date(entry.at).toLocaleString();
  if (entry.text === textarea.value) {
    // The server has this text already (a beacon got through); a Submit pressed while
    // offline is still owed.
    if (entry.submit) {
      showNotice(panel, form.dataset.msgPendingSubmit.replace("{when}", when));
    } else {
      local.forget(key);
    }
    return;
  }
  if (entry.at > baseRevision || !textarea.value) {
    textarea.value = entry.text;
    showNotice(
      panel,
      (entry.submit ? form.dataset.msgRestoredSubmit : form.dataset.msgRestored).replace(
        "{when}",
        when
      )
    );
    return; // the caller sees text differing from the server's and saves it
  }
  const use = document.createElement("button");
  use.type = "button";
  use.className = "button";
  use.textContent = form.dataset.msgUseLocal;
  use.addEventListener("click", function () {
    textarea.value = entry.text;
    local.write(key, { text: entry.text, at: Date.now(), submit: false });
    htmx.trigger(textarea, "draft-unsaved");
    panel.querySelector("[data-local-notice]").hidden = true;
  });
  showNotice(panel, form.dataset.msgOtherLocal.replace("{when}", when), use);
}

// The answer as the server has it, as the reveal shows it.
function shownAnswer(panel) {
  const shown = panel.querySelector(".user-answer");
  return shown ? shown.textContent : "";
}

// The answer is already done here, yet this device kept text the server never got.
export function offerUnsentText() {
  const panel = document.getElementById("question-panel");
  const holder = panel && panel.querySelector("[data-unsent]");
  if (!holder || holder.dataset.ready) {
    return;
  }
  holder.dataset.ready = "1";
  const key = panel.dataset.draftKey;
  const entry = local.read(key);
  if (!entry || !entry.text || entry.text === shownAnswer(panel)) {
    local.forget(key);
    return;
  }
  holder.querySelector("textarea").value = entry.text;
  const hidden = holder.querySelector("[data-unsent-text]");
  if (hidden) {
    hidden.value = entry.text;
  }
  const revision = holder.querySelector("[name=revision]");
  if (revision) {
    revision.value = String(Math.max(entry.at, Number(revision.value || 0) + 1));
  }
  holder.querySelector("[data-discard]").addEventListener("click", function () {
    local.forget(key);
    holder.hidden = true;
  });
  holder.hidden = false;
}

// The submit went through: the reveal replaced the form, so this device's copy can go.
export function forgetSubmittedCopy() {
  const panel = document.getElementById("question-panel");
  if (panel && !document.getElementById("answer-form") && panel.dataset.draftKey) {
    const entry = local.read(panel.dataset.draftKey);
    if (entry && entry.text === shownAnswer(panel)) {
      local.forget(panel.dataset.draftKey);
    }
  }
}
