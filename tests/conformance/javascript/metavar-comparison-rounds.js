const bcrypt = require("bcrypt");

async function store(pw, rounds) {
  // ruleid: conformance.javascript.metavar-comparison-rounds
  await bcrypt.hash(pw, 4);
  // ruleid: conformance.javascript.metavar-comparison-rounds
  await bcrypt.hash(pw, 9);
  // ok: conformance.javascript.metavar-comparison-rounds
  await bcrypt.hash(pw, 10);
  // ok: conformance.javascript.metavar-comparison-rounds
  await bcrypt.hash(pw, 12);
  // ok: conformance.javascript.metavar-comparison-rounds
  await bcrypt.hash(pw, rounds);
}
