import { createReadStream } from 'node:fs';
import { StringDecoder } from 'node:string_decoder';

/** Size of each read from the file. */
const CHUNK_BYTES = 1 << 20;

/**
 * Calls `onLine` for each line of a file, synchronously within each chunk read (a promise per
 * line would cost more than the detection itself), and `onChunk` with the bytes read so far.
 * Carriage returns before a line feed are removed; empty lines are skipped.
 */
export async function forEachLine(
  path: string,
  onLine: (line: string) => void,
  onChunk?: (bytesRead: number) => void,
): Promise<void> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let bytesRead = 0;
  for await (const chunk of createReadStream(path, { highWaterMark: CHUNK_BYTES })) {
    const buffer = chunk as Buffer;
    bytesRead += buffer.length;
    const text = rest + decoder.write(buffer);
    let start = 0;
    for (let end = text.indexOf('\n'); end !== -1; end = text.indexOf('\n', start)) {
      emit(text, start, end, onLine);
      start = end + 1;
    }
    rest = text.slice(start);
    onChunk?.(bytesRead);
  }
  rest += decoder.end();
  if (rest.length > 0) emit(rest, 0, rest.length, onLine);
}

function emit(text: string, start: number, end: number, onLine: (line: string) => void): void {
  if (end > start && text.charCodeAt(end - 1) === 13) end -= 1;
  if (end > start) onLine(text.slice(start, end));
}
