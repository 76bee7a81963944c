// The live parts of answering a question: countdown, auto-submit, autosave, keys.
// Without JavaScript the page still works; only the countdown stands still.
(function () {
  "use strict";

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

  function setUpAnswerForm() {
    var form = document.getElementById("answer-form");
    if (!form || form.dataset.ready) {
      return;
    }
    form.dataset.ready = "1";
    lastRevision = Math.max(lastRevision, Number(form.dataset.revision || 0));
    var textarea = form.querySelector("textarea[name=text]");
    var submitButton = form.querySelector("[data-submit]");
    // What this tab last saved (or loaded), and that draft's revision. A submit sends a
    // fresh revision only if there is unsaved typing; otherwise the revision its text
    // came from, so the server can prefer a newer draft saved from another tab.
    // defaultValue is what the server sent; a browser may restore newer, unsaved text.
    var savedText = textarea.defaultValue;
    var baseRevision = Number(form.dataset.revision || 0);
    var inFlight = {}; // revision -> text, for saves not yet answered

    document.body.addEventListener("htmx:configRequest", function (event) {
      if (event.detail.path === form.dataset.autosaveUrl) {
        var revision = nextRevision();
        inFlight[revision] = textarea.value;
        event.detail.parameters.revision = String(revision);
      } else if (event.detail.elt === form) {
        var dirty = textarea.value !== savedText;
        event.detail.parameters.revision = String(dirty ? nextRevision() : baseRevision);
      }
    });
    document.body.addEventListener("htmx:afterRequest", function (event) {
      var xhr = event.detail.xhr;
      var path = event.detail.pathInfo && event.detail.pathInfo.requestPath;
      if (path !== form.dataset.autosaveUrl || !xhr) {
        return;
      }
      // Never fall behind the server's revision (another device's clock may run ahead).
      var stored = Number(xhr.getResponseHeader("X-Draft-Revision") || 0);
      lastRevision = Math.max(lastRevision, stored);
      if (xhr.status === 200 && xhr.getResponseHeader("X-Draft-Saved") === "1") {
        if (Object.prototype.hasOwnProperty.call(inFlight, stored)) {
          savedText = inFlight[stored];
          baseRevision = stored;
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

    // A real click, not requestSubmit(button): htmx picks the button it last saw
    // clicked or focused, which could be "Skip" or "End interview".
    textarea.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
        event.preventDefault();
        submitButton.click();
      }
    });

    startCountdown(form, submitButton);

    // Text typed before the scripts ran (a slow connection) raised no event anyone heard,
    // and htmx took it for the unchanged starting value: ask autosave to send it now.
    if (textarea.value !== savedText) {
      htmx.trigger(textarea, "draft-unsaved");
    }
  }

  function startCountdown(form, submitButton) {
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
    var attempts = 0;

    function autoSubmit() {
      form.querySelector("[data-by-timer]").value = "1";
      submitButton.click();
    }
    document.body.addEventListener("htmx:sendError", function (event) {
      // The time is up but the network is not: try again, the text stays in the box.
      if (fired && event.detail.elt === form && attempts < 20) {
        attempts += 1;
        window.setTimeout(autoSubmit, 3000);
      }
    });

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

  // Keys 1–4 rate the answer on a page with a single rating form.
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || !/^[1-4]$/.test(event.key)) {
      return;
    }
    var target = event.target;
    if (target.closest("input, textarea, select, [contenteditable]")) {
      return;
    }
    var forms = document.querySelectorAll("form.rating");
    if (forms.length !== 1) {
      return;
    }
    var button = forms[0].querySelector('[data-rating-key="' + event.key + '"]');
    if (button) {
      event.preventDefault();
      button.click();
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
      var next = document.querySelector(".next-actions a");
      if (next && document.querySelectorAll("form.rating").length === 1) {
        next.focus();
      }
    }
  });

  document.addEventListener("DOMContentLoaded", setUpAnswerForm);
  document.addEventListener("htmx:load", setUpAnswerForm);
})();
