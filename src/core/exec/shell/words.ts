// A small shell lexer, enough to classify a cell: splits it into simple commands (at `;`, `&&`,
// `||`, `|`, `&`, newlines), each a list of words with quotes removed, plus where output is redirected.
export interface SimpleCommand {
  words: string[];
  /** Targets of `>` / `>>` (not `>&2`, `2>&1`). */
  redirects: string[];
}

export function splitShellCommands(code: string): SimpleCommand[] {
  const out: SimpleCommand[] = [];
  let cur: SimpleCommand = { words: [], redirects: [] };
  let word: string | null = null;
  let redirectNext = false;
  const endWord = () => {
    if (word === null) return;
    if (redirectNext) {
      cur.redirects.push(word);
      redirectNext = false;
    } else cur.words.push(word);
    word = null;
  };
  const endCommand = () => {
    endWord();
    if (cur.words.length || cur.redirects.length) out.push(cur);
    cur = { words: [], redirects: [] };
  };
  const s = code.replace(/\\\r?\n/g, ' ');
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "'") {
      const end = s.indexOf("'", i + 1);
      word = (word ?? '') + s.slice(i + 1, end < 0 ? s.length : end);
      i = end < 0 ? s.length : end;
    } else if (c === '"') {
      let j = i + 1;
      let text = '';
      while (j < s.length && s[j] !== '"') {
        if (s[j] === '\\' && j + 1 < s.length) text += s[++j];
        else text += s[j];
        j++;
      }
      word = (word ?? '') + text;
      i = j;
    } else if (c === '\\' && i + 1 < s.length) {
      word = (word ?? '') + s[++i];
    } else if (c === '#' && word === null) {
      const nl = s.indexOf('\n', i);
      i = nl < 0 ? s.length : nl - 1;
    } else if (c === '\n' || c === ';' || c === '|' || c === '&' || c === '(' || c === ')') {
      // `2>&1` and `>&2` are fd duplications, not a command separator.
      if (c === '&' && s[i - 1] === '>') continue;
      if (c === '&' && s[i + 1] === '>') {
        endWord();
        continue;
      }
      endCommand();
    } else if (c === '>' || c === '<') {
      const fd = word !== null && /^\d$/.test(word) ? word : null;
      if (fd !== null) word = null;
      endWord();
      if (c === '>') {
        if (s[i + 1] === '>') i++;
        if (s[i + 1] === '&') {
          // `>&2`: duplicate, skip the fd number
          i++;
          while (/\d|-/.test(s[i + 1] ?? '')) i++;
          continue;
        }
        if (s[i + 1] === '(') continue;
        redirectNext = true;
      } else {
        // Input redirection: the next word is a file read, not an argument; drop it.
        if (s[i + 1] === '<') i++;
        redirectNext = false;
        let j = i + 1;
        while (s[j] === ' ') j++;
        while (j < s.length && !/[\s;|&]/.test(s[j])) j++;
        i = j - 1;
      }
    } else if (/\s/.test(c)) {
      endWord();
    } else {
      word = (word ?? '') + c;
    }
  }
  endCommand();
  return out;
}
