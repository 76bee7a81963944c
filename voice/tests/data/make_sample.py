"""Rebuild sample.webm: 2 s of espeak-ng speech recorded by headless Chromium's MediaRecorder.

    .venv/bin/python voice/tests/data/make_sample.py

Needs espeak-ng and Debian's chromium (no ffmpeg). espeak-ng writes a WAV, Chromium's
fake microphone plays it, and MediaRecorder (audio/webm;codecs=opus at 24 kbit/s, 500 ms
slices) records it for 2 s on a blank local page; the slices are joined as the browser made
them, so the file is what a real recording sends: no Duration in its Segment Info, and
clusters of unknown size.
"""

import base64
import subprocess
import tempfile
from pathlib import Path

from playwright.sync_api import sync_playwright

HERE = Path(__file__).resolve().parent
RECORD = """async () => {
  const stream = await navigator.mediaDevices.getUserMedia({audio: true});
  const recorder = new MediaRecorder(stream, {
    mimeType: "audio/webm;codecs=opus", audioBitsPerSecond: 24000,
  });
  const parts = [];
  recorder.ondataavailable = (event) => parts.push(event.data);
  const stopped = new Promise((resolve) => (recorder.onstop = resolve));
  recorder.start(500);
  await new Promise((resolve) => setTimeout(resolve, 2000));
  recorder.stop();
  await stopped;
  const bytes = new Uint8Array(await new Blob(parts).arrayBuffer());
  let text = "";
  for (const byte of bytes) text += String.fromCharCode(byte);
  return btoa(text);
}"""


def main():
    with tempfile.TemporaryDirectory() as folder:
        clip = Path(folder) / "clip.wav"
        subprocess.run(["espeak-ng", "-w", str(clip), "Hello, this is a test."], check=True)
        with sync_playwright() as playwright:
            browser = playwright.chromium.launch(
                executable_path="/usr/bin/chromium",
                args=[
                    "--no-sandbox",
                    "--use-fake-device-for-media-stream",
                    "--use-fake-ui-for-media-stream",
                    f"--use-file-for-fake-audio-capture={clip}",
                    "--autoplay-policy=no-user-gesture-required",
                ],
            )
            page = browser.new_page()
            blank = Path(folder) / "blank.html"  # a file page is a secure context
            blank.write_text("<!doctype html><title>record</title>")
            page.goto(blank.as_uri())
            data = base64.b64decode(page.evaluate(RECORD))
            browser.close()
    (HERE / "sample.webm").write_bytes(data)
    print(f"sample.webm: {len(data)} bytes")


if __name__ == "__main__":
    main()
