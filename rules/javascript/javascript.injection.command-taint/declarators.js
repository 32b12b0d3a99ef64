// Several declarators in one `var`, and a member of `require(...)`.
var exec = require('child_process').exec, fs = require('fs');

function tail(req, res) {
  // ruleid: javascript.injection.command-taint
  exec('tail ' + req.query.file, (err, out) => res.send(out));
  fs.readFile('/etc/motd', () => {});
}

module.exports = { tail };
