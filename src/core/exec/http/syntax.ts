// The REST Client request format: `METHOD URL [HTTP/x]`, header lines, a blank line, the body.
// Several requests are separated by `###`; `#` and `//` lines are comments.
import { replaceVariableReferences } from '../../variableReferences';

export interface HttpRequestSpec {
  method: string;
  url: string;
  headers: Array<[string, string]>;
  body: string | undefined;
  /** 1-based line of the request line in the cell. */
  line: number;
}

const METHODS = new Set(['GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS', 'TRACE', 'CONNECT']);

export function parseHttpRequests(code: string): HttpRequestSpec[] {
  const lines = code.replace(/\r\n?/g, '\n').split('\n');
  const blocks: Array<{ start: number; lines: string[] }> = [{ start: 0, lines: [] }];
  lines.forEach((l, i) => {
    if (/^###/.test(l.trim())) blocks.push({ start: i + 1, lines: [] });
    else blocks[blocks.length - 1].lines.push(l);
  });
  const out: HttpRequestSpec[] = [];
  for (const b of blocks) {
    const spec = parseOne(b.lines, b.start);
    if (spec) out.push(spec);
  }
  if (out.length === 0) throw new Error('no request: write `METHOD URL`, e.g. `GET https://example.com/health`');
  return out;
}

function isComment(l: string): boolean {
  const t = l.trim();
  return t.startsWith('#') || t.startsWith('//');
}

function parseOne(lines: string[], offset: number): HttpRequestSpec | null {
  let i = 0;
  while (i < lines.length && (lines[i].trim() === '' || isComment(lines[i]))) i++;
  if (i >= lines.length) return null;
  const lineNo = offset + i + 1;
  let requestLine = lines[i].trim();
  i++;
  // A URL's query may continue on indented lines starting with ? or &.
  while (i < lines.length && /^\s+[?&]/.test(lines[i])) requestLine += lines[i++].trim();
  const parts = requestLine.split(/\s+/);
  let method = 'GET';
  if (METHODS.has(parts[0].toUpperCase()) && parts.length > 1) method = parts.shift()!.toUpperCase();
  else if (/^[A-Za-z]+$/.test(parts[0]) && parts.length > 1) throw new Error(`line ${lineNo}: unknown HTTP method ${parts[0]}`);
  if (parts.length > 1 && /^HTTP\/\d/i.test(parts[parts.length - 1])) parts.pop();
  const url = parts.join(' ');
  if (!url) throw new Error(`line ${lineNo}: no URL`);
  const headers: Array<[string, string]> = [];
  for (; i < lines.length; i++) {
    const l = lines[i];
    if (l.trim() === '') {
      i++;
      break;
    }
    if (isComment(l)) continue;
    const colon = l.indexOf(':');
    if (colon <= 0) throw new Error(`line ${offset + i + 1}: expected a header \`Name: value\`, got: ${l.trim()}`);
    headers.push([l.slice(0, colon).trim(), l.slice(colon + 1).trim()]);
  }
  const bodyLines = lines.slice(i);
  while (bodyLines.length && bodyLines[bodyLines.length - 1].trim() === '') bodyLines.pop();
  const body = bodyLines.length ? bodyLines.join('\n') : undefined;
  return { method, url, headers, body, line: lineNo };
}

/** Replaces `{{VAR}}` always and `$VAR` / `${VAR}` where VAR is set. Unknown `{{VAR}}` throws. */
export function substituteVariables(text: string, env: Record<string, string>): string {
  const withTemplates = text.replace(/\{\{\s*([A-Za-z_][A-Za-z0-9_.-]*)\s*\}\}/g, (m, name: string) => {
    if (name in env) return env[name];
    throw new Error(`variable ${name} is not set`);
  });
  return replaceVariableReferences(withTemplates, (name, whole) => (name in env ? env[name] : whole));
}
