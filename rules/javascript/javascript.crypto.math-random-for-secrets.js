function makeToken() {
  // ruleid: javascript.crypto.math-random-for-secrets
  return Math.random().toString(36).substring(2);
}

function reset(user) {
  // ruleid: javascript.crypto.math-random-for-secrets
  const resetCode = Math.floor(Math.random() * 1000000);
  // ruleid: javascript.crypto.math-random-for-secrets
  user.sessionId = Math.random() * 1e16;
  return resetCode;
}

function harmless(items) {
  // ok: javascript.crypto.math-random-for-secrets
  const jitter = Math.random() * 100;
  // ok: javascript.crypto.math-random-for-secrets
  const idx = Math.floor(Math.random() * items.length);
  // ok: javascript.crypto.math-random-for-secrets
  const token = crypto.randomBytes(32).toString("hex");
  return [jitter, idx, token];
}

function nextPromiseTag() {
  // ok: javascript.crypto.math-random-for-secrets
  var PROMISE_ID = Math.random().toString(36).substring(2);
  return PROMISE_ID;
}
