// Recursive merge: the recursive call receives target[key], so with key "__proto__" the
// second level writes into Object.prototype.
function merge(target, source) {
  for (const key in source) {
    if (typeof source[key] === 'object' && source.hasOwnProperty(key)) {
      // ruleid: typescript.prototype-pollution.unguarded-deep-write
      if (!target[key]) target[key] = {};
      merge(target[key], source[key]);
    } else {
      // The same object again: reported once, at its first write.
      target[key] = source[key];
    }
  }
  return target;
}

// Path setter: set(obj, "__proto__.isAdmin", true).
function setPath(obj, path, value) {
  const parts = path.split('.');
  let cur = obj;
  for (let i = 0; i < parts.length - 1; i++) {
    // ruleid: typescript.prototype-pollution.unguarded-deep-write
    if (!cur[parts[i]]) cur[parts[i]] = {};
    cur = cur[parts[i]];
  }
  cur[parts[parts.length - 1]] = value;
}

// Object.keys callback with recursion.
const deepAssign = (dst, src) => {
  Object.keys(src).forEach((k) => {
    if (src[k] && typeof src[k] === 'object') {
      // ruleid: typescript.prototype-pollution.unguarded-deep-write
      deepAssign(dst[k] || (dst[k] = {}), src[k]);
    } else {
      dst[k] = src[k];
    }
  });
};

// Guarded by a comparison with the dangerous names.
function safeMerge(target, source) {
  for (const key in source) {
    if (key === '__proto__' || key === 'constructor' || key === 'prototype') continue;
    if (typeof source[key] === 'object') {
      safeMerge(target[key], source[key]);
    } else {
      // ok: typescript.prototype-pollution.unguarded-deep-write
      target[key] = source[key];
    }
  }
}

// Guarded by an own-property check on the walked object.
function ownSet(obj, path, value) {
  const keys = path.split('.');
  let cur = obj;
  for (const k of keys.slice(0, -1)) {
    if (!Object.prototype.hasOwnProperty.call(cur, k)) return;
    cur = cur[k];
  }
  // ok: typescript.prototype-pollution.unguarded-deep-write
  cur[keys[keys.length - 1]] = value;
}

// One level only: the caller's object gets the properties, its prototype is not reached.
function shallow(target, source) {
  for (const key in source) {
    // ok: typescript.prototype-pollution.unguarded-deep-write
    target[key] = source[key];
  }
}

// Named fields of the input are data; plain index parameters are not keys.
function group(rows, grid, x, y) {
  const out = {};
  rows.forEach((r) => {
    out[r.id] = out[r.id] || {};
    // ok: typescript.prototype-pollution.unguarded-deep-write
    out[r.id][r.name] = r.value;
  });
  // ok: typescript.prototype-pollution.unguarded-deep-write
  grid[x][y] = 1;
  return out;
}

// Typed number indices are not property names.
function put(m: number[][], r: number, c: number, v: number): void {
  // ok: typescript.prototype-pollution.unguarded-deep-write
  m[r][c] = v;
}

function setTyped(o: Record<string, any>, path: string[], v: unknown): void {
  let c = o;
  for (const k of path.slice(0, -1)) c = c[k];
  // ruleid: typescript.prototype-pollution.unguarded-deep-write
  c[path[path.length - 1]] = v;
}
