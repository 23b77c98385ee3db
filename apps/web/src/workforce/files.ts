/** Spreadsheets travel as base64 inside tRPC's JSON, both ways. */

export interface EncodedFile {
  filename: string;
  mimeType: string;
  contentBase64: string;
}

/** Saves a file the server encoded, through a temporary link. */
export function saveEncodedFile(file: EncodedFile): void {
  const bytes = Uint8Array.from(atob(file.contentBase64), (c) => c.charCodeAt(0));
  const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
  const link = document.createElement("a");
  link.href = url;
  link.download = file.filename;
  document.body.append(link);
  link.click();
  link.remove();
  setTimeout(() => URL.revokeObjectURL(url), 10_000);
}

/** A picked file's content as base64 (without the data: prefix). */
export function readAsBase64(file: File): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onerror = () => reject(reader.error ?? new Error("the file could not be read"));
    reader.onload = () => {
      const url = String(reader.result);
      resolve(url.slice(url.indexOf(",") + 1));
    };
    reader.readAsDataURL(file);
  });
}

export function formatOf(file: File): "csv" | "xlsx" {
  return /\.xlsx$/i.test(file.name) ? "xlsx" : "csv";
}
