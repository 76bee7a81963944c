// Getting the answer's text to the server: autosave with rising revisions, this device's
// copy until the server has the text, retries while offline, and a beacon on leaving.

import { local } from "./local-copy.js";

const RETRY_FIRST_MS = 1000;
const RETRY_MAX_MS = 30000;
let lastRevision = 0;

// Draft revisions only rise, across reloads and tabs, so the server can drop stale saves.
function nextRevision() {
  lastRevision = Math.max(Date.now(), lastRevision + 1);
  return lastRevision;
}

// Retries with a growing pause; the network coming back retries at once.
function backoff(action) {
  let delay = RETRY_FIRST_MS;
  let pending = null;
  function run() {
    window.clearTimeout(pending);
    pending = null;
    action();
  }
  window.addEventListener("online", function () {
    if (pending !== null) {
      run();
    }
  });
  return {
    // `after` (ms): when the server said to come back (Retry-After), instead of the backoff.
    schedule: function (after) {
      if (pending === null) {
        pending = window.setTimeout(run, after || delay);
        delay = Math.min(delay * 2, RETRY_MAX_MS);
      }
    },
    reset: function () {
      window.clearTimeout(pending);
      pending = null;
      delay = RETRY_FIRST_MS;
    },
  };
}

function failed(event) {
  // No answer at all (offline, server down) or a server fault: worth trying again.
  const xhr = event.detail.xhr;
  return !event.detail.successful && (!xhr || xhr.status === 0 || xhr.status >= 500);
}

// A 503 from core/outage.py (the database is briefly down): what to say, and when to
// try again. Null for any other answer.
function unavailable(event) {
  const xhr = event.detail.xhr;
  if (!xhr || xhr.status !== 503) {
    return null;
  }
  let detail = {};
  try {
    detail = JSON.parse(xhr.getResponseHeader("HX-Trigger") || "{}")["server-unavailable"] || {};
  } catch (error) {
    // Another server's 503 (a proxy's): the offline wording and the usual backoff.
  }
  const seconds = Number(xhr.getResponseHeader("Retry-After"));
  return { saying: detail.saving, after: seconds > 0 ? seconds * 1000 : undefined };
}

// After a save or submit that did not get through: say so, and try again later.
function retryLater(event, status, offlineMessage, retry) {
  const outage = unavailable(event);
  status.textContent = (outage && outage.saying) || offlineMessage;
  retry.schedule(outage ? outage.after : undefined);
}

// Wires the answer form's saving; returns `sendEarlyText`, for the caller to run once the
// text is final (after any copy from this device is put back).
export function setUpDraftStore({ form, panel, textarea, submitter }) {
  const key = panel.dataset.draftKey;
  lastRevision = Math.max(lastRevision, Number(form.dataset.revision || 0));
  const status = document.getElementById("save-status");
  // This form says "Reconnecting…" itself; site.js need not flash its own notice.
  form.setAttribute("data-retries-itself", "");
  // What this tab last saved (or loaded), and that draft's revision. A submit sends a
  // fresh revision only if there is unsaved typing; otherwise the revision its text
  // came from, so the server can prefer a newer draft saved from another tab.
  // defaultValue is what the server sent; a browser may restore newer, unsaved text.
  let savedText = textarea.defaultValue;
  let baseRevision = Number(form.dataset.revision || 0);
  const inFlight = {}; // revision -> text, for saves not yet answered
  let submitting = false;

  function keepLocally(submit) {
    const entry = local.read(key) || {};
    local.write(key, {
      text: textarea.value,
      at: Date.now(),
      submit: Boolean(submit || (entry.submit && entry.text === textarea.value)),
    });
  }

  function confirmSaved(text) {
    const entry = local.read(key);
    if (entry && entry.text === text && !entry.submit) {
      local.forget(key);
    }
  }

  const saveRetry = backoff(function () {
    htmx.trigger(textarea, "draft-unsaved");
  });
  const submitRetry = backoff(function () {
    submitter.press();
  });

  textarea.addEventListener("input", function () {
    keepLocally(false);
  });

  document.body.addEventListener("htmx:configRequest", function (event) {
    if (event.detail.path === form.dataset.autosaveUrl) {
      const revision = nextRevision();
      inFlight[revision] = textarea.value;
      event.detail.parameters.revision = String(revision);
    } else if (event.detail.elt === form) {
      const dirty = textarea.value !== savedText;
      event.detail.parameters.revision = String(dirty ? nextRevision() : baseRevision);
      const action = event.detail.parameters.action;
      submitting = action !== "end";
      // Submit, Skip or End is on its way: other parts of the page (a recorder) stop.
      document.dispatchEvent(new CustomEvent("interview:submitting", { detail: { action } }));
      if (submitting) {
        keepLocally(true);
      }
    }
  });
  document.body.addEventListener("htmx:afterRequest", function (event) {
    const xhr = event.detail.xhr;
    const path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
    if (event.detail.elt === form && submitting) {
      submitting = false;
      if (failed(event)) {
        retryLater(event, status, form.dataset.msgSubmitOffline, submitRetry);
      } else {
        submitRetry.reset();
      }
      return;
    }
    if (path !== form.dataset.autosaveUrl) {
      return;
    }
    if (failed(event)) {
      retryLater(event, status, form.dataset.msgSaveOffline, saveRetry);
      return;
    }
    saveRetry.reset();
    // Never fall behind the server's revision (another device's clock may run ahead).
    const stored = Number(xhr.getResponseHeader("X-Draft-Revision") || 0);
    lastRevision = Math.max(lastRevision, stored);
    if (xhr.status === 200 && xhr.getResponseHeader("X-Draft-Saved") === "1") {
      if (Object.prototype.hasOwnProperty.call(inFlight, stored)) {
        savedText = inFlight[stored];
        baseRevision = stored;
        confirmSaved(savedText);
      }
    }
    Object.keys(inFlight).forEach(function (revision) {
      if (Number(revision) <= stored) {
        delete inFlight[revision];
      }
    });
  });

  // Leaving or hiding the page: send what is unsaved without waiting for an answer.
  function flush() {
    if (!document.body.contains(form) || textarea.value === savedText) {
      return;
    }
    const data = new FormData(form);
    const revision = nextRevision();
    data.set("revision", String(revision));
    data.set("beacon", "1");
    if (navigator.sendBeacon(form.dataset.autosaveUrl, data)) {
      savedText = textarea.value;
      baseRevision = revision;
    }
  }
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "hidden") {
      flush();
    }
  });
  window.addEventListener("pagehide", flush);

  // Text typed before the scripts ran (a slow connection) raised no event anyone heard,
  // and htmx took it for the unchanged starting value: ask autosave to send it now.
  return function sendEarlyText() {
    if (textarea.value !== savedText) {
      keepLocally(false);
      htmx.trigger(textarea, "draft-unsaved");
    }
  };
}
