export function find(text: string, word: string) {
  // ruleid: typescript.library.regex-injection
  return new RegExp(word).test(text);
}

export function findLiteral(text: string, word: string) {
  const escaped = word.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
  // ok: typescript.library.regex-injection
  return new RegExp(escaped).test(text);
}

function escapeRegExp(s: string) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

export function findWord(text: string, word: string) {
  // ok: typescript.library.regex-injection
  return new RegExp('\\b' + escapeRegExp(word) + '\\b').test(text);
}

const quoteMeta = (s: string) => s.replace(/[-[\]\\/{}()*+?.^$|]/g, '\\$&');

export function findAny(text, words: string[]) {
  // ok: typescript.library.regex-injection
  const any = new RegExp(words.map(quoteMeta).join('|'));
  // ok: typescript.library.regex-injection
  const first = new RegExp(quoteMeta(words[0]));
  return any.test(text) && first.test(text);
}
