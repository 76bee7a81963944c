// Around a played-back recording: add the server's transcript to the private note (appended,
// never replacing what is there; the user saves), and on a question's attempts page play two
// chosen recordings one after the other, the older first, to hear the progress.

function addTranscriptToNote(button) {
  const text = document.getElementById(button.dataset.transcript);
  const note = document.getElementById(button.dataset.note);
  if (!text || !note) return;
  const transcript = text.textContent.trim();
  note.value = note.value.trim() ? `${note.value.trimEnd()}\n\n${transcript}` : transcript;
  const details = note.closest("details");
  if (details) details.open = true;
  note.dispatchEvent(new Event("input", { bubbles: true }));
  note.focus();
}

function setUpNoteButtons() {
  for (const button of document.querySelectorAll(".transcript-to-note[hidden]")) {
    if (!document.getElementById(button.dataset.note)) continue; // no note on this page
    button.hidden = false;
    button.addEventListener("click", () => addTranscriptToNote(button));
  }
}

function setUpPair(section) {
  if (section.dataset.pairReady) return;
  section.dataset.pairReady = "1";
  const controls = section.querySelector(".pair-controls");
  if (!controls) return;
  const play = section.querySelector("[data-play-pair]");
  const stop = section.querySelector("[data-stop-pair]");
  const status = section.querySelector("[data-pair-status]");
  const choices = [...section.querySelectorAll("[data-pair-choice]")];
  controls.hidden = false;
  for (const choice of choices) choice.closest("label").hidden = false;
  let queue = [];
  let current = null;

  function chosenItems() {
    return choices.filter((box) => box.checked).map((box) => box.closest("[data-recording]"));
  }

  function finish() {
    if (current) current.removeEventListener("ended", next);
    current = null;
    queue = [];
    stop.hidden = true;
    status.textContent = "";
  }

  function next() {
    if (current) current.removeEventListener("ended", next);
    const entry = queue.shift();
    if (!entry) {
      finish();
      return;
    }
    current = entry.audio;
    status.textContent = section.dataset.playing.replace("{n}", entry.index);
    current.addEventListener("ended", next);
    current.currentTime = 0;
    current.play().catch(finish);
  }

  play.addEventListener("click", () => {
    const items = chosenItems();
    if (items.length !== 2) {
      status.textContent = section.dataset.chooseTwo;
      return;
    }
    for (const audio of section.querySelectorAll("audio")) audio.pause();
    // The list is newest first: play the older one first.
    items.sort((a, b) => (a.dataset.shown < b.dataset.shown ? -1 : 1));
    queue = items.flatMap((item, position) =>
      [...item.querySelectorAll("audio")].map((audio) => ({ audio, index: position + 1 })),
    );
    stop.hidden = false;
    next();
  });

  stop.addEventListener("click", () => {
    if (current) current.pause();
    finish();
    play.focus();
  });

  for (const choice of choices) {
    choice.addEventListener("change", () => {
      // At most two chosen: ticking a third unticks the oldest choice.
      const ticked = choices.filter((box) => box.checked);
      if (ticked.length > 2) {
        const other = ticked.find((box) => box !== choice);
        other.checked = false;
      }
    });
  }
}

setUpNoteButtons();
for (const section of document.querySelectorAll("[data-playback-pair]")) setUpPair(section);
document.addEventListener("htmx:afterSettle", setUpNoteButtons);
