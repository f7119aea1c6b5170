import { closeSync, openSync, writeSync } from 'node:fs';
import { pageScript } from './pageScript.js';
import { PAGE_STYLE } from './pageStyle.js';
import type { ReportData } from './reportFormat.js';

/**
 * The report as one HTML file that needs nothing else: its styles, its data (as JSON in a
 * script element the page parses) and its script are all inside it. Written in pieces (the
 * data a column at a time), so a big run's page is never one string.
 */
export function* reportHtmlPieces(data: ReportData): Generator<string> {
  yield '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n';
  yield '<meta name="viewport" content="width=device-width, initial-scale=1">\n';
  yield `<title>${escapeHtml(data.title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n<main id="app"></main>\n`;
  yield '<script type="application/json" id="report-data">';
  yield* jsonPieces(data, 2);
  yield `</script>\n<script>\n${pageScript()}</script>\n</body>\n</html>\n`;
}

export function reportHtml(data: ReportData): string {
  return [...reportHtmlPieces(data)].join('');
}

/** Writes the report to a file; returns how many bytes it took. */
export function writeReportHtml(data: ReportData, path: string): number {
  const fd = openSync(path, 'w');
  let bytes = 0;
  try {
    for (const piece of reportHtmlPieces(data)) bytes += writeSync(fd, piece);
  } finally {
    closeSync(fd);
  }
  return bytes;
}

/**
 * A value's JSON, objects split by key down to `depth`. "<" is written as \u003c, so that no
 * name can end the script element early ("</script>") or open a comment; JSON.parse reads it
 * back the same.
 */
function* jsonPieces(value: unknown, depth: number): Generator<string> {
  if (depth === 0 || typeof value !== 'object' || value === null || Array.isArray(value)) {
    yield JSON.stringify(value).replace(/</g, '\\u003c');
    return;
  }
  let separator = '{';
  for (const [key, field] of Object.entries(value)) {
    if (field === undefined) continue;
    yield `${separator}${JSON.stringify(key).replace(/</g, '\\u003c')}:`;
    yield* jsonPieces(field, depth - 1);
    separator = ',';
  }
  yield separator === '{' ? '{}' : '}';
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
