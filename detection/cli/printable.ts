// C0 controls, DEL, C1 controls, the line and paragraph separators and the bidi embeddings,
// overrides and isolates: each can move the cursor, retitle or clear a terminal, forge a line
// or reorder what is shown.
// eslint-disable-next-line no-control-regex
const UNPRINTABLE = /[\u0000-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/g;

/**
 * Text from input made safe to print on a terminal: every control character, line separator
 * and bidi control becomes a visible `\uXXXX`, so a value can neither run escape sequences nor
 * start a line of its own. Newlines are escaped too: apply it to values, not to whole lines.
 */
export function printable(text: string): string {
  return text.replace(
    UNPRINTABLE,
    (character) => `\\u${character.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}

/** A value quoted for a message on a terminal: JSON quotes, then {@link printable}. */
export function quotePrintable(text: string): string {
  return printable(JSON.stringify(text));
}
