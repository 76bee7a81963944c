// The countdown: shows the time left, announces the last minute and the last seconds to
// screen readers, and calls `onZero` once when the time is up.

let pending = null; // the next tick; one countdown runs at a time

function pad(number) {
  return String(number).padStart(2, "0");
}

export function formatSeconds(total) {
  const seconds = Math.max(0, Math.ceil(total));
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  const rest = seconds % 60;
  return hours ? hours + ":" + pad(minutes) + ":" + pad(rest) : pad(minutes) + ":" + pad(rest);
}

export function startCountdown(onZero) {
  const box = document.querySelector("[data-countdown]");
  if (!box) {
    return;
  }
  const display = box.querySelector(".countdown-time");
  const announce = box.querySelector("[data-countdown-announce]");
  // Wall-clock time keeps counting while a laptop sleeps; the server's figure is the truth.
  const endsAt = Date.now() + Number(box.dataset.remaining) * 1000;
  let fired = false;
  const announced = {};

  function tick() {
    if (!document.body.contains(box)) {
      return;
    }
    const left = (endsAt - Date.now()) / 1000;
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
        document.dispatchEvent(new CustomEvent("interview:time-up"));
        onZero();
      }
      return;
    }
    pending = window.setTimeout(tick, 250);
  }
  window.clearTimeout(pending);
  tick();
  document.addEventListener("visibilitychange", function () {
    if (document.visibilityState === "visible" && !fired) {
      window.clearTimeout(pending);
      tick();
    }
  });
}
