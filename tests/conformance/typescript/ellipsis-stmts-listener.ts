function wire(el: HTMLElement, h: () => void): void {
  // ruleid: conformance.typescript.ellipsis-stmts-listener
  el.addEventListener("click", h);
  console.log("wired");
  el.removeEventListener("click", h);
}

function mismatch(el: HTMLElement, h: () => void): void {
  // ok: conformance.typescript.ellipsis-stmts-listener
  el.addEventListener("click", h);
  el.removeEventListener("keydown", h);
}

function reversed(el: HTMLElement, h: () => void): void {
  el.removeEventListener("click", h);
  // ok: conformance.typescript.ellipsis-stmts-listener
  el.addEventListener("click", h);
}

function scroll(win: Window, f: () => void): void {
  // ruleid: conformance.typescript.ellipsis-stmts-listener
  win.addEventListener("scroll", f);
  win.removeEventListener("scroll", f);
}
