(() => {
  "use strict";
  const slides = Array.from(document.querySelectorAll(".slide"));
  if (!slides.length) return;
  const root = document.documentElement;
  const W = parseFloat(getComputedStyle(root).getPropertyValue("--w")) || 960;
  const H = parseFloat(getComputedStyle(root).getPropertyValue("--h")) || 540;
  let current = 0;

  // Scale the 16:9 (or 4:3) slide to the window.
  function fitWindow() {
    root.style.setProperty("--scale", Math.min(innerWidth / W, innerHeight / H));
  }

  // Shrink a slide's text until its content fits; scroll only past the floor.
  function fitText(slide) {
    const wasHidden = slide.hidden;
    slide.hidden = false;
    const content = slide.querySelector(".content");
    let size = 20;
    slide.style.fontSize = size + "px";
    while (content.scrollHeight > content.clientHeight + 1 && size > 12) {
      size -= 0.5;
      slide.style.fontSize = size + "px";
    }
    if (content.scrollHeight > content.clientHeight + 1) {
      slide.classList.add("overflowing");
      console.warn("slide " + slide.dataset.n + " does not fit, even at 12px");
    }
    slide.hidden = wasHidden;
  }

  const panel = document.createElement("aside");
  panel.id = "notes-panel";
  panel.setAttribute("aria-label", "Speaker notes");
  document.body.appendChild(panel);

  function showNotes() {
    const notes = slides[current].querySelector(".notes");
    panel.replaceChildren(...(notes ? Array.from(notes.childNodes, (n) => n.cloneNode(true)) : []));
  }

  function show(i) {
    i = Math.max(0, Math.min(slides.length - 1, i));
    slides[current].hidden = true;
    slides[current].classList.remove("active");
    current = i;
    slides[i].hidden = false;
    slides[i].classList.add("active");
    const hash = "#" + (i + 1);
    if (location.hash !== hash) history.replaceState(null, "", hash);
    document.title = document.title.replace(/ \(\d+\/\d+\)$/, "") + " (" + (i + 1) + "/" + slides.length + ")";
    showNotes();
  }

  function fromHash() {
    const n = parseInt(location.hash.slice(1), 10);
    return Number.isFinite(n) ? n - 1 : 0;
  }

  document.addEventListener("keydown", (e) => {
    if (e.altKey || e.ctrlKey || e.metaKey) return;
    switch (e.key) {
      case "ArrowRight": case "ArrowDown": case "PageDown": case " ": case "Enter":
        show(current + 1); break;
      case "ArrowLeft": case "ArrowUp": case "PageUp": case "Backspace":
        show(current - 1); break;
      case "Home": show(0); break;
      case "End": show(slides.length - 1); break;
      case "f": case "F":
        if (document.fullscreenElement) document.exitFullscreen();
        else if (root.requestFullscreen) root.requestFullscreen().catch(() => {});
        break;
      case "n": case "N": document.body.classList.toggle("show-notes"); break;
      default: return;
    }
    e.preventDefault();
  });

  document.addEventListener("click", (e) => {
    if (e.target.closest("a, #notes-panel")) return;
    show(e.clientX < innerWidth / 3 ? current - 1 : current + 1);
  });

  addEventListener("hashchange", () => show(fromHash()));
  addEventListener("resize", fitWindow);

  if (/[?&#]notes\b/.test(location.search) || new URLSearchParams(location.search).has("notes")) {
    document.body.classList.add("show-notes");
  }
  fitWindow();
  slides.forEach(fitText);
  slides.forEach((s) => { s.hidden = true; });
  current = 0;
  show(fromHash());
})();
