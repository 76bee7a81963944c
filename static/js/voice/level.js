// How loud the microphone is, from an AnalyserNode: a meter for the eye, the recorded time
// (pauses of the recorder left out), and how one spoke, measured from the level alone:
// speaking time, the share of silence, pauses longer than 2.5 s and the longest one.

const SAMPLE_MS = 50;
// Louder than this (RMS of samples in -1..1, about -34 dBFS) counts as speech.
const SPEECH_RMS = 0.02;
// Speech goes on this long after the level drops, so the gaps between words are speech.
const HANGOVER_MS = 300;
export const LONG_PAUSE_MS = 2500;

export function emptyFigures() {
  return { total_ms: 0, speaking_ms: 0, long_pauses: 0, longest_pause_ms: 0 };
}

// Two stretches of one recording (parts, say), as one.
export function addFigures(first, second) {
  return {
    total_ms: first.total_ms + second.total_ms,
    speaking_ms: first.speaking_ms + second.speaking_ms,
    long_pauses: first.long_pauses + second.long_pauses,
    longest_pause_ms: Math.max(first.longest_pause_ms, second.longest_pause_ms),
  };
}

// The figures as the finish request's form fields (VOICE_API.md).
export function figureFields(figures) {
  const total = Math.round(figures.total_ms);
  const speaking = Math.min(total, Math.round(figures.speaking_ms));
  return {
    total_ms: String(total),
    speaking_ms: String(speaking),
    silence_share: total > 0 ? (1 - speaking / total).toFixed(3) : "0",
    long_pauses: String(figures.long_pauses),
    longest_pause_ms: String(Math.round(figures.longest_pause_ms)),
  };
}

// The server's figures (or null) as ours.
export function figuresFrom(data) {
  if (!data) {
    return emptyFigures();
  }
  return {
    total_ms: Number(data.total_ms) || 0,
    speaking_ms: Number(data.speaking_ms) || 0,
    long_pauses: Number(data.long_pauses) || 0,
    longest_pause_ms: Number(data.longest_pause_ms) || 0,
  };
}

function rms(samples) {
  let sum = 0;
  for (let index = 0; index < samples.length; index += 1) {
    sum += samples[index] * samples[index];
  }
  return Math.sqrt(sum / samples.length);
}

// 0..1 on a decibel scale (-60 dBFS to 0), as a level meter shows it.
function meterValue(level) {
  const decibels = 20 * Math.log10(Math.max(level, 1e-6));
  return Math.min(1, Math.max(0, (decibels + 60) / 60));
}

// Listens to `stream`; `onTick(elapsedMs)` runs at each sample while not paused.
export function listenToLevel(stream, meter, onTick) {
  const AudioContextType = window.AudioContext || window.webkitAudioContext;
  const audio = new AudioContextType();
  const analyser = audio.createAnalyser();
  analyser.fftSize = 2048;
  audio.createMediaStreamSource(stream).connect(analyser);
  const samples = new Float32Array(analyser.fftSize);
  const figures = emptyFigures();
  let elapsed = 0; // recorded time, ms
  let lastLoud = null; // when the level was last above the speech threshold
  let silenceFrom = null; // when the current silence began, if after some speech
  let paused = false;
  let closed = false;
  let last = performance.now();

  function sample() {
    const now = performance.now();
    const step = now - last;
    last = now;
    if (paused) {
      return;
    }
    elapsed += step;
    figures.total_ms = elapsed;
    analyser.getFloatTimeDomainData(samples);
    const level = rms(samples);
    meter.value = meterValue(level);
    if (level > SPEECH_RMS) {
      lastLoud = elapsed;
    }
    const speaking = lastLoud !== null && elapsed - lastLoud <= HANGOVER_MS;
    if (speaking) {
      figures.speaking_ms += step;
      if (silenceFrom !== null) {
        const pause = elapsed - step - silenceFrom;
        figures.longest_pause_ms = Math.max(figures.longest_pause_ms, pause);
        if (pause > LONG_PAUSE_MS) {
          figures.long_pauses += 1;
        }
        silenceFrom = null;
      }
    } else if (lastLoud !== null && silenceFrom === null) {
      silenceFrom = elapsed - step;
    }
    onTick(elapsed);
  }
  const timer = window.setInterval(sample, SAMPLE_MS);

  return {
    get elapsed() {
      return elapsed;
    },
    figures: function () {
      return Object.assign({}, figures);
    },
    pause: function () {
      sample();
      paused = true;
      meter.value = 0;
    },
    resume: function () {
      last = performance.now();
      paused = false;
    },
    close: function () {
      if (closed) {
        return;
      }
      closed = true;
      if (!paused) {
        sample();
      }
      paused = true;
      window.clearInterval(timer);
      meter.value = 0;
      audio.close().catch(function () {});
    },
  };
}
