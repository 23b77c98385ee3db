import { inflateRawSync } from "node:zlib";
import { RuleViolation } from "@kitflow/domain";

/**
 * An XLSX file is a zip: 2 MB of upload can inflate to gigabytes (a zip bomb) and take the server's
 * memory with it inside exceljs. Before exceljs sees a file, every entry is inflated here once with a
 * hard ceiling on the total, whatever sizes the archive claims; and no roster has more rows than a
 * workshop has people.
 */
export const MAX_UNCOMPRESSED_BYTES = 20 * 1024 * 1024;
export const MAX_ZIP_ENTRIES = 500;
export const MAX_SHEET_ROWS = 5_000;

const FIELD = "contentBase64";

const MEGABYTES = MAX_UNCOMPRESSED_BYTES / 1024 / 1024;

function tooLarge(): RuleViolation {
  return new RuleViolation("input", `the file is too large unpacked (at most ${MEGABYTES} MB)`, {
    reason: "fileTooLarge",
    params: { megabytes: MEGABYTES },
    field: FIELD,
  });
}

function unreadable(): RuleViolation {
  return new RuleViolation("input", "the file is not a readable XLSX file", {
    reason: "unreadableFile",
    params: { format: "XLSX" },
    field: FIELD,
  });
}

/** Throws a BAD_REQUEST naming the file field when the archive inflates past the limits. */
export function checkXlsxSize(content: Buffer): void {
  // End of central directory: the last record of the file, 22 bytes plus an optional comment.
  let end = -1;
  for (let i = content.length - 22; i >= Math.max(0, content.length - 22 - 0xffff); i--) {
    if (content.readUInt32LE(i) === 0x06054b50) {
      end = i;
      break;
    }
  }
  if (end < 0) throw unreadable();
  const entries = content.readUInt16LE(end + 10);
  if (entries > MAX_ZIP_ENTRIES) throw tooLarge();
  let at = content.readUInt32LE(end + 16);
  let budget = MAX_UNCOMPRESSED_BYTES;
  for (let n = 0; n < entries; n++) {
    if (at + 46 > content.length || content.readUInt32LE(at) !== 0x02014b50) throw unreadable();
    const method = content.readUInt16LE(at + 10);
    const compressedSize = content.readUInt32LE(at + 20);
    const declaredSize = content.readUInt32LE(at + 24);
    const nameLength = content.readUInt16LE(at + 28);
    const extraLength = content.readUInt16LE(at + 30);
    const commentLength = content.readUInt16LE(at + 32);
    const localHeader = content.readUInt32LE(at + 42);
    // 0xffffffff marks a Zip64 size: more than 4 GB, far beyond any roster.
    if (declaredSize > budget || compressedSize === 0xffffffff) throw tooLarge();
    if (localHeader + 30 > content.length || content.readUInt32LE(localHeader) !== 0x04034b50) throw unreadable();
    const dataStart =
      localHeader + 30 + content.readUInt16LE(localHeader + 26) + content.readUInt16LE(localHeader + 28);
    const data = content.subarray(dataStart, dataStart + compressedSize);
    let inflated: number;
    if (method === 0) inflated = data.length;
    else if (method === 8) {
      try {
        inflated = inflateRawSync(data, { maxOutputLength: Math.max(1, budget) }).length;
      } catch (error) {
        if (error instanceof RangeError || (error as { code?: string }).code === "ERR_BUFFER_TOO_LARGE") {
          throw tooLarge();
        }
        throw unreadable();
      }
    } else throw unreadable();
    budget -= inflated;
    if (budget < 0) throw tooLarge();
    at += 46 + nameLength + extraLength + commentLength;
  }
}

export function checkRowCount(rows: number): void {
  if (rows > MAX_SHEET_ROWS) {
    throw new RuleViolation("input", `the file has too many rows (at most ${MAX_SHEET_ROWS})`, {
      reason: "tooManyRows",
      params: { max: MAX_SHEET_ROWS },
      field: FIELD,
    });
  }
}
