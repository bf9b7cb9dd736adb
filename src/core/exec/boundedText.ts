// Keeps the head and the tail of a long output and counts what lies between, so a cell that
// prints 500 MB holds at most `limit` bytes in memory.
import { formatBytes } from '../units';

export class BoundedText {
  private head = '';
  private headBytes = 0;
  private tail: string[] = [];
  private tailBytes = 0;
  private dropped = 0;
  private readonly headLimit: number;
  private readonly tailLimit: number;

  constructor(limit: number) {
    this.headLimit = Math.floor(limit / 2);
    this.tailLimit = limit - this.headLimit;
  }

  append(text: string): void {
    if (!text) return;
    if (this.headBytes < this.headLimit) {
      const room = this.headLimit - this.headBytes;
      const bytes = Buffer.byteLength(text);
      if (bytes <= room) {
        this.head += text;
        this.headBytes += bytes;
        return;
      }
      const part = sliceBytes(text, room);
      this.head += part;
      this.headBytes += Buffer.byteLength(part);
      text = text.slice(part.length);
      // The head is full: nothing more ever goes there.
      this.headBytes = this.headLimit;
    }
    const bytes = Buffer.byteLength(text);
    this.tail.push(text);
    this.tailBytes += bytes;
    while (this.tail.length > 1 && this.tailBytes - Buffer.byteLength(this.tail[0]) >= this.tailLimit) {
      const first = this.tail.shift()!;
      const b = Buffer.byteLength(first);
      this.tailBytes -= b;
      this.dropped += b;
    }
    if (this.tail.length > 64) this.tail = [this.tail.join('')];
  }

  /** Bytes seen but not kept. */
  get omittedBytes(): number {
    return this.dropped + Math.max(0, this.tailBytes - this.tailLimit);
  }

  /** Head, a "N bytes left out" line, and tail. */
  toString(): string {
    let tail = this.tail.join('');
    const over = this.tailBytes - this.tailLimit;
    if (over > 0) tail = lastBytes(tail, this.tailLimit);
    const omitted = this.omittedBytes;
    if (!omitted) return this.head + tail;
    const sep = this.head.endsWith('\n') || this.head === '' ? '' : '\n';
    return `${this.head}${sep}\n… ${omittedSize(omitted)} left out …\n\n${tail}`;
  }
}

/** The longest prefix of `text` that fits in `bytes` UTF-8 bytes. */
function sliceBytes(text: string, bytes: number): string {
  if (Buffer.byteLength(text) <= bytes) return text;
  // Fast path for ASCII-ish text, then shrink until it fits.
  let end = Math.min(text.length, bytes);
  while (end > 0 && Buffer.byteLength(text.slice(0, end)) > bytes) end = Math.floor(end * 0.9);
  return text.slice(0, end);
}

/** The longest suffix of `text` that fits in `bytes` UTF-8 bytes. */
function lastBytes(text: string, bytes: number): string {
  let out = text.slice(-bytes);
  while (Buffer.byteLength(out) > bytes) out = out.slice(Math.max(1, Math.floor(out.length * 0.05)));
  return out;
}

/** `512 bytes`, or `9.7 KB (9900 bytes)`: the exact count, since a person may look for it. */
function omittedSize(n: number): string {
  return n < 1024 ? `${n} bytes` : `${formatBytes(n)} (${n} bytes)`;
}
