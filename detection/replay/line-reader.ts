import { open } from 'node:fs/promises';

/** Size of each read from the file, and the first size of the line buffer. */
const CHUNK_BYTES = 1 << 20;
/**
 * Size of the line buffer at most. A login record is well under a kilobyte; a line this long or
 * longer is passed on as `oversized` (the replay counts it as skipped), so one line without a
 * line feed cannot make the buffer grow without bound.
 */
export const MAX_LINE_BYTES = 16 << 20;

const LINE_FEED = 10;
const CARRIAGE_RETURN = 13;

/** Receives the lines of a file as byte ranges of a buffer that is reused after the call. */
export interface LineVisitor {
  /** One line, `bytes[start, end)`, without its line feed or a carriage return before it. */
  line(bytes: Buffer, start: number, end: number): void;
  /** A line of `MAX_LINE_BYTES` or more, left out. */
  oversized?(): void;
  /** After each read, with the bytes read from the file so far. */
  chunk?(bytesRead: number): void;
}

/**
 * Reads a file line by line into one reused buffer: no string is made for a line unless the
 * visitor makes one, and the lines of each read are visited synchronously (a promise per line
 * would cost more than the detection itself). Empty lines are skipped, and so is a UTF-8 byte
 * order mark at the start of the file.
 */
export async function forEachLine(path: string, visitor: LineVisitor): Promise<void> {
  const file = await open(path, 'r');
  let buffer: Buffer = Buffer.allocUnsafe(CHUNK_BYTES);
  // buffer[0, filled) holds bytes read and not yet visited: the start of an unfinished line.
  let filled = 0;
  let bytesRead = 0;
  let skipping = false;
  try {
    for (;;) {
      if (filled === buffer.length) {
        if (buffer.length < MAX_LINE_BYTES) {
          buffer = grow(buffer, filled);
        } else {
          // The line is too long: drop what is held and skip to its end.
          visitor.oversized?.();
          skipping = true;
          filled = 0;
        }
      }
      const { bytesRead: count } = await file.read(buffer, filled, buffer.length - filled, null);
      if (count === 0) break;
      // A UTF-8 byte order mark (an editor's or PowerShell's) is not part of the first line.
      let start = bytesRead === 0 && count >= 3 && hasByteOrderMark(buffer) ? 3 : 0;
      bytesRead += count;
      let newline = buffer.indexOf(LINE_FEED, filled);
      filled += count;
      while (newline !== -1 && newline < filled) {
        if (skipping) skipping = false;
        else visitLine(visitor, buffer, start, newline);
        start = newline + 1;
        newline = buffer.indexOf(LINE_FEED, start);
      }
      if (skipping) start = filled;
      buffer.copyWithin(0, start, filled);
      filled -= start;
      visitor.chunk?.(bytesRead);
    }
    if (!skipping && filled > 0) visitLine(visitor, buffer, 0, filled);
  } finally {
    await file.close();
  }
}

function hasByteOrderMark(bytes: Buffer): boolean {
  return bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf;
}

function grow(buffer: Buffer, filled: number): Buffer {
  const larger = Buffer.allocUnsafe(Math.min(buffer.length * 2, MAX_LINE_BYTES));
  buffer.copy(larger, 0, 0, filled);
  return larger;
}

function visitLine(visitor: LineVisitor, bytes: Buffer, start: number, end: number): void {
  if (end > start && bytes[end - 1] === CARRIAGE_RETURN) end -= 1;
  if (end > start) visitor.line(bytes, start, end);
}
