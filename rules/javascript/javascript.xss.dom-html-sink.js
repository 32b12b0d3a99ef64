function render(results, query, html) {
  // ruleid: javascript.xss.dom-html-sink
  results.innerHTML = "<h2>Results for " + query + "</h2>";
  // ruleid: javascript.xss.dom-html-sink
  document.write(location.hash.slice(1));
  // ruleid: javascript.xss.dom-html-sink
  results.insertAdjacentHTML("beforeend", `<li>${query}</li>`);
  // ok: javascript.xss.dom-html-sink
  results.innerHTML = "<h2>Results</h2>";
  // ok: javascript.xss.dom-html-sink
  results.textContent = "Results for " + query;
  // ok: javascript.xss.dom-html-sink
  results.innerHTML = DOMPurify.sanitize(html);
}
