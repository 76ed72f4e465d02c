/**
 * Control characters from documents never reach a terminal raw (as git and eslint's formatters
 * keep them out): a title or key holding `ESC [2K` or an OSC sequence would rewrite the screen or
 * the window title. Each C0 and C1 control but tab and line feed, DEL, and the bidirectional
 * overrides is printed as its `\uXXXX` escape, which in JSON output is the same character.
 */

// Our own styles (lint's severities, show's bold and italics) are the only escapes let through.
const OWN_STYLE = '\\u001b\\[(?:0|1|2|3|4|31|33|34)m';
const CONTROL = '[\\u0000-\\u0008\\u000b-\\u001f\\u007f-\\u009f\\u202a-\\u202e\\u2066-\\u2069]';
const CONTROLS = new RegExp(CONTROL, 'g');
const CONTROLS_BUT_OWN_STYLES = new RegExp(`${OWN_STYLE}|${CONTROL}`, 'g');

function escaped(character: string): string {
  return `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`;
}

/** Text from a document, safe to print and to style. */
export function terminalText(text: string): string {
  return text.replace(CONTROLS, escaped);
}

/** Output on its way to the terminal: every control escaped except kpep's own styles. */
export function terminalOutput(text: string): string {
  return text.replace(CONTROLS_BUT_OWN_STYLES, (match) => (match.length > 1 ? match : escaped(match)));
}
