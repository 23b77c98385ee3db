import { z } from "zod";

/**
 * Control characters have no place in names, numbers, addresses or notes people type. NUL in particular
 * is refused by PostgreSQL's text type, so letting it through turns bad input into a server fault; the
 * rest (escape sequences, form feeds, DEL) only ever arrive by mistake or malice and would come out
 * again in printouts, spreadsheets and logs. Multi-line text keeps tab and line breaks.
 */
const LINE_CHARACTERS = new Set([0x09, 0x0a, 0x0d]);

/** Whether a string holds a C0 control character or DEL (tab and line breaks allowed in multi-line text). */
export function hasControlCharacters(value: string, multiLine = false): boolean {
  for (let i = 0; i < value.length; i++) {
    const code = value.charCodeAt(i);
    if ((code < 0x20 || code === 0x7f) && !(multiLine && LINE_CHARACTERS.has(code))) return true;
  }
  return false;
}

export const CONTROL_CHARACTER_MESSAGE = "must not contain control characters";

export interface TextOptions {
  max: number;
  /** Minimum length after trimming; 0 (the default) allows empty text. */
  min?: number;
  /** Notes: tab and line breaks allowed. */
  multiLine?: boolean;
  /** Passwords are taken exactly as typed; everything else is trimmed. */
  trim?: boolean;
}

/** The one schema for free text in every contract. */
export function text({ max, min = 0, multiLine = false, trim = true }: TextOptions) {
  const base = trim ? z.string().trim() : z.string();
  return (min > 0 ? base.min(min, min === 1 ? "required" : `at least ${min} characters`) : base)
    .max(max, `at most ${max} characters`)
    .refine((value) => !hasControlCharacters(value, multiLine), CONTROL_CHARACTER_MESSAGE);
}
