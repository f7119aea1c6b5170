/** The page's styles: plain CSS, system fonts, nothing fetched. */
export const PAGE_STYLE = `
:root { --rewind: #f76707; --error: #e03131; --ink: #212529; --muted: #868e96; --grid: #e9ecef; }
* { box-sizing: border-box; }
body { margin: 0; padding: 16px 24px 48px; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, "DejaVu Sans", sans-serif; color: var(--ink); background: #fff; }
h1 { font-size: 20px; margin: 0 0 4px; }
h2 { font-size: 15px; margin: 20px 0 8px; }
h3 { font-size: 14px; margin: 0 0 4px; display: flex; gap: 12px; align-items: baseline; flex-wrap: wrap; }
code { font: 12px/1.4 ui-monospace, "DejaVu Sans Mono", monospace; }
.inputs { margin: 0 0 8px; color: #495057; word-break: break-all; }
.kind-legend, .legend { display: flex; flex-wrap: wrap; gap: 4px 14px; align-items: center; }
.legend-entry { display: inline-flex; gap: 5px; align-items: center; white-space: nowrap; }
.swatch { display: inline-block; width: 12px; height: 3px; border-radius: 1px; }
.totals { display: flex; flex-wrap: wrap; gap: 8px; margin: 12px 0; }
.total { border: 1px solid var(--grid); border-radius: 6px; padding: 4px 10px; }
.total .value { display: block; font-size: 16px; font-weight: 600; }
.total .label { color: var(--muted); }
table { border-collapse: collapse; }
th, td { text-align: left; vertical-align: top; padding: 3px 10px 3px 0; }
.errors-table td, .errors-table th { border-bottom: 1px solid var(--grid); }
.errors-table .command { display: block; color: #495057; }
.warnings { border-left: 3px solid var(--rewind); padding: 2px 12px; background: #fff4e6; }
.controls { display: flex; flex-wrap: wrap; gap: 8px; align-items: center; margin: 8px 0; position: sticky; top: 0; background: #fff; padding: 6px 0; z-index: 2; border-bottom: 1px solid var(--grid); }
.filter { font: inherit; padding: 4px 8px; width: 220px; border: 1px solid #ced4da; border-radius: 4px; }
.filter.invalid { border-color: var(--error); background: #fff5f5; }
.filter-problem { color: var(--error); }
.hint, .status { color: var(--muted); }
.group { margin: 18px 0 8px; }
.group-stats { font-weight: normal; color: var(--muted); }
.chart-box { min-height: 200px; }
svg { overflow: visible; }
svg text { font-size: 11px; fill: #495057; }
.grid { stroke: var(--grid); }
.axis { stroke: #adb5bd; }
.restart { stroke: #495057; stroke-dasharray: 4 3; }
.plot { overflow: hidden; }
.line { fill: none; stroke-width: 1.6; }
.fetches, .fetch-tick { fill: none; stroke-width: 1.4; opacity: 0.7; }
.fetch-tick { stroke: #1c7ed6; }
.request-bar { stroke: none; }
circle.rewind { fill: var(--rewind); stroke: #7a2e00; stroke-width: 1; }
path.error { stroke: var(--error); stroke-width: 2; fill: none; }
rect.delete { fill: var(--ink); }
path.expire { fill: #fff; stroke: var(--muted); stroke-width: 1.5; }
path.reset { fill: var(--muted); }
rect.tombstone { fill: var(--muted); }
.hover-ring { fill: none; stroke: var(--ink); stroke-width: 1.5; pointer-events: none; }
.selection { fill: rgba(28, 126, 214, 0.12); stroke: #1c7ed6; pointer-events: none; }
.chart { cursor: crosshair; user-select: none; }
.tooltip { position: fixed; z-index: 10; max-width: 560px; background: #fff; border: 1px solid #ced4da; border-radius: 6px; box-shadow: 0 4px 16px rgba(0,0,0,.15); padding: 8px 10px; pointer-events: none; word-break: break-word; }
.tooltip.pinned { pointer-events: auto; border-color: var(--ink); }
.tooltip th { color: var(--muted); font-weight: normal; white-space: nowrap; }
.tooltip-title { font-weight: 600; margin-bottom: 4px; }
.tooltip-title.kind-rewind { color: var(--rewind); }
.tooltip-title.kind-error { color: var(--error); }
.command-label { color: var(--muted); margin-top: 6px; }
.tooltip .command { display: block; background: #f1f3f5; padding: 4px 6px; border-radius: 4px; user-select: all; }
.show-more { margin: 12px 0; font: inherit; padding: 4px 12px; }
`;
