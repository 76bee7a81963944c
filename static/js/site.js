// Small enhancements shared by every page; the site works without this file.
(function () {
  "use strict";

  // Tell the server our time zone, so it shows times as the reader's clock does.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // IANA names (Asia/Shanghai, Etc/GMT+8) need no escaping in a cookie.
    if (zone && /^[A-Za-z0-9_+\/-]+$/.test(zone) && document.cookie.indexOf("tz=" + zone) === -1) {
      var secure = location.protocol === "https:" ? "; Secure" : "";
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax" + secure;
    }
  } catch (error) {
    // No Intl support: times stay in the server's zone.
  }

  // <html data-ready> says the page is live: htmx has wired up the document, the page's
  // own scripts have run, and no htmx request or swap is still under way. Until then a
  // click or a keystroke could miss its handler, so scripted users (the browser tests)
  // wait for this attribute after every navigation and swap.
  var root = document.documentElement;
  var started = false;
  var requests = new Set(); // XMLHttpRequests htmx has sent and not yet finished with
  var settling = new Map(); // element -> swaps into it that have not settled yet
  function markReady() {
    // A request whose element left the page may never report back; its XHR still ends.
    requests.forEach(function (xhr) {
      if (xhr.readyState === XMLHttpRequest.DONE) {
        requests.delete(xhr);
      }
    });
    // An element swapped out before it settled never reports settling: forget it.
    settling.forEach(function (count, element) {
      if (!element.isConnected) {
        settling.delete(element);
      }
    });
    var ready = started && requests.size === 0 && settling.size === 0;
    var was = root.hasAttribute("data-ready");
    if (ready) {
      root.setAttribute("data-ready", "");
    } else {
      root.removeAttribute("data-ready");
    }
    if (ready && !was) {
      document.dispatchEvent(new CustomEvent("page:ready"));
    }
  }
  document.addEventListener("htmx:load", function (event) {
    // htmx announces the whole body once, after every DOMContentLoaded handler has run.
    if (event.target === document.body) {
      started = true;
      markReady();
    }
  });
  // beforeSend and afterRequest pair up for every request htmx sends, whatever its outcome.
  document.addEventListener("htmx:beforeSend", function (event) {
    requests.add(event.detail.xhr);
    markReady();
  });
  document.addEventListener("htmx:afterRequest", function (event) {
    requests.delete(event.detail.xhr);
    markReady();
  });

  // A request replaced by a newer one (hx-sync "replace": the bank's filters, the start
  // form's estimate) is aborted on purpose, yet htmx logs its htmx:afterRequest and
  // htmx:sendAbort events as console errors. Hush exactly those two while an abort is
  // handled; failures (htmx:sendError, htmx:responseError, timeouts) are still logged.
  var QUIET_ON_ABORT = /^htmx:(afterRequest|sendAbort)\b/;
  document.addEventListener("htmx:beforeSend", function (event) {
    var xhr = event.detail.xhr;
    var handle = xhr.onabort;
    if (typeof handle !== "function") {
      return;
    }
    xhr.onabort = function () {
      var logError = console.error;
      console.error = function (message) {
        if (!(typeof message === "string" && QUIET_ON_ABORT.test(message))) {
          logError.apply(console, arguments);
        }
      };
      try {
        return handle.apply(this, arguments);
      } finally {
        console.error = logError;
      }
    };
  });
  // New content is wired up (hx-* attributes processed) only when it settles.
  document.addEventListener("htmx:afterSwap", function (event) {
    settling.set(event.target, (settling.get(event.target) || 0) + 1);
    markReady();
  });
  document.addEventListener("htmx:afterSettle", function (event) {
    var left = (settling.get(event.target) || 1) - 1;
    if (left > 0) {
      settling.set(event.target, left);
    } else {
      settling.delete(event.target);
    }
    markReady();
  });

  // Forms marked data-submit-once cannot be sent twice by a double click.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.hasAttribute("data-submit-once")) {
      if (form.dataset.sent) {
        event.preventDefault();
        return;
      }
      form.dataset.sent = "1";
    }
  });

  // A page restored by Back is live again: its once-only forms may be sent again.
  window.addEventListener("pageshow", function () {
    document.querySelectorAll("form[data-sent]").forEach(function (form) {
      delete form.dataset.sent;
    });
  });

  // Buttons with data-confirm ask before they act.
  document.addEventListener(
    "click",
    function (event) {
      var button = event.target.closest("[data-confirm]");
      if (button && !window.confirm(button.dataset.confirm)) {
        event.preventDefault();
        event.stopImmediatePropagation();
      }
    },
    true
  );

  // The wording core/outage.py sends with a 503, in the reader's language.
  function unavailableMessage(xhr) {
    try {
      return JSON.parse(xhr.getResponseHeader("HX-Trigger"))["server-unavailable"].message;
    } catch (error) {
      return null; // a 503 from elsewhere (a proxy)
    }
  }

  function flash(text) {
    var box = document.getElementById("flash");
    if (!box) {
      box = document.createElement("div");
      box.id = "flash";
      box.className = "flash";
      var main = document.getElementById("main");
      main.insertBefore(box, main.firstChild);
    }
    var message = document.createElement("div");
    message.className = "message message-error";
    message.setAttribute("role", "alert");
    message.textContent = text;
    box.replaceChildren(message);
  }

  // htmx answers that carry no fragment to show: say so instead of failing silently.
  document.addEventListener("htmx:responseError", function (event) {
    var status = event.detail.xhr ? event.detail.xhr.status : 0;
    if (status === 503) {
      // The database is briefly down (core/outage.py); a form that retries by itself says so.
      if (!(event.detail.elt && event.detail.elt.closest("[data-retries-itself]"))) {
        flash(unavailableMessage(event.detail.xhr) || document.body.dataset.msgServerError);
      }
    } else if (status === 401 || status === 403) {
      flash(document.body.dataset.msgForbidden);
    } else if (status === 404) {
      flash(document.body.dataset.msgNotFound);
    } else {
      flash(document.body.dataset.msgServerError);
    }
  });
  document.addEventListener("htmx:sendError", function () {
    flash(document.body.dataset.msgOffline);
  });
})();
