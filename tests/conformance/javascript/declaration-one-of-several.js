// A pattern that declares one name matches each declarator of a declaration of several.
// ruleid: conformance.javascript.declaration-one-of-several
var exec = require('child_process').exec, fs = require('fs');
// ruleid: conformance.javascript.declaration-one-of-several
var path = require('path'), spawn = require('child_process').spawn;
// ruleid: conformance.javascript.declaration-one-of-several
var execSync = require('child_process').execSync;
// ok: conformance.javascript.declaration-one-of-several
var os = require('os'), util = require('util');
