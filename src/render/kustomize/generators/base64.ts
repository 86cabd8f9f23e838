/** The line wrapping Kustomize applies to the base64 it writes into Secrets and binaryData. */
import { encodeBase64 } from '../../../model/index.js';

/**
 * Base64 as Kustomize writes it into generated objects: one line when the encoding is
 * shorter than 70 characters, otherwise 70-character lines each ending in a newline.
 */
export function encodeBase64Wrapped(bytes: Uint8Array): string {
  const LINE = 70;
  const encoded = encodeBase64(bytes);
  if (encoded.length < LINE) return encoded;
  let out = '';
  for (let i = 0; i < encoded.length; i += LINE) out += `${encoded.slice(i, i + LINE)}\n`;
  return out;
}
