// Pure, so the browser can check what an administrator typed (see ./contract).

/** "ab cd…"/"abcd…"/"AB:CD:…" → "AB:CD:…"; null when it is not 32 bytes of hex. */
export function normalizeFingerprint(text: string): string | null {
  const hex = text.replace(/^sha256\s*[:=]?\s*/i, '').replace(/[\s:]/g, '');
  if (!/^[0-9a-f]{64}$/i.test(hex)) return null;
  return hex.toUpperCase().match(/../g)!.join(':');
}
