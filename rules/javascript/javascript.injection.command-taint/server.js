const { listing, runCommand } = require('./shell');
const cp = require('child_process');

function handler(req, res) {
  const dir = req.query.dir;
  // ruleid: javascript.injection.command-taint
  cp.execSync(listing(dir));
  runCommand(req.body.cmd);
  res.end('ok');
}

module.exports = { handler };
