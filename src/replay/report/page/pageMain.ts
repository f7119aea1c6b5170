/// <reference lib="dom" />
import type { ReportData } from '../reportFormat.js';
import { inputUnit } from './axisFormat.js';
import { markerShape } from './chartParts.js';
import { decodeReport } from './decodeReport.js';
import { el, plural, svgEl } from './dom.js';
import { GroupList } from './groupList.js';
import type { View } from './groupChart.js';
import { renderOverview } from './overview.js';
import { markTitle, Tooltip } from './tooltip.js';

/** Builds the page from the report's data: the overview, the filter, then the groups. */
export function pageMain(): void {
  const data = JSON.parse(document.getElementById('report-data')?.textContent ?? '{}') as ReportData;
  const report = decodeReport(data);
  const app = document.getElementById('app') as HTMLElement;
  const tooltip = new Tooltip();
  const span = data.range.end - data.range.start;
  const margin = span > 0 ? span * 0.02 : 1;
  const full = { x0: data.range.start - margin, x1: data.range.end + margin };
  const view: View = { ...full };

  const header = el('header');
  header.append(el('h1', '', data.title));
  const inputs = el('p', 'inputs', `From ${data.sources.length === 1 ? '' : `${data.sources.length} inputs: `}${[...new Set(data.sources.map((source) => source.path))].join(', ')}. The x axis is ${data.axis === 'time' ? 'the recorded time' : inputUnit(data) === 'record' ? "the record's offset in its log partition (the records share one time)" : 'the input step (the recording has no times)'}.`);
  header.append(inputs, kindLegend(data));

  const controls = el('div', 'controls');
  const groupInput = el('input', 'filter');
  groupInput.id = 'group-filter';
  groupInput.placeholder = 'group (regex)';
  const topicInput = el('input', 'filter');
  topicInput.id = 'topic-filter';
  topicInput.placeholder = 'topic (regex)';
  const problem = el('span', 'filter-problem');
  const resetZoom = el('button', 'reset-zoom', 'Show the whole run');
  resetZoom.hidden = true;
  controls.append(el('label', '', 'Filter: '), groupInput, topicInput, resetZoom, problem, el('span', 'hint', 'Drag across a chart to zoom in; click a point to pin its details.'));

  const list = new GroupList({
    report,
    tooltip,
    view,
    zoom: (x0, x1) => {
      view.x0 = x0;
      view.x1 = x1;
      resetZoom.hidden = false;
      list.redraw();
    },
  });
  resetZoom.addEventListener('click', () => {
    view.x0 = full.x0;
    view.x1 = full.x1;
    resetZoom.hidden = true;
    list.redraw();
  });

  const pattern = (input: HTMLInputElement): RegExp | undefined | 'invalid' => {
    input.classList.remove('invalid');
    if (input.value === '') return undefined;
    try {
      return new RegExp(input.value);
    } catch (error) {
      input.classList.add('invalid');
      problem.textContent = `${input.placeholder}: not a regular expression (${(error as Error).message})`;
      return 'invalid';
    }
  };
  const applyFilter = (): void => {
    problem.textContent = '';
    const group = pattern(groupInput);
    const topic = pattern(topicInput);
    if (group !== 'invalid' && topic !== 'invalid') list.filter(group, topic);
  };
  let pending: number | undefined;
  for (const input of [groupInput, topicInput]) {
    input.addEventListener('input', () => {
      window.clearTimeout(pending);
      pending = window.setTimeout(applyFilter, 150);
    });
  }

  const overview = renderOverview(report, (group) => {
    groupInput.value = `^${(data.groups[group] ?? '').replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`;
    applyFilter();
    controls.scrollIntoView();
  });
  const groupsHeading = el('h2', '', `Where every group stood (${plural(data.groups.length, 'group')})`);
  app.append(header, overview, groupsHeading, controls, list.element);
  list.filter(undefined, undefined);
  document.body.dataset['ready'] = 'true';
}

/** What each marker means, drawn with the charts' own shapes. */
export function kindLegend(data: ReportData): HTMLElement {
  const legend = el('div', 'kind-legend');
  for (const kind of [...data.markKinds, 'fetch']) {
    const entry = el('span', 'legend-entry');
    const svg = svgEl('svg', { width: 14, height: 14, viewBox: '0 0 14 14' });
    svg.append(kind === 'fetch' ? svgEl('path', { d: 'M7 3v8', class: 'fetch-tick' }) : markerShape(kind, 7, 7, '#1c7ed6'));
    entry.append(svg, el('span', '', kind === 'fetch' ? 'fetch (where a consumer resumes)' : markTitle(kind)));
    legend.append(entry);
  }
  return legend;
}
