// 区分处理 page editor: renders a document's pages with pdf.js, draws the saved marks over them, lets
// staff draw boxes or select text, and saves each mark with its basis, what it is and why (JSON API of
// src/server/api/redaction.ts). Coordinates sent are page space: points from the top-left of the page
// as displayed (the viewport at scale 1), as MuPDF uses them on the server.
import * as pdfjsLib from '/static/pdfjs/pdf.min.mjs';

pdfjsLib.GlobalWorkerOptions.workerSrc = '/static/pdfjs/pdf.worker.min.mjs';

const editor = document.getElementById('editor');
const documentId = editor.dataset.document;
const applicationId = editor.dataset.application;
const csrf = editor.dataset.csrf;
// Pages are drawn at up to 125%, smaller when the column is narrower (set from page 1).
let SCALE = 1.25;
// A selected line's box is the font's full height; its inner part is sent so the lines above and below keep their text.
const SELECTION_INSET = 0.2;

const $ = (id) => document.getElementById(id);
const pagesEl = $('pages');
const pages = new Map(); // page number → { wrap, layer }
let pending = []; // { page, rects, source, els }
let hits = [];

function say(message, isError = false) {
  $('status').textContent = message;
  $('status').classList.toggle('error', isError);
}

async function api(method, url, body) {
  const headers = { 'x-csrf-token': csrf };
  if (body !== undefined) headers['content-type'] = 'application/json';
  const res = await fetch(url, { method, headers, credentials: 'same-origin', body: body === undefined ? undefined : JSON.stringify(body) });
  if (res.status === 204) return null;
  const data = await res.json().catch(() => null);
  if (!res.ok) throw new Error(data?.error?.message ?? `请求失败（${res.status}）`);
  return data;
}

function box(layer, rect, cls, title) {
  const el = document.createElement('div');
  el.className = `mark ${cls}`;
  el.style.left = `${rect[0] * SCALE}px`;
  el.style.top = `${rect[1] * SCALE}px`;
  el.style.width = `${(rect[2] - rect[0]) * SCALE}px`;
  el.style.height = `${(rect[3] - rect[1]) * SCALE}px`;
  if (title) el.title = title;
  layer.append(el);
  return el;
}

function updatePending() {
  $('pending').textContent = `待保存：${pending.length}处`;
}

function addPending(page, rects, source, text) {
  const { layer } = pages.get(page);
  pending.push({ page, rects, source, text, els: rects.map((r) => box(layer, r, 'pending')) });
  updatePending();
}

function clearPending() {
  for (const p of pending) p.els.forEach((el) => el.remove());
  pending = [];
  updatePending();
}

async function drawSaved() {
  const state = await api('GET', `/api/applications/${applicationId}/redaction`);
  const doc = state.documents.find((d) => String(d.id) === documentId);
  const bases = Object.fromEntries((await api('GET', '/api/redaction/bases')).map((b) => [b.id, b.label]));
  for (const { layer } of pages.values()) layer.querySelectorAll('.mark.saved').forEach((el) => el.remove());
  for (const m of doc?.redactions ?? []) {
    const view = pages.get(m.page);
    if (view) for (const r of m.rects) box(view.layer, r, 'saved', `${m.what}（${bases[m.basis] ?? m.basis}）`);
  }
  return doc?.redactions.length ?? 0;
}

/** Drag on a page (box mode) to draw a box. */
function enableDrawing(n, layer) {
  let start = null;
  let el = null;
  const at = (e) => {
    const r = layer.getBoundingClientRect();
    return [(e.clientX - r.left) / SCALE, (e.clientY - r.top) / SCALE];
  };
  layer.addEventListener('pointerdown', (e) => {
    start = at(e);
    el = box(layer, [...start, ...start], 'pending');
    layer.setPointerCapture(e.pointerId);
  });
  layer.addEventListener('pointermove', (e) => {
    if (!start) return;
    const [x, y] = at(e);
    const r = [Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y)];
    el.remove();
    el = box(layer, r, 'pending');
  });
  layer.addEventListener('pointerup', (e) => {
    if (!start) return;
    const [x, y] = at(e);
    const r = [Math.min(start[0], x), Math.min(start[1], y), Math.max(start[0], x), Math.max(start[1], y)];
    el.remove();
    start = null;
    if (r[2] - r[0] > 2 && r[3] - r[1] > 2) addPending(n, [r], 'box');
  });
}

/** Selected text (text mode) → one pending mark per page, one rectangle per selected piece. */
function takeSelection() {
  const sel = window.getSelection();
  if (!sel || sel.isCollapsed) return;
  const selected = sel.toString();
  const byPage = new Map();
  for (let i = 0; i < sel.rangeCount; i++) {
    for (const cr of sel.getRangeAt(i).getClientRects()) {
      if (cr.width < 1 || cr.height < 1) continue;
      for (const [n, { wrap }] of pages) {
        const pr = wrap.getBoundingClientRect();
        const cx = (cr.left + cr.right) / 2;
        const cy = (cr.top + cr.bottom) / 2;
        if (cx < pr.left || cx > pr.right || cy < pr.top || cy > pr.bottom) continue;
        const inset = cr.height * SELECTION_INSET;
        const r = [(cr.left - pr.left) / SCALE, (cr.top + inset - pr.top) / SCALE, (cr.right - pr.left) / SCALE, (cr.bottom - inset - pr.top) / SCALE];
        byPage.set(n, [...(byPage.get(n) ?? []), r]);
      }
    }
  }
  sel.removeAllRanges();
  // The server snaps the rectangles to the PDF's own characters (the text layer only approximates them).
  for (const [n, rects] of byPage) addPending(n, rects, 'text', byPage.size === 1 ? selected : undefined);
}

function grounds() {
  const basis = $('m-basis').value;
  const what = $('m-what').value.trim();
  const reason = $('m-reason').value.trim();
  const law = $('m-law').value.trim();
  return { basis, what, ...(reason ? { reason } : {}), ...(basis === 'prohibited' && law ? { law } : {}) };
}

async function save() {
  if (pending.length === 0) return say('没有待保存的标注：请先框选区域或选择文字', true);
  const g = grounds();
  if (!g.what) return say('请写明删除的是什么内容（如“第三方联系方式”）', true);
  try {
    await api('POST', `/api/redaction/documents/${documentId}/marks`, { marks: pending.map((p) => ({ page: p.page, rects: p.rects, source: p.source, ...(p.text ? { text: p.text } : {}), ...g })) });
    const n = pending.length;
    clearPending();
    await drawSaved();
    say(`已保存${n}处标注`);
  } catch (err) {
    say(err.message, true);
  }
}

async function scan() {
  say('正在查找……');
  try {
    hits = (await api('GET', `/api/redaction/documents/${documentId}/scan`)).hits;
  } catch (err) {
    return say(err.message, true);
  }
  const list = document.createElement('ul');
  hits.forEach((h, i) => {
    const view = pages.get(h.page);
    h.els = view ? h.rects.map((r) => box(view.layer, r, 'hit', h.what)) : [];
    const li = document.createElement('li');
    const label = document.createElement('label');
    const cb = document.createElement('input');
    cb.type = 'checkbox';
    cb.dataset.hit = String(i);
    cb.addEventListener('change', () => h.els.forEach((el) => el.classList.toggle('confirmed', cb.checked)));
    label.append(cb, ` 第${h.page}页 ${h.what} ${h.text}${h.certainty === 'shape' ? '（校验未通过，请核对）' : ''}`);
    li.append(label);
    list.append(li);
  });
  const confirm = document.createElement('button');
  confirm.type = 'button';
  confirm.className = 'primary';
  confirm.id = 'confirm-hits';
  confirm.textContent = '将勾选的标注为删除';
  confirm.addEventListener('click', confirmHits);
  $('hits').replaceChildren(hits.length ? list : '未找到身份证号、手机号或银行账号。', ...(hits.length ? [confirm] : []));
  say(`找到${hits.length}处，请逐一核对后勾选`);
}

async function confirmHits() {
  const chosen = [...document.querySelectorAll('#hits input[type=checkbox]:checked')].map((cb) => hits[Number(cb.dataset.hit)]);
  if (chosen.length === 0) return say('请先勾选要删除的号码', true);
  const reason = $('m-reason').value.trim();
  try {
    await api('POST', `/api/redaction/documents/${documentId}/marks`, {
      marks: chosen.map((h) => ({ page: h.page, rects: h.rects, source: 'pattern', basis: h.basis, what: h.what, ...(reason ? { reason } : {}) })),
    });
    for (const h of hits) h.els.forEach((el) => el.remove());
    hits = [];
    $('hits').replaceChildren();
    await drawSaved();
    say(`已标注${chosen.length}处`);
  } catch (err) {
    say(err.message, true);
  }
}

function setMode(mode) {
  for (const { wrap } of pages.values()) wrap.classList.toggle('mode-box', mode === 'box');
}

async function main() {
  const pdf = await pdfjsLib.getDocument({ url: `/api/redaction/documents/${documentId}/source`, isEvalSupported: false }).promise;
  const ratio = window.devicePixelRatio || 1;
  const first = (await pdf.getPage(1)).getViewport({ scale: 1 });
  SCALE = Math.min(1.25, Math.max(0.5, (pagesEl.clientWidth - 40) / first.width));
  editor.dataset.scale = String(SCALE);
  for (let n = 1; n <= pdf.numPages; n++) {
    const page = await pdf.getPage(n);
    const viewport = page.getViewport({ scale: SCALE });
    const wrap = document.createElement('div');
    wrap.className = 'pdf-page mode-box';
    wrap.dataset.page = String(n);
    wrap.style.width = `${viewport.width}px`;
    wrap.style.height = `${viewport.height}px`;
    const label = document.createElement('span');
    label.className = 'page-label';
    label.textContent = `第${n}页`;
    const canvas = document.createElement('canvas');
    canvas.width = Math.floor(viewport.width * ratio);
    canvas.height = Math.floor(viewport.height * ratio);
    canvas.style.width = `${viewport.width}px`;
    canvas.style.height = `${viewport.height}px`;
    const text = document.createElement('div');
    text.className = 'textLayer';
    text.style.setProperty('--scale-factor', String(SCALE));
    const layer = document.createElement('div');
    layer.className = 'marks';
    wrap.append(label, canvas, text, layer);
    pagesEl.append(wrap);
    pages.set(n, { wrap, layer });
    await page.render({ canvasContext: canvas.getContext('2d'), viewport, transform: ratio === 1 ? null : [ratio, 0, 0, ratio, 0, 0] }).promise;
    await new pdfjsLib.TextLayer({ textContentSource: page.streamTextContent(), container: text, viewport }).render();
    enableDrawing(n, layer);
  }
  await drawSaved();
  editor.dataset.ready = 'true';
  say('');
}

for (const r of document.querySelectorAll('input[name=mode]')) r.addEventListener('change', () => setMode(r.value));
document.addEventListener('mouseup', () => {
  if (document.querySelector('input[name=mode]:checked')?.value === 'text') takeSelection();
});
$('m-basis').addEventListener('change', () => {
  $('m-law-field').hidden = $('m-basis').value !== 'prohibited';
});
$('save').addEventListener('click', save);
$('clear').addEventListener('click', clearPending);
$('scan').addEventListener('click', scan);
say('正在载入文件……');
main().catch((err) => say(`无法显示文件：${err.message}`, true));
