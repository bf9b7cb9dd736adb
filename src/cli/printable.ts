// Text a person typed or a file holds (titles, notes, names, problems quoting a line) may carry
// control characters: ESC starts a terminal escape sequence that can recolour, retitle or rewrite
// the screen, BEL rings, CR overwrites the line. The human output shows them as `\xNN` instead.
// JSON output needs none of this: JSON.stringify escapes control characters itself.

// C0 (except tab and newline, handled below), DEL, C1, and the bidirectional overrides that make
// text read differently from what it is.
const CONTROL = /[\x00-\x08\x0b-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;
const CONTROL_OR_BREAK = /[\x00-\x1f\x7f-\x9f\u202a-\u202e\u2066-\u2069]/g;

function escape(c: string): string {
  const code = c.charCodeAt(0);
  return code < 0x100 ? `\\x${code.toString(16).padStart(2, '0')}` : `\\u${code.toString(16).padStart(4, '0')}`;
}

/** Text of several lines (a message, a command): tabs and newlines kept, other controls escaped. */
export function printable(text: string): string {
  return text.replace(CONTROL, escape);
}

/** One field on one line (a title, a name): a newline in it is escaped too, so it cannot forge a line. */
export function printableLine(text: string): string {
  return text.replace(CONTROL_OR_BREAK, escape);
}
