/**
 * The example portal: mounts the annotator with the host helper, drives it (open an image, set labels) and lists what
 * it reports. `?appUrl=` points it at another annotator on this machine (loopback only: the example hands out the
 * emulator's development token, and a link must not send even that elsewhere).
 */
import { mountAnnotator, type FileToOpen } from '../mountAnnotator';

/** `npm start` serves the app on 127.0.0.1:5173; /embed-example/ gets a config.json in host mode from the dev server. */
const DEFAULT_APP_URL = 'http://127.0.0.1:5173/embed-example/?fileList=0';
/** The local emulator's documented development token, not a secret; a real portal asks its identity provider. */
const EMULATOR_DEV_TOKEN = 'dev-token';
const SAMPLES = ['sample:coffee', 'sample:chelsea', 'sample:astronaut', 'sample:rocket'];

function byId<T extends HTMLElement>(id: string): T {
  const element = document.getElementById(id);
  if (element === null) throw new Error(`the example page has no #${id}`);
  return element as T;
}

function appUrlFromPage(): string {
  const requested = new URLSearchParams(window.location.search).get('appUrl');
  if (requested === null) return DEFAULT_APP_URL;
  const url = new URL(requested);
  if (!['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname)) throw new Error(`appUrl must be on this machine, got ${url.origin}`);
  return url.href;
}

const events = byId<HTMLOListElement>('events');
function logEvent(text: string): void {
  const item = document.createElement('li');
  // textContent, never innerHTML: the page shows what another origin sent.
  item.textContent = text;
  events.append(item);
  item.scrollIntoView({ block: 'nearest' });
}

let tokenRequests = 0;
const appUrl = appUrlFromPage();
byId('app-url').textContent = `Annotator: ${appUrl}`;
const annotator = mountAnnotator(byId('annotator'), {
  appUrl,
  getToken: ({ refresh }) => {
    tokenRequests += 1;
    byId('token-requests').textContent = String(tokenRequests);
    if (refresh) logEvent('token request (refresh)');
    return EMULATOR_DEV_TOKEN;
  },
  onReady: () => logEvent('ready'),
  onFileOpened: ({ fileId }) => logEvent(`file-opened ${fileId}`),
  onAnnotationsChanged: ({ fileId, count }) => logEvent(`annotations-changed ${fileId}: ${count}`),
});

const samples = byId('samples');
for (const externalId of SAMPLES) {
  const button = document.createElement('button');
  button.type = 'button';
  button.textContent = externalId.replace('sample:', '');
  button.addEventListener('click', () => annotator.openFile({ fileExternalId: externalId }));
  samples.append(button);
}

function fileToOpen(text: string): FileToOpen | null {
  const trimmed = text.trim();
  if (trimmed === '') return null;
  return /^\d+$/.test(trimmed) ? { fileId: Number(trimmed) } : { fileExternalId: trimmed };
}
byId('open-file').addEventListener('click', () => {
  const file = fileToOpen(byId<HTMLInputElement>('file-ref').value);
  if (file !== null) annotator.openFile(file);
});
byId('set-labels').addEventListener('click', () => {
  const labels = byId<HTMLInputElement>('labels')
    .value.split(',')
    .map((label) => label.trim())
    .filter((label) => label !== '');
  annotator.setLabels(labels);
});
for (const radio of document.querySelectorAll<HTMLInputElement>('input[name="size"]')) {
  radio.addEventListener('change', () => byId('annotator').classList.toggle('small', radio.value === 'small' && radio.checked));
}
