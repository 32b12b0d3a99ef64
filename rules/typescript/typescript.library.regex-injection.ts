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
