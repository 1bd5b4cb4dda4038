/**
 * The dashboard's entry point (linked into `/parsec/dashboard/app.js` by
 * src/dashboard/link-script.ts): loads `/parsec/metrics/history` for the
 * sparklines (at open, on the range switch, after a token is accepted),
 * polls `/parsec/metrics` and appends each poll, asks for a bearer token on
 * 401 and shows the stale state on failure. The decisions are in the pure modules beside ./; this file only
 * wires them to the page's elements, timers, `fetch` and `sessionStorage`.
 */
import { duration } from '../format.ts';
import { DEFAULT_RANGE, mergeHistory, recordPoint, TREND_RANGES, withinRange } from '../history.ts';
import { HISTORY_TIMEOUT_MS, historyUrl, readHistory } from '../history-reply.ts';
import { messageOf, readResponse } from '../poll-response.ts';
import { AUTH, CONNECTING, failureView, isToken, LIVE, MALFORMED_TOKEN, tokenPrompt, updatedText } from '../poll-status.ts';
import { pollIntervalMs, pollTimeoutMs } from '../poll-timing.ts';
import type { HistoryOutcome, HistoryPoint, HistoryRange, Snapshot, StatusView } from '../types.ts';
import { renderCards } from './cards.ts';
import { byId, h } from './elements.ts';

/** Where the accepted token is kept for this tab. */
const TOKEN_KEY = 'parsec-telemetry.token';
/** Relative to /parsec/dashboard: /parsec/metrics, also behind a path prefix. */
const METRICS_URL = 'metrics';

const state = {
  interval: pollIntervalMs(location.search),
  token: loadToken(),
  timer: undefined as ReturnType<typeof setTimeout> | undefined,
  inFlight: false,
  needToken: false,
  lastOk: 0,
  failures: 0,
  polls: 0,
  snapshot: undefined as Snapshot | undefined,
  range: DEFAULT_RANGE as HistoryRange,
  points: [] as HistoryPoint[],
  /** Counts history requests: only the answer to the latest one is used. */
  historyRequest: 0,
  historyNeedsToken: false,
};

const ui = {
  cards: byId('cards'),
  banner: byId('banner'),
  statusText: byId('status-text'),
  status: byId('status'),
  updated: byId('updated'),
  interval: byId('interval'),
  form: byId<HTMLFormElement>('token-form'),
  input: byId<HTMLInputElement>('token-input'),
  formMessage: byId('token-message'),
  range: byId('range'),
};

const rangeButtons = Object.values(TREND_RANGES).map((r) => {
  const button = h('button', { type: 'button', 'data-range': r.range, 'data-testid': `range-${r.range}`, 'aria-pressed': String(r.range === state.range) }, r.label);
  button.addEventListener('click', () => onRange(r.range));
  return button;
});
ui.range.append(...rangeButtons);
ui.range.setAttribute('data-range', state.range);

ui.interval.textContent = duration(state.interval / 1000);
ui.form.addEventListener('submit', onTokenSubmit);
setStatus(CONNECTING);
loadHistory();
poll();

// ---- history ------------------------------------------------------------

/** Asks for the current range's history; its points replace the sparklines' older ones, the polls since stay after them. */
function loadHistory(): void {
  const request = ++state.historyRequest;
  const range = state.range;
  ui.range.setAttribute('data-history', 'loading');
  const controller = new AbortController();
  const killer = setTimeout(() => controller.abort(), HISTORY_TIMEOUT_MS);
  fetch(historyUrl(range), { headers: authHeaders(), cache: 'no-store', credentials: 'same-origin', signal: controller.signal })
    .then(readHistory)
    .catch((err: unknown): HistoryOutcome => ({ kind: 'unavailable', reason: messageOf(err) }))
    .then((outcome) => {
      clearTimeout(killer);
      if (request !== state.historyRequest) return;
      state.historyNeedsToken = outcome.kind === 'unauthorized';
      ui.range.setAttribute('data-history', outcome.kind === 'points' ? 'loaded' : outcome.kind);
      if (outcome.kind !== 'points') return;
      state.points = mergeHistory(outcome.points, state.points, TREND_RANGES[range]);
      render();
    });
}

function onRange(range: HistoryRange): void {
  if (range === state.range) return;
  state.range = range;
  for (const b of rangeButtons) b.setAttribute('aria-pressed', String(b.getAttribute('data-range') === range));
  ui.range.setAttribute('data-range', range);
  state.points = withinRange(state.points, TREND_RANGES[range]);
  render();
  loadHistory();
}

// ---- polling ------------------------------------------------------------

function schedule(ms: number): void {
  clearTimeout(state.timer);
  state.timer = setTimeout(poll, ms);
}

function poll(): void {
  state.timer = undefined;
  if (state.inFlight || state.needToken) return;
  state.inFlight = true;
  const timeoutMs = pollTimeoutMs(state.interval);
  const controller = new AbortController();
  let timedOut = false;
  const killer = setTimeout(() => {
    timedOut = true;
    controller.abort();
  }, timeoutMs);
  fetch(METRICS_URL, { headers: authHeaders(), cache: 'no-store', credentials: 'same-origin', signal: controller.signal })
    .then(readResponse)
    .then((outcome) => {
      if (outcome.kind === 'unauthorized') onUnauthorized();
      else onData(outcome.snapshot);
    })
    .catch((err: unknown) => {
      onError(timedOut ? `no answer within ${duration(timeoutMs / 1000)}` : messageOf(err));
    })
    .then(() => {
      clearTimeout(killer);
      state.inFlight = false;
      if (!state.needToken) schedule(state.interval);
    });
}

function authHeaders(): Record<string, string> {
  const headers: Record<string, string> = { Accept: 'application/json' };
  if (state.token) headers.Authorization = `Bearer ${state.token}`;
  return headers;
}

function onData(s: Snapshot): void {
  state.lastOk = Date.now();
  state.failures = 0;
  state.polls += 1;
  state.snapshot = s;
  recordPoint(state.points, s, state.lastOk, TREND_RANGES[state.range]);
  ui.banner.hidden = true;
  ui.banner.textContent = '';
  ui.cards.classList.remove('stale');
  setStatus(LIVE);
  ui.updated.textContent = updatedText(s.at, state.lastOk);
  ui.cards.setAttribute('data-polls', String(state.polls));
  render();
}

/** Draws the cards of the last snapshot with the current sparkline points (nothing before the first snapshot). */
function render(): void {
  if (state.snapshot !== undefined) ui.cards.replaceChildren(...renderCards(state.snapshot, state.points));
}

function onError(message: string): void {
  state.failures += 1;
  const view = failureView(state.lastOk, state.failures, message, state.interval);
  ui.banner.replaceChildren(h('strong', null, view.headline), h('span', { class: 'detail' }, view.detail));
  ui.banner.setAttribute('data-failures', String(state.failures));
  ui.banner.hidden = false;
  ui.cards.classList.add('stale');
  setStatus(view.status);
}

// ---- bearer token -------------------------------------------------------

function loadToken(): string | null {
  try {
    return sessionStorage.getItem(TOKEN_KEY);
  } catch {
    return null;
  }
}

function saveToken(value: string | null): void {
  try {
    if (value === null) sessionStorage.removeItem(TOKEN_KEY);
    else sessionStorage.setItem(TOKEN_KEY, value);
  } catch {
    // storage disabled: the token lives in this page only
  }
}

function onUnauthorized(): void {
  const refused = Boolean(state.token);
  state.token = null;
  saveToken(null);
  state.needToken = true;
  ui.formMessage.textContent = tokenPrompt(refused);
  ui.form.hidden = false;
  ui.input.focus();
  if (state.lastOk) ui.cards.classList.add('stale');
  setStatus(AUTH);
}

function onTokenSubmit(event: SubmitEvent): void {
  event.preventDefault();
  const value = ui.input.value.trim();
  if (!isToken(value)) {
    ui.formMessage.textContent = MALFORMED_TOKEN;
    return;
  }
  state.token = value;
  saveToken(value);
  ui.input.value = '';
  ui.form.hidden = true;
  state.needToken = false;
  setStatus(CONNECTING);
  if (state.historyNeedsToken) loadHistory();
  schedule(0);
}

function setStatus(view: StatusView): void {
  ui.status.className = `status ${view.kind}`;
  ui.status.setAttribute('data-state', view.kind);
  ui.statusText.textContent = view.text;
}
