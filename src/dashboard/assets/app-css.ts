/** The dashboard's stylesheet, served as `/parsec/dashboard/app.css` (system fonts only, nothing fetched). */
export const APP_CSS = String.raw`:root {
  color-scheme: light dark;
  --bg: #f4f5f7;
  --card: #ffffff;
  --ink: #1c2430;
  --muted: #5f6b7a;
  --line: #dde1e7;
  --accent: #2563eb;
  --accent-soft: rgba(37, 99, 235, 0.14);
  --good: #15803d;
  --warn: #b45309;
  --warn-bg: #fff4e0;
  --bad: #b91c1c;
  --bad-bg: #fdecec;
  --track: #eceff3;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f141b;
    --card: #171e27;
    --ink: #e4e9f0;
    --muted: #94a0b0;
    --line: #2a3440;
    --accent: #60a5fa;
    --accent-soft: rgba(96, 165, 250, 0.18);
    --good: #4ade80;
    --warn: #fbbf24;
    --warn-bg: #2f2611;
    --bad: #f87171;
    --bad-bg: #341617;
    --track: #232c37;
  }
}
* { box-sizing: border-box; }
html { background: var(--bg); color: var(--ink); }
body {
  margin: 0;
  font: 14px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  font-variant-numeric: tabular-nums;
}
.top {
  display: flex; align-items: center; gap: 16px; flex-wrap: wrap;
  padding: 12px 20px; background: var(--card); border-bottom: 1px solid var(--line);
}
.top h1 { font-size: 17px; margin: 0; font-weight: 650; letter-spacing: 0.01em; }
.top .meta { color: var(--muted); margin-left: auto; }
.status { display: inline-flex; align-items: center; gap: 6px; font-weight: 600; color: var(--muted); }
.status .dot { width: 9px; height: 9px; border-radius: 50%; background: var(--muted); }
.status.live { color: var(--good); }
.status.live .dot { background: var(--good); }
.status.stale, .status.auth { color: var(--warn); }
.status.stale .dot, .status.auth .dot { background: var(--warn); }
.status.down { color: var(--bad); }
.status.down .dot { background: var(--bad); }
.banner {
  margin: 12px 20px 0; padding: 10px 14px; border-radius: 8px;
  background: var(--bad-bg); color: var(--bad); border: 1px solid var(--bad);
}
.banner .detail { font-weight: 400; }
.token-form {
  margin: 12px 20px 0; padding: 14px; border-radius: 8px; background: var(--card);
  border: 1px solid var(--line); display: flex; gap: 10px; align-items: center; flex-wrap: wrap;
}
.token-form label { font-weight: 600; }
.token-form input {
  font: inherit; padding: 6px 8px; min-width: 280px; border-radius: 6px;
  border: 1px solid var(--line); background: var(--bg); color: var(--ink);
}
.token-form button {
  font: inherit; padding: 6px 14px; border-radius: 6px; border: 0; cursor: pointer;
  background: var(--accent); color: #fff; font-weight: 600;
}
.token-form p { flex-basis: 100%; margin: 0; color: var(--muted); }
.range { display: inline-flex; align-items: center; gap: 4px; color: var(--muted); font-size: 12px; }
.range span { margin-right: 2px; }
.range button {
  font: inherit; padding: 2px 9px; border-radius: 6px; cursor: pointer;
  border: 1px solid var(--line); background: var(--card); color: var(--ink);
}
.range button[aria-pressed="true"] { background: var(--accent); border-color: var(--accent); color: #fff; font-weight: 600; }
.range button:focus-visible { outline: 2px solid var(--accent); outline-offset: 1px; }
[hidden] { display: none !important; }
.grid { column-width: 300px; column-gap: 14px; padding: 14px 20px 6px; }
.grid.stale .card { opacity: 0.55; }
.card {
  background: var(--card); border: 1px solid var(--line); border-radius: 10px;
  padding: 12px 14px; margin: 0 0 14px; break-inside: avoid;
}
.card h2 {
  margin: 0 0 6px; font-size: 12px; font-weight: 650; text-transform: uppercase;
  letter-spacing: 0.06em; color: var(--muted);
}
.card h3 { margin: 10px 0 4px; font-size: 12px; font-weight: 600; color: var(--muted); }
.card-errors { border-color: var(--bad); background: var(--bad-bg); column-span: all; }
.card-errors h2, .errors { color: var(--bad); }
.errors { margin: 0; padding-left: 18px; }
.big { margin: 0 0 4px; }
.big .figure { font-size: 26px; font-weight: 650; }
.big .caption { color: var(--muted); }
.kv { margin: 6px 0 0; }
.kv div { display: flex; justify-content: space-between; gap: 10px; padding: 3px 0; border-top: 1px solid var(--line); }
.kv div:first-child { border-top: 0; }
.kv dt { color: var(--muted); min-width: 0; overflow: hidden; text-overflow: ellipsis; white-space: nowrap; }
.kv dd { margin: 0; font-weight: 600; white-space: nowrap; }
.trend { margin: 2px 0 0; }
.spark { display: block; width: 100%; height: 56px; }
.spark .line { fill: none; stroke: var(--accent); stroke-width: 1.8; vector-effect: non-scaling-stroke; stroke-linejoin: round; }
.spark .area { fill: var(--accent-soft); stroke: none; }
.trend figcaption { font-size: 11px; color: var(--muted); }
.bars { list-style: none; margin: 0; padding: 0; }
.bars li { display: grid; grid-template-columns: minmax(60px, 32%) 1fr auto; gap: 8px; align-items: center; padding: 2px 0; }
.bars .label { overflow: hidden; text-overflow: ellipsis; white-space: nowrap; font-family: ui-monospace, SFMono-Regular, Menlo, Consolas, monospace; font-size: 12px; }
.bars .track, .meter { display: block; height: 10px; background: var(--track); border-radius: 5px; overflow: hidden; }
.bars .fill, .meter .fill { display: block; height: 100%; background: var(--accent); border-radius: 5px; }
.bars .n { font-weight: 600; min-width: 3ch; text-align: right; }
.bars .more { display: block; color: var(--muted); font-size: 12px; }
.meter { margin: 6px 0; }
.empty { color: var(--muted); margin: 4px 0; font-style: italic; }
.warn { color: var(--warn); background: var(--warn-bg); padding: 4px 8px; border-radius: 6px; margin: 8px 0 0; }
.badge { display: inline-block; margin: 0 0 4px; padding: 1px 8px; border-radius: 999px; font-size: 12px; font-weight: 600; }
.badge.full { color: var(--good); border: 1px solid var(--good); }
.badge.partial { color: var(--warn); border: 1px solid var(--warn); }
`;
