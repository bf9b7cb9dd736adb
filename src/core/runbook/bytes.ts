// Bytes ↔ runbook: the BOM, text that is not UTF-8, and files too large to show as cells.
// Whatever cannot be shown faithfully is kept verbatim and written back unchanged.
import { parseRunbook } from './parse';
import { serializeRunbook, type DocumentToWrite } from './serialize';
import type { RunbookCell, RunbookDocument, Verbatim } from './types';

export const DEFAULT_MAX_BYTES = 20 * 1024 * 1024;

const utf8 = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true });
const lossy = new TextDecoder('utf-8', { fatal: false, ignoreBOM: true });
const encoder = new TextEncoder();

function notice(message: string): RunbookCell {
  return {
    kind: 'markup', value: `> **⚠ ${message}**`, language: 'markdown', executor: null, attributes: {}, line: 1,
    role: 'notice', problems: [{ line: 1, message, severity: 'error' }],
  };
}

/** Reads a runbook file. Never throws. */
export function readRunbook(bytes: Uint8Array, opts: { maxBytes?: number } = {}): RunbookDocument {
  const maxBytes = opts.maxBytes ?? DEFAULT_MAX_BYTES;
  const bom = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
  const body = bom ? bytes.subarray(3) : bytes;
  if (bytes.length > maxBytes) {
    const mb = (n: number) => (n / 1024 / 1024).toFixed(1);
    const cell = notice(
      `This file is ${mb(bytes.length)} MB, more than the ${mb(maxBytes)} MB a runbook notebook shows. ` +
        'It is saved back unchanged (cells you add are appended); open it with the text editor to read or edit it.',
    );
    return { cells: [cell], frontmatter: null, problems: cell.problems, prefix: '', bom, eol: '\n', verbatim: { bytes, reason: 'too-large', cellCount: 0 } };
  }
  let text: string;
  try {
    text = utf8.decode(body);
  } catch {
    const doc = parseRunbook(lossy.decode(body));
    const cell = notice(
      'This file is not valid UTF-8 text: what cannot be read shows as �. It is saved back unchanged unless you edit it; an edit writes the file as UTF-8.',
    );
    const cellCount = doc.cells.length;
    doc.cells.unshift(cell);
    doc.problems.unshift(...cell.problems);
    return { ...doc, bom, verbatim: { bytes, reason: 'not-utf8', cellCount } };
  }
  const doc = parseRunbook(text);
  doc.bom = bom;
  if (text.includes('\0')) {
    doc.problems.unshift({ line: 1, message: 'This file contains NUL bytes: it looks binary. Unchanged cells are saved back as they were.', severity: 'warning' });
  }
  return doc;
}

/** Writes a runbook back: the original bytes when nothing that came from them changed. */
export function writeRunbook(doc: DocumentToWrite & { verbatim?: Verbatim }): Uint8Array {
  const cells = doc.cells.filter((c) => c.role !== 'notice');
  const v = doc.verbatim;
  if (v?.reason === 'too-large') {
    // Nothing was parsed, so cells added in the editor can only be appended.
    if (cells.length === 0) return v.bytes;
    const extra = encoder.encode(serializeRunbook({ ...doc, cells, prefix: doc.eol, bom: false }));
    const out = new Uint8Array(v.bytes.length + extra.length);
    out.set(v.bytes);
    out.set(extra, v.bytes.length);
    return out;
  }
  if (v && cells.length === v.cellCount && cells.every((c) => c.source && c.value === c.source.value)) return v.bytes;
  return encoder.encode(serializeRunbook({ ...doc, cells }));
}
