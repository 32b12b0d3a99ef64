// A project function named like a child_process function is not one.
const db = require('./db');

function exec(query) {
  return db.run(query);
}

function handler(req, res) {
  // ok: javascript.injection.command-taint
  res.send(exec(req.query.q));
}

module.exports = { handler };
