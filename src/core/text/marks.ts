import {isSetTight} from './cjk-punctuation.ts';

/** A bookmark in a cue's text: `<mark name="chart"/>`, at `offset` of the text without marks. */
export type TextMark = {name: string; offset: number};

/** SSML's spelling of a bookmark; quotes either way, the slash optional. */
const MARK = /<mark\s+name\s*=\s*(["'])([^"'<>]*)\1\s*\/?>/giu;
/** Any other tag-like text: a speech service would read it aloud. */
const TAG = /<\/?[A-Za-z][\w:-]*(?:\s[^<>]*)?\/?>/u;
/** What a mark's name may be: it becomes a property of `useNarrationCue(id).marks`. */
const MARK_NAME = /^[A-Za-z_][A-Za-z0-9_.-]*$/;

/**
 * The text with its `<mark name="..."/>` bookmarks taken out (and the space around them
 * collapsed, or removed between two Chinese characters, which are written without one, so the
 * rest is spoken and hashed as if they were never there), and where each one was: the offset
 * where the next word (in Chinese text, the next character) starts. `problem` says what is wrong, if anything: a bad
 * or repeated name, or another tag (`<break/>`, `<b>`), which the service would read aloud.
 * Takes and returns normalized text.
 */
export const extractMarks = (text: string): {text: string; marks: TextMark[]; problem: string | null} => {
  const marks: TextMark[] = [];
  let problem: string | null = null;
  let out = '';
  let last = 0;
  const append = (piece: string) => {
    out += out.endsWith(' ') && piece.startsWith(' ') ? piece.slice(1) : piece;
  };
  const matches = [...text.matchAll(MARK)];
  const tight = tightRuns(text, matches);
  matches.forEach((match, index) => {
    let piece = text.slice(last, match.index);
    // Chinese is written without spaces: the spaces that set a mark apart in the source are not
    // the text's, so neither the speech service nor the captions get them.
    if (tight[index]) piece = index > 0 && tight[index - 1] === tight[index] ? '' : piece.trimEnd();
    if (index > 0 && tight[index - 1] && tight[index - 1] !== tight[index]) piece = piece.trimStart();
    append(piece);
    last = match.index + match[0].length;
    const name = match[2]!;
    if (!MARK_NAME.test(name)) {
      problem ??= `the mark name "${name}" is not usable: start with a letter and use letters, digits, "_", "." or "-".`;
    } else if (marks.some((mark) => mark.name === name)) {
      problem ??= `the mark "${name}" appears twice; give each mark of a cue its own name.`;
    }
    marks.push({name, offset: out.length});
  });
  const rest = text.slice(last);
  append(matches.length > 0 && tight.at(-1) ? rest.trimStart() : rest);
  const leading = out.length - out.trimStart().length;
  out = out.trim();
  const tag = TAG.exec(out);
  if (tag) {
    problem ??= `the text holds "${tag[0]}", which the speech service would read aloud. Only bookmarks (<mark name="..."/>) may be written in a cue; remove the tag.`;
  }
  return {
    text: out,
    marks: marks.map((mark) => ({name: mark.name, offset: Math.min(out.length, Math.max(0, mark.offset - leading))})),
    problem,
  };
};

/**
 * For each mark, its run (the marks around it with only spaces between them) when the run stands
 * between two characters of Chinese text, which is written without spaces (see `isSetTight`); null otherwise.
 */
const tightRuns = (text: string, matches: readonly RegExpExecArray[]): ({start: number; end: number} | null)[] => {
  const runs: {start: number; end: number}[] = [];
  const runOf = matches.map((match) => {
    const run = runs.at(-1);
    if (run && /^\s*$/u.test(text.slice(run.end, match.index))) run.end = match.index + match[0].length;
    else runs.push({start: match.index, end: match.index + match[0].length});
    return runs.at(-1)!;
  });
  return runOf.map((run) => {
    const before = [...text.slice(0, run.start).trimEnd()].at(-1);
    const after = [...text.slice(run.end).trimStart()][0];
    return before !== undefined && after !== undefined && isSetTight(before) && isSetTight(after) ? run : null;
  });
};
