// The printable paper's "Print" button: shown only when a script can press it for you.
const button = document.querySelector("[data-print]");
if (button) {
  button.hidden = false;
  button.addEventListener("click", () => window.print());
}
