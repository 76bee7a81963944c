// For each button, link and field: scroll it to the top, then to the bottom of the screen
// (as focus, links and keys do), wait for the page to react (the header's small title), and
// ask the browser what a click at its visible points would hit. Returns what a sticky bar
// covered, and the names of the elements checked. Used by test_sticky_bars.py.
async () => {
  const frame = () =>
    new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const stickyBar = node => {
    for (; node && node.nodeType === 1; node = node.parentElement) {
      const position = getComputedStyle(node).position;
      if (position === "sticky" || position === "fixed") return node;
    }
    return null;
  };
  const visibleRect = element => {
    const box = element.getBoundingClientRect();
    let [left, top, right, bottom] = [box.left, box.top, box.right, box.bottom];
    left = Math.max(left, 0); top = Math.max(top, 0);
    right = Math.min(right, innerWidth); bottom = Math.min(bottom, innerHeight);
    for (let node = element.parentElement; node !== document.body; node = node.parentElement) {
      const style = getComputedStyle(node);
      if (style.overflowX !== "visible" || style.overflowY !== "visible") {
        const clip = node.getBoundingClientRect();
        left = Math.max(left, clip.left); top = Math.max(top, clip.top);
        right = Math.min(right, clip.right); bottom = Math.min(bottom, clip.bottom);
      }
    }
    return right - left >= 2 && bottom - top >= 2 ? { left, top, right, bottom } : null;
  };
  const name = (element) =>
    (element.getAttribute("aria-label") || element.textContent || element.name || element.tagName)
      .trim()
      .replace(/\s+/g, " ")
      .slice(0, 40);
  const selector = "a[href], button, input:not([type=hidden]), textarea, select, summary";
  const problems = [];
  const checked = new Set();
  for (const element of document.querySelectorAll(selector)) {
    const box = element.getBoundingClientRect();
    // Not drawn (a closed <details>, the menu on a phone) or drawn 1 px (visually hidden).
    if (!element.checkVisibility({ visibilityProperty: true }) || box.width < 2 || box.height < 2) {
      continue;
    }
    for (const block of ["start", "end"]) {
      element.scrollIntoView({ block, inline: "nearest" });
      await frame();
      const rect = visibleRect(element);
      if (!rect) continue;  // out of sight by design (the skip link until focused)
      checked.add(name(element));
      // Taller than the room between the bars (a figure): the edge it was scrolled to.
      const tall = rect.bottom - rect.top > innerHeight * 0.6;
      const rows = !tall ? [0.15, 0.5, 0.85] : block === "start" ? [0.15] : [0.85];
      for (const fx of [0.15, 0.5, 0.85]) {
        for (const fy of rows) {
          const x = rect.left + (rect.right - rect.left) * fx;
          const y = rect.top + (rect.bottom - rect.top) * fy;
          const hit = document.elementFromPoint(x, y);
          const bar = hit && stickyBar(hit);
          if (bar && !bar.contains(element)) {
            const where = `${Math.round(x)},${Math.round(y)} at scrollY ${Math.round(scrollY)}`;
            const what = `${name(element)} (scrolled to ${block})`;
            problems.push(`${what} under ${bar.className || bar.tagName} at ${where}`);
          }
        }
      }
    }
  }
  window.scrollTo(0, 0);
  return { problems: [...new Set(problems)], checked: [...checked] };
}
