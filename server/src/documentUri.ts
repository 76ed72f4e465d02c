/**
 * Document URIs as the server compares them. Clients spell one file many ways (VS Code encodes
 * `+ @ ( ) ! $ & ' , ; =` that Node's file URLs leave as they are, and a drive letter's case
 * varies), and a hostile client may send URIs no file has, so every URI is read through here:
 * parsing never throws, and two URIs name the same document when their normalised forms are equal.
 */
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The local path of a `file:` URI, or undefined for anything else (a remote host, an encoded `/`, not a string). */
export function filePathOf(uri: unknown): string | undefined {
  if (typeof uri !== 'string' || !uri.startsWith('file:')) {
    return undefined;
  }
  try {
    const filePath = fileURLToPath(uri);
    return process.platform === 'win32' ? filePath.replace(/^[A-Z]:/, (drive) => drive.toLowerCase()) : filePath;
  } catch {
    return undefined;
  }
}

/** The URI of a local path, in the one form documents are compared in. */
export function fileUriOf(filePath: string): string {
  return pathToFileURL(filePath).href;
}

/** A URI in the form documents are compared in; a URI that is no local file stays as it is. */
export function normalizedUri(uri: string): string {
  const filePath = filePathOf(uri);
  return filePath === undefined ? uri : fileUriOf(filePath);
}
