import { DASHBOARD_CSS } from './dashboard-css.js';
import { DASHBOARD_SCRIPT } from './dashboard-script.js';

/**
 * The dashboard page served at `/`: one self-contained HTML document (inline CSS and script,
 * nothing fetched from elsewhere). It holds no data itself; its script polls the status and
 * history APIs, so it never contains more than `/api/v1/status` does.
 */
export const DASHBOARD_HTML = `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>ScaleIO Framework</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 16 16'%3E%3Crect width='16' height='16' rx='3' fill='%232f6fdb'/%3E%3C/svg%3E">
<style>${DASHBOARD_CSS}</style>
</head>
<body>
<header><h1>ScaleIO Framework</h1><span id="fw" class="meta">loading…</span></header>
<div id="banner" role="alert"></div>
<main>
<section class="wide"><h2>Nodes</h2><div id="nodes"><p class="empty">loading…</p></div></section>
<section><h2>MDM cluster</h2><div id="mdm"><p class="empty">loading…</p></div></section>
<section><h2>Recent events</h2><div id="events"><p class="empty">loading…</p></div></section>
<section class="wide"><h2>Storage pools</h2><div id="pools"><p class="empty">loading…</p></div></section>
<section class="wide"><h2>Expansion ledger</h2><div id="ledger"><p class="empty">loading…</p></div></section>
<section class="wide"><h2>Rolling upgrade</h2><div id="upgrade"><p class="empty">loading…</p></div></section>
</main>
<script>${DASHBOARD_SCRIPT}</script>
</body>
</html>
`;

/** Content-Security-Policy for the page: only its own inline code and same-origin fetches. */
export const DASHBOARD_CSP =
  "default-src 'none'; script-src 'unsafe-inline'; style-src 'unsafe-inline'; connect-src 'self'; img-src 'self' data:; base-uri 'none'; form-action 'none'; frame-ancestors 'self'";
