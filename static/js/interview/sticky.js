// The question page's sticky bars: the header (position, clock, End) at the top, and the
// rating bar with "Next" at the bottom. Their heights go to --sticky-top and
// --sticky-bottom on <html>, which reveal.css turns into scroll padding: whatever is
// scrolled into view (by focus, a link, a key) stops clear of them. On phones the header
// also shows the question, small, once its heading has scrolled away.

const root = document.documentElement;
let resized = null; // one ResizeObserver for the bars on the page
let headingWatch = null; // one IntersectionObserver for the question's heading

// The room a bar takes on its side of the screen; the header's small title counts even
// while it is invisible, so it never appears over what was just scrolled into view.
function room(bar) {
  const box = bar.getBoundingClientRect();
  const title = bar.querySelector(".qp-mini-title");
  const titleBox = title && getComputedStyle(title).display !== "none" && title.getBoundingClientRect();
  return titleBox ? Math.max(box.bottom, titleBox.bottom) - box.top : box.height;
}

function measure() {
  const sides = { top: 0, bottom: 0 };
  document.querySelectorAll("[data-sticky]").forEach(function (bar) {
    // A bar is sticky only at some widths (the rating bar on wide screens): count it then.
    if (bar.isConnected && getComputedStyle(bar).position === "sticky") {
      const side = bar.dataset.sticky;
      sides[side] = Math.max(sides[side], room(bar));
    }
  });
  root.style.setProperty("--sticky-top", Math.ceil(sides.top) + "px");
  root.style.setProperty("--sticky-bottom", Math.ceil(sides.bottom) + "px");
}

function watchHeading() {
  if (headingWatch) {
    headingWatch.disconnect();
    headingWatch = null;
  }
  const header = document.querySelector(".qp-header-sticky");
  const heading = document.getElementById("question-title");
  const title = header && header.querySelector(".qp-mini-title");
  if (!title || !heading || !("IntersectionObserver" in window)) {
    return;
  }
  const below = Math.ceil(header.getBoundingClientRect().height);
  headingWatch = new IntersectionObserver(
    function (entries) {
      const entry = entries[entries.length - 1];
      const gone = !entry.isIntersecting && entry.boundingClientRect.top < below;
      title.toggleAttribute("data-shown", gone);
    },
    { rootMargin: "-" + below + "px 0px 0px 0px" }
  );
  headingWatch.observe(heading);
}

// Call on load and after every swap: bars come and go with the question panel.
export function reserveStickyRoom() {
  if (!resized && "ResizeObserver" in window) {
    resized = new ResizeObserver(measure);
    window.addEventListener("resize", measure);
  }
  if (resized) {
    resized.disconnect();
    document.querySelectorAll("[data-sticky]").forEach(function (bar) {
      resized.observe(bar);
    });
  }
  measure();
  watchHeading();
}
