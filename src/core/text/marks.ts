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
 * collapsed, so the rest is spoken and hashed as if they were never there), and where each one
 * was: the offset where the next word starts. `problem` says what is wrong, if anything: a bad
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
  for (const match of text.matchAll(MARK)) {
    append(text.slice(last, match.index));
    last = match.index + match[0].length;
    const name = match[2]!;
    if (!MARK_NAME.test(name)) {
      problem ??= `the mark name "${name}" is not usable: start with a letter and use letters, digits, "_", "." or "-".`;
    } else if (marks.some((mark) => mark.name === name)) {
      problem ??= `the mark "${name}" appears twice; give each mark of a cue its own name.`;
    }
    marks.push({name, offset: out.length});
  }
  append(text.slice(last));
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
