/**
 * The dashboard page, served as `/parsec/dashboard`. It holds no data: the
 * script fills the cards from `/parsec/metrics` and the sparklines from
 * `/parsec/metrics/history` (the range buttons are added by the script). Asset URLs are relative (so
 * the page also works behind a path prefix) and carry a content hash, so a
 * browser never mixes a new page with an old script.
 */
export function pageHtml(cssUrl: string, jsUrl: string): string {
  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<meta name="referrer" content="no-referrer">
<title>Parsec telemetry</title>
<link rel="icon" href="data:,">
<link rel="stylesheet" href="${cssUrl}">
<script src="${jsUrl}" defer></script>
</head>
<body>
<header class="top">
  <h1>Parsec telemetry</h1>
  <span class="status" id="status" data-testid="status" data-state="connecting"><span class="dot"></span><span id="status-text" data-testid="status-text">connecting…</span></span>
  <span class="meta"><span id="updated" data-testid="updated">no snapshot yet</span> · polling every <span id="interval" data-testid="interval">2 s</span></span>
  <span class="range" id="range" role="group" aria-labelledby="range-label" data-testid="range" data-history="loading"><span id="range-label">Sparklines over the last</span></span>
</header>
<div class="banner" id="banner" data-testid="stale-banner" role="alert" hidden></div>
<form class="token-form" id="token-form" data-testid="token-form" hidden>
  <label for="token-input">Bearer token</label>
  <input id="token-input" data-testid="token-input" type="password" autocomplete="off" spellcheck="false" required>
  <button type="submit" data-testid="token-submit">Show metrics</button>
  <p id="token-message" data-testid="token-message" aria-live="polite"></p>
</form>
<main class="grid" id="cards" data-testid="cards" aria-live="off"></main>
<noscript><p class="empty">The dashboard needs JavaScript; the raw snapshot is at <a href="metrics">/parsec/metrics</a>.</p></noscript>
</body>
</html>
`;
}
