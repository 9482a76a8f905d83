// Request guards: content type, size, JSON, then a shared zod schema. The
// order matters: cheap header checks first, and the body is read with a hard
// byte cap because chunked uploads carry no Content-Length.
import { BODY_MAX_BYTES, describeIssues } from '../lib/shared/contract/schemas';
import type { z } from '../lib/shared/contract/zod';
import { ApiError, invalidRequest } from './errors';
import type { Ctx } from './context';

type Issue = z.core.$ZodIssue;

function joinPath(path: readonly PropertyKey[]): string | undefined {
  return path.length ? path.map(String).join('.') : undefined;
}

function valueAt(input: unknown, path: readonly PropertyKey[]): unknown {
  let value = input;
  for (const key of path) {
    if (typeof value !== 'object' || value === null || !Object.hasOwn(value, key)) return undefined;
    value = (value as Record<PropertyKey, unknown>)[key];
  }
  return value;
}

/**
 * Field + message for the first problem. zod/mini ships no English messages
 * ("Invalid input"), so the generic cases get a sentence here; the shared
 * schemas' own messages pass through describeIssues unchanged.
 */
function describeProblem(issues: readonly Issue[], input: unknown): { field: string | undefined; message: string } {
  // Unknown fields first (as unknown query parameters are), then the known ones in the schema's order.
  const first = issues.find((issue) => issue.code === 'unrecognized_keys') ?? issues[0];
  if (!first) return { field: undefined, message: 'Invalid input.' };
  const field = joinPath(first.path);
  const label = (f: string | undefined, text: string) => (f ? `${f}: ${text}` : text);
  switch (first.code) {
    case 'unrecognized_keys': {
      const unknown = joinPath([...first.path, first.keys[0] ?? '']);
      return { field: unknown, message: label(unknown, 'Unknown field.') };
    }
    case 'invalid_type':
      if (field === undefined) return { field, message: `Expected a JSON ${first.expected}.` };
      if (valueAt(input, first.path) === undefined) return { field, message: label(field, 'Required.') };
      if (first.message === 'Invalid input') return { field, message: label(field, `Expected ${first.expected}.`) };
      break;
    case 'invalid_value':
      if (first.message === 'Invalid input') {
        return { field, message: label(field, `Must be one of: ${first.values.map(String).join(', ')}.`) };
      }
      break;
    default:
      break;
  }
  return describeIssues({ issues: [first] });
}

/** Parse with a shared schema or throw 400 invalid_request naming the field. */
export function parseWith<T>(schema: z.ZodMiniType<T>, input: unknown): T {
  const result = schema.safeParse(input);
  if (result.success) return result.data;
  const { field, message } = describeProblem(result.error.issues, input);
  throw invalidRequest(field, message);
}

function isJsonMediaType(header: string | undefined): boolean {
  if (!header) return false;
  const [type = '', ...params] = header.split(';');
  if (type.trim().toLowerCase() !== 'application/json') return false;
  for (const param of params) {
    const [name = '', value = ''] = param.split('=');
    if (name.trim().toLowerCase() === 'charset' && value.trim().replace(/^"|"$/g, '').toLowerCase() !== 'utf-8') return false;
  }
  return true;
}

async function readCapped(c: Ctx, maxBytes: number): Promise<Uint8Array> {
  const tooLarge = () => new ApiError(413, 'payload_too_large', `The body must be at most ${maxBytes} bytes.`);
  const length = c.req.header('content-length');
  if (length !== undefined && /^\d+$/.test(length.trim()) && Number(length) > maxBytes) throw tooLarge();
  const stream = c.req.raw.body;
  if (!stream) return new Uint8Array(0);
  const reader = stream.getReader();
  const chunks: Uint8Array[] = [];
  let total = 0;
  for (;;) {
    let chunk: ReadableStreamReadResult<Uint8Array>;
    try {
      chunk = await reader.read();
    } catch {
      throw new ApiError(400, 'invalid_request', 'The body could not be read.');
    }
    const { done, value } = chunk;
    if (done) break;
    total += value.byteLength;
    if (total > maxBytes) {
      // Stop buffering at once; the rest of the upload is discarded unread.
      await reader.cancel().catch(() => undefined);
      throw tooLarge();
    }
    chunks.push(value);
  }
  const bytes = new Uint8Array(total);
  let offset = 0;
  for (const chunk of chunks) {
    bytes.set(chunk, offset);
    offset += chunk.byteLength;
  }
  return bytes;
}

/** Content type, size and JSON checks; returns the parsed (still untrusted) value. */
export async function readJson(c: Ctx, maxBytes: number = BODY_MAX_BYTES): Promise<unknown> {
  if (!isJsonMediaType(c.req.header('content-type'))) {
    throw new ApiError(415, 'unsupported_media_type', 'The body must be sent as Content-Type: application/json.');
  }
  const bytes = await readCapped(c, maxBytes);
  let text: string;
  try {
    // ignoreBOM keeps a leading U+FEFF in the text, so it is refused below instead of silently skipped.
    text = new TextDecoder('utf-8', { fatal: true, ignoreBOM: true }).decode(bytes);
  } catch {
    throw new ApiError(400, 'invalid_json', 'The body is not valid UTF-8.');
  }
  // RFC 8259 forbids senders a BOM; refusing it keeps "exactly these bytes" one rule for every implementation.
  if (text.startsWith('\uFEFF')) throw new ApiError(400, 'invalid_json', 'The body starts with a byte order mark (U+FEFF); send JSON without one.');
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch {
    throw new ApiError(400, 'invalid_json', text.trim() === '' ? 'The body is empty; expected JSON.' : 'The body is not valid JSON.');
  }
  return markNonIntegerLiterals(text, value);
}

/** Stands in for a number written with a fraction or exponent, so an integer field's schema refuses it. */
const NON_INTEGER_LITERAL = Object.freeze({ nonIntegerLiteral: true });

// Any JSON token of valid JSON text: a string, a number, punctuation or a literal.
const JSON_TOKEN = /"(?:[^"\\]|\\.)*"|[-\d][-+.\deE]*|[{}[\]:,]|true|false|null/g;

/**
 * The contract's numbers are integers written as integers: `3600.0` and `1e3`
 * parse to 3600 and 1000, so the literal is checked on the text. A top-level
 * member whose value has a fraction or exponent is replaced by a marker that
 * no schema accepts, so it is refused as that field, in field order.
 */
function markNonIntegerLiterals(text: string, value: unknown): unknown {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return value;
  let depth = 0;
  let key: string | undefined;
  let previous = '';
  for (const [token] of text.matchAll(JSON_TOKEN)) {
    if (token === '{' || token === '[') depth++;
    else if (token === '}' || token === ']') depth--;
    else if (depth === 1 && token.startsWith('"') && previous !== ':') key = JSON.parse(token) as string;
    else if (depth === 1 && previous === ':' && key !== undefined && /^-?\d/.test(token) && /[.eE]/.test(token)) {
      // defineProperty: a member named "__proto__" stays an own property, never the prototype.
      Object.defineProperty(value, key, { value: NON_INTEGER_LITERAL, enumerable: true, writable: true, configurable: true });
    }
    previous = token;
  }
  return value;
}
