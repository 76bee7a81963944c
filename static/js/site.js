// Small enhancements shared by every page; the site works without this file.
(function () {
  "use strict";

  // Tell the server our time zone, so it shows times as the reader's clock does.
  try {
    var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
    // IANA names (Asia/Shanghai, Etc/GMT+8) need no escaping in a cookie.
    if (zone && /^[A-Za-z0-9_+\/-]+$/.test(zone) && document.cookie.indexOf("tz=" + zone) === -1) {
      document.cookie = "tz=" + zone + "; path=/; max-age=31536000; SameSite=Lax";
    }
  } catch (error) {
    // No Intl support: times stay in the server's zone.
  }

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
    if (status === 401 || status === 403) {
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
