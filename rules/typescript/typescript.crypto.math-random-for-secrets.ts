export function makeToken(): string {
  // ruleid: typescript.crypto.math-random-for-secrets
  return Math.random().toString(36).substring(2);
}

export class Session {
  id = 0;
  refresh(): void {
    // ruleid: typescript.crypto.math-random-for-secrets
    const otpCode: number = Math.floor(Math.random() * 1000000);
    this.id = otpCode;
  }
}

export function harmless(items: string[]): number {
  // ok: typescript.crypto.math-random-for-secrets
  const delayMs: number = Math.random() * 250;
  // ok: typescript.crypto.math-random-for-secrets
  const pick = items[Math.floor(Math.random() * items.length)];
  return delayMs + pick.length;
}

function nextPromiseTag(): string {
  // ok: typescript.crypto.math-random-for-secrets
  const PROMISE_ID = Math.random().toString(36).substring(2);
  return PROMISE_ID;
}
