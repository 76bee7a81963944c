// One answer's recording on this page: what the server already holds (after a reload),
// the part being recorded, its chunks on their way, and the limits that stop it.

import { canRecord, startPart } from "./capture.js";
import { addFigures, emptyFigures, figureFields, figuresFrom } from "./level.js";
import { createUploader, request } from "./uploader.js";
import { clock, message } from "./view.js";

// Figures of parts not finished yet, kept in this tab (sessionStorage) so that a reload
// mid-recording can still finish them with what was measured.
function partStore(answerKey) {
  const name = "voice-parts:" + answerKey;
  function read() {
    try {
      return JSON.parse(window.sessionStorage.getItem(name) || "{}");
    } catch (error) {
      return {};
    }
  }
  function write(parts) {
    try {
      if (Object.keys(parts).length) {
        window.sessionStorage.setItem(name, JSON.stringify(parts));
      } else {
        window.sessionStorage.removeItem(name);
      }
    } catch (error) {
      // Storage full or refused: the server joins such parts anyway, without figures.
    }
  }
  return {
    get: (key) => read()[key] || null,
    save: function (key, entry) {
      write(Object.assign(read(), { [key]: entry }));
    },
    forget: function (key) {
      const parts = read();
      delete parts[key];
      write(parts);
    },
  };
}

export function createSession(panel, view) {
  const urls = panel.dataset;
  const store = partStore(panel.dataset.answerKey);
  const limits = {
    timeslice_ms: 3000,
    max_seconds: Number(panel.dataset.capSeconds),
    answer_bytes: Infinity,
    quota_left_bytes: Infinity,
  };
  let earlierMs = 0; // recorded before this part (earlier parts, earlier page loads)
  let figures = emptyFigures(); // the whole recording's, up to the last part stopped
  let bytesTotal = 0;
  let quotaLeft = Infinity;
  let part = null;
  let starting = false;
  let stopReason = null;
  const tally = { recorded: 0, sent: 0, bytes: 0 };

  const uploader = createUploader({
    onSent: function (item, answer) {
      if (item.kind === "chunk") {
        tally.sent += 1;
        bytesTotal = Number(answer.bytes_total) || bytesTotal;
        quotaLeft -= item.fields.chunk.size;
        view.counts(tally);
        if (part) {
          view.status(message(panel, part.paused ? "msgPaused" : "msgRecording"));
          checkBytes();
        }
      } else {
        store.forget(item.fields.part);
      }
      if (!part && !starting && uploader.waiting === 0) {
        view.setState("saved");
        const saved = message(panel, "msgSaved", { time: clock(earlierMs) });
        view.status([capMessage(), saved].filter(Boolean).join(" "));
      }
    },
    onWaiting: function () {
      view.status(message(panel, "msgOffline"));
    },
    onRefused: function (error) {
      view.error(error.message || message(panel, "msgRefused", { status: error.status }));
      stop("refused");
      view.setState("failed");
    },
  });

  // Stop before the next chunk could pass the answer's or the user's byte limit.
  function checkBytes() {
    const average = tally.bytes / Math.max(1, tally.recorded);
    if (bytesTotal + 2 * average > limits.answer_bytes || quotaLeft < 2 * average) {
      stop("cap-bytes");
    }
  }

  function remember(current) {
    store.save(current.key, { duration_ms: current.elapsed, figures: current.figures() });
  }

  function onChunk(chunk) {
    panel.dataset.answerGiven = ""; // an empty answer box is no longer an empty answer
    tally.recorded += 1;
    tally.bytes += chunk.blob.size;
    view.counts(tally);
    uploader.add("chunk", urls.chunksUrl, {
      part: chunk.key,
      sequence: String(chunk.sequence),
      mime: chunk.mime,
      chunk: chunk.blob,
    });
    if (part) {
      remember(part);
    }
  }

  function onTick(ms) {
    view.setElapsed(earlierMs + ms);
    if (earlierMs + ms >= limits.max_seconds * 1000) {
      stop("cap-time");
    }
  }

  // A part's end: its figures join the recording's, and its finish follows its chunks.
  function finish(key, durationMs, partFigures) {
    figures = addFigures(figures, partFigures);
    earlierMs += durationMs;
    store.save(key, { duration_ms: durationMs, figures: partFigures });
    const fields = Object.assign(
      { part: key, duration_ms: String(Math.round(durationMs)) },
      figureFields(figures)
    );
    uploader.add("finish", urls.finishUrl, fields);
  }

  function onStopped(stopped) {
    part = null;
    if (stopped.chunks === 0) {
      // Stopped before the recorder made any audio: there is nothing to finish.
      view.setElapsed(earlierMs);
      view.setState(earlierMs > 0 ? "saved" : "idle");
      const saved = earlierMs > 0 ? message(panel, "msgSaved", { time: clock(earlierMs) }) : "";
      view.status([capMessage(), saved].filter(Boolean).join(" "));
      return;
    }
    finish(stopped.key, stopped.elapsed, stopped.figures());
    view.setRecordLabel(true);
    view.setElapsed(earlierMs);
    if (uploader.refused) {
      return;
    }
    view.setState("saving");
    view.status(capMessage() || message(panel, "msgSaving"));
  }

  // Why the recorder stopped by itself at a limit, said until the next Record.
  function capMessage() {
    if (stopReason === "cap-time") {
      return message(panel, "msgCapTime", { time: clock(limits.max_seconds * 1000) });
    }
    if (stopReason === "cap-bytes") {
      return message(panel, "msgCapBytes");
    }
    return "";
  }

  // What the server holds: limits, bytes, figures, and parts a reload cut short.
  async function load() {
    if (!canRecord()) {
      view.setState("unsupported");
      view.status(message(panel, "msgUnsupported"));
      return;
    }
    let state = null;
    try {
      state = await request(urls.stateUrl);
    } catch (error) {
      view.error(message(panel, "msgStateFailed"));
    }
    if (state) {
      Object.assign(limits, state.limits || {});
      bytesTotal = state.bytes_total || 0;
      quotaLeft = limits.quota_left_bytes;
      figures = figuresFrom(state.figures);
      state.parts.forEach(function (earlier) {
        const kept = store.get(earlier.key);
        if (earlier.finished || !kept) {
          earlierMs += earlier.duration_ms || 0;
          store.forget(earlier.key);
        } else {
          finish(earlier.key, kept.duration_ms, figuresFrom(kept.figures));
        }
      });
    }
    const continuing = Boolean(state && state.parts.length);
    if (continuing) {
      panel.dataset.answerGiven = "";
    }
    view.setRecordLabel(continuing);
    view.setElapsed(earlierMs);
    view.setState("idle");
    if (continuing) {
      view.status(message(panel, "msgEarlier", { time: clock(earlierMs) }));
    }
  }

  async function start() {
    if (part || starting || uploader.refused) {
      return;
    }
    if (earlierMs >= limits.max_seconds * 1000) {
      view.status(message(panel, "msgCapTime", { time: clock(limits.max_seconds * 1000) }));
      return;
    }
    starting = true;
    stopReason = null;
    view.error("");
    view.setState("asking");
    view.status(message(panel, "msgAsking"));
    try {
      part = await startPart({
        timeslice: limits.timeslice_ms,
        meter: view.level,
        onChunk: onChunk,
        onTick: onTick,
        onStopped: onStopped,
      });
    } catch (error) {
      view.setState("idle");
      view.status("");
      view.error(message(panel, "msgDenied"));
      return;
    } finally {
      starting = false;
    }
    view.setState("recording");
    view.status(message(panel, "msgRecording"));
    if (stopReason) {
      part.stop(); // submitted while the microphone was being asked for
    }
  }

  function stop(reason) {
    stopReason = reason;
    if (part && part.active) {
      part.stop();
    }
  }

  return {
    load: load,
    start: start,
    stop: stop,
    get recording() {
      return Boolean(part) || starting;
    },
    toggle: function () {
      if (part) {
        stop("user");
      } else {
        start();
      }
    },
    togglePause: function () {
      if (!part) {
        return;
      }
      if (part.paused) {
        part.resume();
        view.setState("recording");
        view.status(message(panel, "msgRecording"));
      } else {
        part.pause();
        view.setState("paused");
        view.status(message(panel, "msgPaused"));
      }
    },
  };
}
