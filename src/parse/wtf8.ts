// UTF-8 bytes of a JSON string value. JSON can hold lone surrogates (`"\ud800"`), which UTF-8 cannot:
// Buffer.from would turn them all into U+FFFD and merge distinct versions. They are written in WTF-8's
// three-byte form instead (bytes that valid UTF-8 never contains), so distinct strings stay distinct.

const LONE_SURROGATE = /\p{Cs}/u;

export function wtf8(value: string): Buffer {
  if (!LONE_SURROGATE.test(value)) return Buffer.from(value, 'utf8');
  const parts: Buffer[] = [];
  for (const char of value) {
    const cp = char.codePointAt(0)!;
    if (cp >= 0xd800 && cp <= 0xdfff) parts.push(Buffer.from([0xe0 | (cp >> 12), 0x80 | ((cp >> 6) & 63), 0x80 | (cp & 63)]));
    else parts.push(Buffer.from(char, 'utf8'));
  }
  return Buffer.concat(parts);
}
