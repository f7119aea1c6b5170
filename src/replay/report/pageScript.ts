import { formatMoment, formatShort, formatX, inputUnit, niceTicks, xTicks } from './page/axisFormat.js';
import { drawAxes, drawRestarts, markerShape, seriesColour } from './page/chartParts.js';
import { decodeReport, startsOf, unpacked } from './page/decodeReport.js';
import { el, formatCount, plural, svgEl } from './page/dom.js';
import { lowerBound, pickMarkers, scaleAt, standingBefore, stepLinePath } from './page/downsample.js';
import { GroupChart } from './page/groupChart.js';
import { GroupList } from './page/groupList.js';
import { errorsTable, renderOverview, requestsChart, rewindRanking } from './page/overview.js';
import { kindLegend, pageMain } from './page/pageMain.js';
import { fetchDetails, keyRows, markDetails, markTitle, originRows, quoted, replayCommand, shellQuote, Tooltip } from './page/tooltip.js';

/**
 * Everything the page's script is made of. Each is written into the page as its own source
 * text, so the page runs the very code that is type-checked and unit-tested here, with no
 * bundler and nothing fetched. A test checks that every export of page/ is listed.
 */
export const PAGE_PARTS: readonly (((...args: never[]) => unknown) | (abstract new (...args: never[]) => unknown))[] = [
  el, svgEl, formatCount, plural,
  decodeReport, unpacked, startsOf,
  scaleAt, lowerBound, standingBefore, stepLinePath, pickMarkers,
  niceTicks, xTicks, inputUnit, formatX, formatMoment, formatShort,
  seriesColour, drawAxes, drawRestarts, markerShape,
  markTitle, markDetails, fetchDetails, keyRows, originRows, replayCommand, shellQuote, quoted, Tooltip,
  GroupChart, GroupList,
  renderOverview, requestsChart, errorsTable, rewindRanking,
  kindLegend, pageMain,
];

/** The page's script: its parts, then the call that builds the page. */
export function pageScript(): string {
  const script = `'use strict';\n${PAGE_PARTS.map((part) => String(part)).join('\n\n')}\n\npageMain();\n`;
  // Inside <script>, only "</script" could end it early; no part has a reason to hold it.
  if (/<\/script/i.test(script)) throw new Error('the page script holds "</script", which would end it inside the page');
  return script;
}
