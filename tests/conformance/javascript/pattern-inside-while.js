async function drain(queue) {
  // ok: conformance.javascript.pattern-inside-while
  await queue.open();
  while (queue.size > 0) {
    // ruleid: conformance.javascript.pattern-inside-while
    await queue.pop();
    if (queue.flag) {
      // ruleid: conformance.javascript.pattern-inside-while
      const r = await queue.peek();
      console.log(r);
    }
  }
  // ok: conformance.javascript.pattern-inside-while
  await queue.close();
}
