// The microphone and MediaRecorder. One run of the recorder is one part of the answer's
// recording, sent in numbered chunks every timeslice; the microphone is asked for only
// when the user presses Record, and let go when the part stops.

import { listenToLevel } from "./level.js";

// Best first: what Chrome and Firefox record (WebM/Opus), then Safari's (MP4/AAC).
const TYPES = ["audio/webm;codecs=opus", "audio/webm", "audio/mp4", "audio/ogg;codecs=opus"];

// Whether this browser can record here at all (a secure page, a MediaRecorder).
export function canRecord() {
  return Boolean(
    window.MediaRecorder && navigator.mediaDevices && navigator.mediaDevices.getUserMedia
  );
}

function recordingType() {
  if (typeof MediaRecorder.isTypeSupported !== "function") {
    return "";
  }
  return TYPES.find((type) => MediaRecorder.isTypeSupported(type)) || "";
}

// The browser's id for this part: 1-64 characters of [A-Za-z0-9_-].
function newPartKey() {
  if (window.crypto && crypto.randomUUID) {
    return crypto.randomUUID();
  }
  return Date.now().toString(36) + "-" + Math.random().toString(36).slice(2, 12);
}

// Starts a part; resolves once recording (rejects if the microphone is refused).
// `onChunk({key, sequence, blob, mime})` for each piece, in order; `onTick(elapsedMs)`
// while recording; `onStopped(part)` once the last chunk has been handed over.
export async function startPart({ timeslice, meter, onChunk, onTick, onStopped }) {
  const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
  const type = recordingType();
  let recorder;
  try {
    recorder = new MediaRecorder(stream, type ? { mimeType: type } : {});
  } catch (error) {
    stream.getTracks().forEach((track) => track.stop());
    throw error;
  }
  const key = newPartKey();
  let sequence = 0;
  let bytes = 0;
  const level = listenToLevel(stream, meter, onTick);

  recorder.addEventListener("dataavailable", function (event) {
    if (!event.data || event.data.size === 0) {
      return;
    }
    bytes += event.data.size;
    onChunk({
      key: key,
      sequence: sequence,
      blob: event.data,
      mime: recorder.mimeType || type || event.data.type,
    });
    sequence += 1;
  });

  const part = {
    key: key,
    get chunks() {
      return sequence;
    },
    get bytes() {
      return bytes;
    },
    get elapsed() {
      return level.elapsed;
    },
    get paused() {
      return recorder.state === "paused";
    },
    get active() {
      return recorder.state !== "inactive";
    },
    figures: level.figures,
    pause: function () {
      if (recorder.state === "recording") {
        recorder.pause();
        level.pause();
      }
    },
    resume: function () {
      if (recorder.state === "paused") {
        recorder.resume();
        level.resume();
      }
    },
    stop: function () {
      if (recorder.state !== "inactive") {
        level.close();
        recorder.stop();
      }
    },
  };

  // The last chunk comes just before "stop".
  recorder.addEventListener("stop", function () {
    level.close(); // also when the microphone went away by itself
    stream.getTracks().forEach((track) => track.stop());
    onStopped(part);
  });
  recorder.start(timeslice);
  return part;
}
