export function render(results: HTMLElement, query: string, html: string): void {
  // ruleid: typescript.xss.dom-html-sink
  results.innerHTML = `<h2>Results for ${query}</h2>`;
  // ruleid: typescript.xss.dom-html-sink
  results.outerHTML = "<div>" + query + "</div>";
  // ok: typescript.xss.dom-html-sink
  results.textContent = `Results for ${query}`;
  // ok: typescript.xss.dom-html-sink
  results.innerHTML = DOMPurify.sanitize(html);
}
