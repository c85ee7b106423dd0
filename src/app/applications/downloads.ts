/**
 * How an uploaded file is served (issue 8): only as a download, never rendered by the browser as a
 * page of this site. The type the uploader claimed is kept in the table but served only when it is
 * on SAFE_DOWNLOAD_TYPES; anything else (text/html, image/svg+xml, XML, scripts, unknown types) is
 * served as application/octet-stream. Always `Content-Disposition: attachment` with the file name
 * as RFC 6266 / RFC 5987 (`filename*=UTF-8''…`, percent-encoded) and a plain ASCII fallback
 * (`filename="…"`) for old clients; helmet adds `X-Content-Type-Options: nosniff`.
 */

/** Types that no browser executes: documents, office files, archives, raster images, plain text. */
export const SAFE_DOWNLOAD_TYPES: ReadonlySet<string> = new Set([
  'application/pdf',
  'application/msword',
  'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
  'application/vnd.ms-excel',
  'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  'application/vnd.ms-powerpoint',
  'application/vnd.openxmlformats-officedocument.presentationml.presentation',
  'application/ofd',
  'application/zip',
  'application/x-zip-compressed',
  'application/x-7z-compressed',
  'application/vnd.rar',
  'image/png',
  'image/jpeg',
  'image/gif',
  'image/webp',
  'image/tiff',
  'image/bmp',
  'text/plain',
  'text/csv',
]);

/** The Content-Type to serve an upload with: its claimed type if safe (text gets UTF-8), else octet-stream. */
export function safeDownloadType(claimed: string | null | undefined): string {
  const base = String(claimed ?? '').split(';')[0].trim().toLowerCase();
  if (!SAFE_DOWNLOAD_TYPES.has(base)) return 'application/octet-stream';
  return base.startsWith('text/') ? `${base}; charset=utf-8` : base;
}

/** The attachment header of a download (src/lib/http/disposition.ts). */
export { downloadDisposition as attachmentDisposition } from '../../lib/http/disposition.ts';
