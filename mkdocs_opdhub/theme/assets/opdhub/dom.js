/* mkdocs-opdhub: small DOM helpers shared by the browser modules. Text is only ever set as text. */

/** ``<tag attrs>children</tag>``; ``attrs.text`` becomes the element's text (textContent). */
export function el(tag, attrs, children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs || {})) {
    if (name === "text") node.textContent = value;
    else node.setAttribute(name, value);
  }
  for (const child of children || []) if (child) node.appendChild(child);
  return node;
}

/** Say ``text`` to screen readers (a polite live region of the page). */
export function announce(text) {
  let region = document.getElementById("opdhub:announce");
  if (!region) {
    region = el("div", { id: "opdhub:announce", class: "opdhub-visually-hidden", "aria-live": "polite" });
    document.body.appendChild(region);
  }
  region.textContent = "";
  window.setTimeout(() => {
    region.textContent = text;
  }, 30);
}

/** Save ``text`` as a file named ``name``. */
export function download(name, type, text) {
  const url = URL.createObjectURL(new Blob([text], { type }));
  const link = el("a", { href: url, download: name, hidden: "" });
  document.body.appendChild(link);
  link.click();
  link.remove();
  window.setTimeout(() => URL.revokeObjectURL(url), 10000);
}

/** ``fn`` when the page is idle (or soon, where browsers have no idle callback). */
export function whenIdle(fn, fallbackMs = 50) {
  if (window.requestIdleCallback) return window.requestIdleCallback(fn);
  return window.setTimeout(() => fn({ timeRemaining: () => 8 }), fallbackMs);
}

/** ``fn(item)`` for every item of ``list``, in order, a few milliseconds a frame: a long list's
 *  work never holds the page for long (a phone is several times slower than a desktop). */
export function inSlices(list, fn, budgetMs = 6) {
  const queue = Array.from(list);
  const step = () => {
    const start = performance.now();
    while (queue.length && performance.now() - start < budgetMs) fn(queue.shift());
    if (queue.length) window.requestAnimationFrame(step);
  };
  step();
}

/** ``fn()`` once ``element`` comes within about a screen of the viewport (at once where browsers
 *  cannot tell): work for what the reader has not reached yet waits until they near it. */
export function whenNear(element, fn) {
  if (!window.IntersectionObserver) return fn();
  const observer = new IntersectionObserver(
    (entries) => {
      if (!entries.some((entry) => entry.isIntersecting)) return;
      observer.disconnect();
      fn();
    },
    { rootMargin: "100% 0px" },
  );
  observer.observe(element);
}
