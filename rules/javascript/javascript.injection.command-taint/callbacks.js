const cp = require('child_process');

const archive = (name) => {
  // ruleid: javascript.injection.command-taint
  cp.exec('tar czf out.tgz ' + name);
};

function notify(msg) {
  // ruleid: javascript.injection.command-taint
  cp.exec('notify-send ' + msg);
}

function tidy(dir) {
  // ok: javascript.injection.command-taint
  cp.exec('rm -r ' + dir);
}

function upload(req, res) {
  archive(req.body.name);
  [req.query.msg].forEach(notify);
  ['/tmp/a', '/tmp/b'].forEach(tidy);
  res.end('ok');
}

module.exports = { upload };
