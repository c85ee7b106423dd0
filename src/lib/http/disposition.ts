/**
 * The one Content-Disposition of every download (attachments, letters, reports, catalogue files):
 * RFC 6266 with the UTF-8 name always as an RFC 5987 `filename*`, and a readable ASCII `filename`
 * fallback for old clients (`市局2023年度报告.pdf` → `2023.pdf`, never `???`). Quotes, control
 * characters and line breaks in a name can never break the header.
 */

/** RFC 5987 ext-value: UTF-8, percent-encoding everything but attr-char. */
function rfc5987(value: string): string {
  return encodeURIComponent(value).replace(/['()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`);
}

/** `attachment; filename="ascii-fallback"; filename*=UTF-8''…` (or `inline; …`) for any file name. */
export function downloadDisposition(filename: string, o: { inline?: boolean; fallback?: string } = {}): string {
  const name = filename.replace(/[\u0000-\u001f\u007f\\/]/g, '_').trim() || 'file';
  const dot = name.lastIndexOf('.');
  const ext = dot > 0 ? name.slice(dot).replace(/[^A-Za-z0-9.]/g, '') : '';
  const asciiStem = name.slice(0, dot > 0 ? dot : undefined).replace(/[^A-Za-z0-9._-]/g, '_').replace(/_+/g, '_');
  const fallback = o.fallback && /^[A-Za-z0-9._-]+$/.test(o.fallback) ? o.fallback : `${/[A-Za-z0-9]/.test(asciiStem) ? asciiStem : 'download'}${ext}`;
  return `${o.inline ? 'inline' : 'attachment'}; filename="${fallback}"; filename*=UTF-8''${rfc5987(name)}`;
}
