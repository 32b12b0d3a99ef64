export function find(text, word) {
  // ruleid: javascript.library.regex-injection
  return new RegExp(word).test(text);
}

export function findLiteral(text, word) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ok: javascript.library.regex-injection
  return new RegExp(escaped).test(text);
}

function escapeRegExp(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findWord(text, word) {
  // ok: javascript.library.regex-injection
  return new RegExp('\\b' + escapeRegExp(word) + '\\b').test(text);
}

const quoteMeta = (s) => s.replace(/[-[\]\\/{}()*+?.^$|]/g, '\\$&');

export function findAny(text, words) {
  // ok: javascript.library.regex-injection
  const any = new RegExp(words.map(quoteMeta).join('|'));
  // ok: javascript.library.regex-injection
  const first = new RegExp(quoteMeta(words[0]));
  return any.test(text) && first.test(text);
}
