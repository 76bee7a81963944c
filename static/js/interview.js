// The live parts of answering a question: countdown, auto-submit, autosave, keys, and a
// copy of the text on this device until the server has it.
// Without JavaScript the page still works; only the countdown stands still.
(function () {
  "use strict";

  var STORE_PREFIX = "mockinterview:draft:";
  var RETRY_FIRST_MS = 1000;
  var RETRY_MAX_MS = 30000;
  var lastRevision = 0;
  var timer = null;

  function pad(number) {
    return String(number).padStart(2, "0");
  }

  function formatSeconds(total) {
    var seconds = Math.max(0, Math.ceil(total));
    var hours = Math.floor(seconds / 3600);
    var minutes = Math.floor((seconds % 3600) / 60);
    var rest = seconds % 60;
    return hours ? hours + ":" + pad(minutes) + ":" + pad(rest) : pad(minutes) + ":" + pad(rest);
  }

  // Draft revisions only rise, across reloads and tabs, so the server can drop stale saves.
  function nextRevision() {
    lastRevision = Math.max(Date.now(), lastRevision + 1);
    return lastRevision;
  }

  // This device's copy of an answer's text, kept until the server confirms it has it:
  // {text, at (ms, when typed), submit (Submit was pressed but did not get through)}.
  var local = {
    read: function (key) {
      try {
        return JSON.parse(window.localStorage.getItem(STORE_PREFIX + key) || "null");
      } catch (error) {
        return null; // storage off or full: the page still works, only without this copy
      }
    },
    write: function (key, entry) {
      try {
        window.localStorage.setItem(STORE_PREFIX + key, JSON.stringify(entry));
      } catch (error) {
        // As above.
      }
    },
    forget: function (key) {
      try {
        window.localStorage.removeItem(STORE_PREFIX + key);
      } catch (error) {
        // As above.
      }
    },
  };

  function showNotice(panel, text, extra) {
    var box = panel.querySelector("[data-local-notice]");
    if (!box) {
      return;
    }
    box.replaceChildren();
    var message = document.createElement("p");
    message.textContent = text;
    box.appendChild(message);
    if (extra) {
      box.appendChild(extra);
    }
    box.hidden = false;
  }

  // Retries with a growing pause; the network coming back retries at once.
  function backoff(action) {
    var delay = RETRY_FIRST_MS;
    var pending = null;
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
      schedule: function () {
        if (pending === null) {
          pending = window.setTimeout(run, delay);
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
    var xhr = event.detail.xhr;
    return !event.detail.successful && (!xhr || xhr.status === 0 || xhr.status >= 500);
  }

  function setUpAnswerForm() {
    var form = document.getElementById("answer-form");
    if (!form || form.dataset.ready) {
      return;
    }
    form.dataset.ready = "1";
    var panel = document.getElementById("question-panel");
    var key = panel.dataset.draftKey;
    lastRevision = Math.max(lastRevision, Number(form.dataset.revision || 0));
    var textarea = form.querySelector("textarea[name=text]");
    var submitButton = form.querySelector("[data-submit]");
    var status = document.getElementById("save-status");
    // What this tab last saved (or loaded), and that draft's revision. A submit sends a
    // fresh revision only if there is unsaved typing; otherwise the revision its text
    // came from, so the server can prefer a newer draft saved from another tab.
    // defaultValue is what the server sent; a browser may restore newer, unsaved text.
    var savedText = textarea.defaultValue;
    var baseRevision = Number(form.dataset.revision || 0);
    var inFlight = {}; // revision -> text, for saves not yet answered
    var submitting = false;
    var byTimer = false;

    function keepLocally(submit) {
      var entry = local.read(key) || {};
      local.write(key, {
        text: textarea.value,
        at: Date.now(),
        submit: Boolean(submit || (entry.submit && entry.text === textarea.value)),
      });
    }

    function confirmSaved(text) {
      var entry = local.read(key);
      if (entry && entry.text === text && !entry.submit) {
        local.forget(key);
      }
    }

    var saveRetry = backoff(function () {
      htmx.trigger(textarea, "draft-unsaved");
    });
    var submitRetry = backoff(function () {
      press();
    });

    function press() {
      form.querySelector("[data-by-timer]").value = byTimer ? "1" : "0";
      // A real click, not requestSubmit(button): htmx picks the button it last saw
      // clicked or focused, which could be "Skip" or "End interview".
      submitButton.click();
    }

    textarea.addEventListener("input", function () {
      keepLocally(false);
    });

    document.body.addEventListener("htmx:configRequest", function (event) {
      if (event.detail.path === form.dataset.autosaveUrl) {
        var revision = nextRevision();
        inFlight[revision] = textarea.value;
        event.detail.parameters.revision = String(revision);
      } else if (event.detail.elt === form) {
        var dirty = textarea.value !== savedText;
        event.detail.parameters.revision = String(dirty ? nextRevision() : baseRevision);
        submitting = event.detail.parameters.action !== "end";
        if (submitting) {
          keepLocally(true);
        }
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail.xhr;
      var path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
      if (event.detail.elt === form && submitting) {
        submitting = false;
        if (failed(event)) {
          status.textContent = form.dataset.msgSubmitOffline;
          submitRetry.schedule();
        } else {
          submitRetry.reset();
        }
        return;
      }
      if (path !== form.dataset.autosaveUrl) {
        return;
      }
      if (failed(event)) {
        status.textContent = form.dataset.msgSaveOffline;
        saveRetry.schedule();
        return;
      }
      saveRetry.reset();
      // Never fall behind the server's revision (another device's clock may run ahead).
      var stored = Number(xhr.getResponseHeader("X-Draft-Revision") || 0);
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
      var data = new FormData(form);
      var revision = nextRevision();
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

    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        byTimer = false;
        press();
      }
    });
    // An empty answer is submitted only after asking (once per attempt); the timer never asks.
    submitButton.addEventListener(
      "click",
      function (event) {
        if (byTimer || textarea.value.trim() !== "") {
          return;
        }
        if (!window.confirm(submitButton.dataset.confirmEmpty)) {
          event.preventDefault();
          event.stopImmediatePropagation();
        }
      },
      true
    );

    startCountdown(function () {
      byTimer = true;
      press();
    });

    restoreLocalText(form, panel, textarea, baseRevision);

    // Text typed before the scripts ran (a slow connection) raised no event anyone heard,
    // and htmx took it for the unchanged starting value: ask autosave to send it now.
    if (textarea.value !== savedText) {
      keepLocally(false);
      htmx.trigger(textarea, "draft-unsaved");
    }
  }

  // Reopened after the text typed here never reached the server: put it back (when it is
  // newer than what the server holds) or offer it (when the server holds newer text).
  function restoreLocalText(form, panel, textarea, baseRevision) {
    var key = panel.dataset.draftKey;
    var entry = local.read(key);
    if (!entry || typeof entry.text !== "string") {
      return;
    }
    var when = new Date(entry.at).toLocaleString();
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
    var use = document.createElement("button");
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
    var shown = panel.querySelector(".user-answer");
    return shown ? shown.textContent : "";
  }

  // The answer is already done here, yet this device kept text the server never got.
  function offerUnsentText() {
    var panel = document.getElementById("question-panel");
    var holder = panel && panel.querySelector("[data-unsent]");
    if (!holder || holder.dataset.ready) {
      return;
    }
    holder.dataset.ready = "1";
    var key = panel.dataset.draftKey;
    var entry = local.read(key);
    if (!entry || !entry.text || entry.text === shownAnswer(panel)) {
      local.forget(key);
      return;
    }
    holder.querySelector("textarea").value = entry.text;
    var hidden = holder.querySelector("[data-unsent-text]");
    if (hidden) {
      hidden.value = entry.text;
    }
    var revision = holder.querySelector("[name=revision]");
    if (revision) {
      revision.value = String(Math.max(entry.at, Number(revision.value || 0) + 1));
    }
    holder.querySelector("[data-discard]").addEventListener("click", function () {
      local.forget(key);
      holder.hidden = true;
    });
    holder.hidden = false;
  }

  function startCountdown(autoSubmit) {
    var box = document.querySelector("[data-countdown]");
    if (!box) {
      return;
    }
    var display = box.querySelector(".countdown-time");
    var announce = box.querySelector("[data-countdown-announce]");
    // Wall-clock time keeps counting while a laptop sleeps; the server's figure is the truth.
    var endsAt = Date.now() + Number(box.dataset.remaining) * 1000;
    var fired = false;
    var announced = {};

    function tick() {
      if (!document.body.contains(box)) {
        return;
      }
      var left = (endsAt - Date.now()) / 1000;
      display.textContent = formatSeconds(left);
      box.classList.toggle("countdown-low", left <= 60);
      [60, 10].forEach(function (mark) {
        if (left <= mark && left > mark - 2 && !announced[mark]) {
          announced[mark] = true;
          announce.textContent = box.dataset["announce" + mark] || formatSeconds(left);
        }
      });
      if (left <= 0) {
        if (!fired) {
          fired = true;
          box.classList.add("countdown-done");
          autoSubmit();
        }
        return;
      }
      timer = window.setTimeout(tick, 250);
    }
    window.clearTimeout(timer);
    tick();
    document.addEventListener("visibilitychange", function () {
      if (document.visibilityState === "visible" && !fired) {
        window.clearTimeout(timer);
        tick();
      }
    });
  }

  // Keys 1–4 rate: the answer in focus on the summary, or the only one on the page.
  function ratingForm() {
    var active = document.activeElement;
    var holder = active && active.closest && active.closest(".review-item");
    if (holder) {
      return holder.querySelector("form.rating");
    }
    var forms = document.querySelectorAll("form.rating");
    return forms.length === 1 ? forms[0] : null;
  }

  function rate(key) {
    var form = ratingForm();
    var button = form && form.querySelector('[data-rating-key="' + key + '"]');
    if (button) {
      button.click();
    }
    return Boolean(button);
  }

  // A key pressed while the page is still swapping (the reveal just arriving) waits for it
  // to settle: pressed at once, the button's htmx wiring may not be there yet.
  var waitingKey = null;
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
  document.addEventListener("page:ready", function () {
    if (waitingKey !== null) {
      var key = waitingKey;
      waitingKey = null;
      rate(key);
    }
  });

  // On the summary, clicking into an answer's card puts the keys on it.
  document.addEventListener("click", function (event) {
    var card = event.target.closest(".review-item");
    if (card && !event.target.closest("a, button, input, textarea, select, summary")) {
      card.focus({ preventScroll: true });
    }
  });

  // Moving on from an answer not rated yet: say once why rating matters, then let go.
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a[data-unrated]");
    if (!link || link.dataset.nudged) {
      return;
    }
    var form = ratingForm();
    if (!form || form.querySelector('[aria-pressed="true"].rating-button')) {
      return;
    }
    event.preventDefault();
    document.querySelectorAll("a[data-unrated]").forEach(function (other) {
      other.dataset.nudged = "1";
    });
    var note = form.querySelector("[data-rate-nudge]");
    if (!note) {
      note = document.createElement("p");
      note.className = "message message-warning";
      note.setAttribute("role", "status");
      note.setAttribute("data-rate-nudge", "");
      form.appendChild(note);
    }
    note.textContent = document.body.dataset.msgRateFirst;
    var first = form.querySelector(".rating-button");
    if (first) {
      first.focus();
    }
  });

  // After the answer is swapped for the reveal, put focus on its heading; after a
  // rating, on "next", so Enter carries on.
  document.addEventListener("htmx:afterSwap", function (event) {
    var target = event.detail.target;
    var heading = document.getElementById("question-title");
    if (target && target.id === "question-panel" && heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus();
    } else if (target && target.classList.contains("rating")) {
      if (target.querySelector('[aria-pressed="true"].rating-button')) {
        document.querySelectorAll("a[data-unrated]").forEach(function (link) {
          link.removeAttribute("data-unrated");
        });
      }
      var next = document.querySelector(".next-actions a");
      if (next && document.querySelectorAll("form.rating").length === 1) {
        next.focus();
      }
    }
  });

  // The submit went through: the reveal replaced the form, so this device's copy can go.
  document.addEventListener("htmx:afterSettle", function () {
    var panel = document.getElementById("question-panel");
    if (panel && !document.getElementById("answer-form") && panel.dataset.draftKey) {
      var entry = local.read(panel.dataset.draftKey);
      if (entry && entry.text === shownAnswer(panel)) {
        local.forget(panel.dataset.draftKey);
      }
    }
    offerUnsentText();
  });

  // A page shown again from the back/forward cache may be stale: ask the server.
  window.addEventListener("pageshow", function (event) {
    if (event.persisted && document.getElementById("question-panel")) {
      window.location.reload();
    }
  });

  function setUp() {
    setUpAnswerForm();
    offerUnsentText();
  }

  document.addEventListener("DOMContentLoaded", setUp);
  document.addEventListener("htmx:load", setUp);
})();
