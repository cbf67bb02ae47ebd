/** The dashboard's stylesheet (inlined into the page). */
export const DASHBOARD_CSS = String.raw`
:root { --bg:#f4f6f9; --card:#fff; --ink:#1d2733; --muted:#6b7785; --line:#dde3ea;
  --ok:#1f9d55; --warn:#d98b06; --bad:#d64545; --run:#2f6fdb; --accent:#2f6fdb; }
* { box-sizing: border-box; }
body { margin:0; font:14px/1.4 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif; background:var(--bg); color:var(--ink); }
header { display:flex; flex-wrap:wrap; gap:12px; align-items:center; padding:12px 20px; background:#16202c; color:#fff; }
header h1 { font-size:18px; margin:0 12px 0 0; font-weight:600; }
header .meta { color:#b8c4d2; font-size:12px; }
header .meta b { color:#fff; font-weight:500; }
.pill { display:inline-block; padding:1px 8px; border-radius:10px; font-size:12px; font-weight:600; background:#e8edf3; color:var(--ink); }
.pill.ok { background:#dcf3e5; color:#136b3a; } .pill.bad { background:#fbe1e1; color:#a42f2f; }
.pill.warn { background:#fdf0d5; color:#8a5800; } .pill.run { background:#dde8fb; color:#1f4fa8; }
.pill.off { background:#eceff3; color:#4a5563; }
main { padding:16px 20px; display:grid; gap:16px; grid-template-columns: repeat(auto-fit, minmax(460px, 1fr)); }
section { background:var(--card); border:1px solid var(--line); border-radius:8px; padding:12px 14px; min-width:0; }
section.wide { grid-column: 1 / -1; }
h2 { font-size:14px; margin:0 0 10px; text-transform:uppercase; letter-spacing:.04em; color:var(--muted); }
table { width:100%; border-collapse:collapse; font-size:13px; }
th { text-align:left; color:var(--muted); font-weight:500; border-bottom:1px solid var(--line); padding:4px 6px; }
td { border-bottom:1px solid #eef1f5; padding:5px 6px; vertical-align:top; }
td.err { color:var(--bad); max-width:360px; overflow-wrap:anywhere; }
.bar { position:relative; width:120px; height:10px; background:#e8edf3; border-radius:5px; overflow:hidden; display:inline-block; vertical-align:middle; }
.bar > span { position:absolute; left:0; top:0; bottom:0; background:var(--accent); }
.bar.done > span { background:var(--ok); } .bar.failed > span { background:var(--bad); }
.small { font-size:12px; color:var(--muted); }
.kv { display:grid; grid-template-columns:max-content 1fr; gap:4px 14px; margin-bottom:10px; }
.kv dt { color:var(--muted); } .kv dd { margin:0; }
.pools { display:grid; gap:14px; grid-template-columns: repeat(auto-fit, minmax(420px, 1fr)); }
.pool h3 { margin:0 0 4px; font-size:15px; }
.pool .big { font-size:26px; font-weight:600; }
svg.chart { width:100%; height:auto; display:block; }
svg.chart text { font-size:12px; fill:var(--muted); }
.events li { list-style:none; padding:4px 0; border-bottom:1px solid #eef1f5; display:flex; gap:8px; }
.events { padding:0; margin:0; max-height:320px; overflow:auto; }
.events time { color:var(--muted); font-variant-numeric:tabular-nums; white-space:nowrap; }
#banner { display:none; background:#fbe1e1; color:#a42f2f; padding:8px 20px; }
#banner.show { display:block; }
.empty { color:var(--muted); font-style:italic; }
`;
