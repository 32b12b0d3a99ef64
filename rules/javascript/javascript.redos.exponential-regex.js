// ruleid: javascript.redos.exponential-regex
const EMAIL = /^([a-zA-Z0-9])(([\-.]|[_]+)?([a-zA-Z0-9]+))*(@){1}[a-z0-9]+[.]{1}(([a-z]{2,3})|([a-z]{2,3}[.]{1}[a-z]{2,3}))$/;

function isEmail(s) {
  return EMAIL.test(s);
}

function sentence(s) {
  // ruleid: javascript.redos.exponential-regex
  return /^(\w+\s?)*$/.test(s);
}

function list(s) {
  // ruleid: javascript.redos.exponential-regex
  return s.split(new RegExp('(\\s*,\\s*)*;'));
}

class Parser {
  constructor() {
    // ruleid: javascript.redos.exponential-regex
    this.pattern = /(x|x)*y/;
  }

  run(v) {
    return v.match(this.pattern);
  }
}

// ok: javascript.redos.exponential-regex
const SAFE = /^[\w.-]+@[\w-]+(\.[\w-]+)+$/;
function ok(s) {
  return SAFE.test(s);
}

function constant() {
  // ok: javascript.redos.exponential-regex
  return /(a+)+b/.test('aaaa');
}

function endsAnywhere(s) {
  // The match succeeds as soon as one `a` is read: no backtracking.
  // ok: javascript.redos.exponential-regex
  return /(a+)+/.test(s);
}
