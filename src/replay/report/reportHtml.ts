import { pageScript } from './pageScript.js';
import { PAGE_STYLE } from './pageStyle.js';
import type { ReportData } from './reportFormat.js';

/**
 * The report as one HTML file that needs nothing else: its styles, its data (as JSON in a
 * script element the page parses) and its script are all inside it.
 */
export function reportHtml(data: ReportData): string {
  // "<" written as \\u003c keeps "</script>" or "<!--" in a name from ending the data early; JSON.parse reads it back the same.
  const json = JSON.stringify(data).replace(/</g, '\\u003c');
  return [
    '<!doctype html>\n<html lang="en">\n<head>\n<meta charset="utf-8">\n',
    '<meta name="viewport" content="width=device-width, initial-scale=1">\n',
    `<title>${escapeHtml(data.title)}</title>\n<style>${PAGE_STYLE}</style>\n</head>\n<body>\n<main id="app"></main>\n`,
    `<script type="application/json" id="report-data">${json}</script>\n`,
    `<script>\n${pageScript()}</script>\n</body>\n</html>\n`,
  ].join('');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"]/g, (character) => `&#${character.charCodeAt(0)};`);
}
