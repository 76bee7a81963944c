// Images in the admin (questions.figures_admin). In a Markdown editor, an image pasted,
// dropped or chosen with "Add an image" is uploaded and its Markdown inserted at the caret;
// the input event that follows refreshes the live preview. On a figure's page, "Copy"
// copies its Markdown. Words come from the page's data-* attributes (translated there).
(function () {
  "use strict";

  function csrfToken() {
    const field = document.querySelector("input[name=csrfmiddlewaretoken]");
    return field ? field.value : "";
  }

  function toolsOf(element) {
    const source = element.closest(".md-editor-source");
    return source ? source.querySelector(".md-figure-tools") : null;
  }

  function say(tools, text, isError) {
    const status = tools.querySelector(".md-figure-status");
    status.textContent = text;
    status.classList.toggle("md-figure-error", Boolean(isError));
  }

  function insertAtCaret(textarea, markdown) {
    const start = textarea.selectionStart;
    const end = textarea.selectionEnd;
    const before = textarea.value.slice(0, start);
    const after = textarea.value.slice(end);
    // An image is a paragraph of its own.
    const lead = before === "" || before.endsWith("\n\n") ? "" : before.endsWith("\n") ? "\n" : "\n\n";
    const tail = after.startsWith("\n") ? "" : "\n\n";
    textarea.focus();
    textarea.setRangeText(lead + markdown + tail, start, end, "end");
    textarea.dispatchEvent(new Event("input", { bubbles: true }));
  }

  async function uploadOne(textarea, tools, file) {
    const name = file.name || "image";
    say(tools, tools.dataset.uploading.replace("%(name)s", name), false);
    const body = new FormData();
    body.append("image", file, name);
    let answer = {};
    try {
      const response = await fetch(tools.dataset.uploadUrl, {
        method: "POST",
        body: body,
        headers: { "X-CSRFToken": csrfToken(), Accept: "application/json" },
        credentials: "same-origin",
      });
      answer = await response.json().catch(function () { return {}; });
      if (!response.ok || !answer.markdown) {
        say(tools, answer.error || tools.dataset.failed, true);
        return;
      }
    } catch (error) {
      say(tools, tools.dataset.failed, true);
      return;
    }
    insertAtCaret(textarea, answer.markdown);
    say(tools, tools.dataset.inserted.replace("%(name)s", name), false);
  }

  async function upload(textarea, files) {
    const tools = toolsOf(textarea);
    if (!tools) return;
    for (const file of files) {
      await uploadOne(textarea, tools, file);
    }
  }

  function editorOf(target) {
    return target instanceof Element ? target.closest(".md-editor-source textarea.md-source") : null;
  }

  function filesOf(transfer) {
    return transfer && transfer.files ? Array.from(transfer.files) : [];
  }

  document.addEventListener("paste", function (event) {
    const textarea = editorOf(event.target);
    const files = filesOf(event.clipboardData);
    if (!textarea || files.length === 0) return;
    event.preventDefault();
    upload(textarea, files);
  });

  document.addEventListener("dragover", function (event) {
    if (editorOf(event.target) && event.dataTransfer && Array.from(event.dataTransfer.types).includes("Files")) {
      event.preventDefault();
      event.dataTransfer.dropEffect = "copy";
    }
  });

  document.addEventListener("drop", function (event) {
    const textarea = editorOf(event.target);
    const files = filesOf(event.dataTransfer);
    if (!textarea || files.length === 0) return;
    event.preventDefault();
    // Insert where the image was dropped, when the browser can tell.
    if (document.caretPositionFromPoint) {
      const caret = document.caretPositionFromPoint(event.clientX, event.clientY);
      if (caret && caret.offsetNode === textarea) textarea.setSelectionRange(caret.offset, caret.offset);
    }
    upload(textarea, files);
  });

  document.addEventListener("change", function (event) {
    const input = event.target;
    if (!(input instanceof HTMLInputElement) || !input.classList.contains("md-figure-input")) return;
    const source = input.closest(".md-editor-source");
    const textarea = source ? source.querySelector("textarea.md-source") : null;
    const files = Array.from(input.files || []);
    input.value = "";
    if (textarea && files.length) upload(textarea, files);
  });

  document.addEventListener("click", function (event) {
    const button = event.target instanceof Element ? event.target.closest("[data-copy-snippet]") : null;
    if (!button) return;
    const field = button.parentElement.querySelector(".figure-snippet");
    field.select();
    const done = function () { button.textContent = button.dataset.copied; };
    if (navigator.clipboard) {
      navigator.clipboard.writeText(field.value).then(done, function () {});
    } else if (document.execCommand("copy")) {
      done();
    }
  });
})();
