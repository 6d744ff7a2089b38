// Which importer a file needs, and an id for it, from what the organiser
// picked. The extension decides; a .txt file is read to tell a Word-like
// question set ("Câu 1: … A. … Đáp án: B") from GIFT and Aiken, since
// Moodle exports both as .txt too. The organiser can still override the
// result in the format select.

const BY_EXTENSION = {
  json: 'json', csv: 'csv', gift: 'gift', aiken: 'aiken', xml: 'xml', xlsx: 'xlsx', docx: 'docx',
};

// The formats the server reads, in the order the select lists them.
export const FORMATS = ['xlsx', 'docx', 'txt', 'csv', 'json', 'xml', 'gift', 'aiken'];

// What the body is sent as. The server goes by ?format=, not by this; it is
// there for proxies and logs.
export const CONTENT_TYPES = {
  json: 'application/json',
  csv: 'text/csv',
  xml: 'application/xml',
  xlsx: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
};

export const ACCEPT = '.json,.csv,.gift,.aiken,.txt,.xml,.xlsx,.docx,application/json,text/csv,text/plain,'
  + 'application/xml,text/xml,' + CONTENT_TYPES.xlsx + ',' + CONTENT_TYPES.docx;

// The options a format takes beside id and title.
export const takesSheet = (format) => format === 'xlsx';
export const takesTopic = (format) => format === 'docx' || format === 'txt';

export function extensionOf(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

// Aiken has "ANSWER: X" lines and no braces; GIFT has braces around
// answers, ::titles:: or $CATEGORY lines. Neither: a question set as Word
// users write it, which the server reads as txt.
export function sniffText(text) {
  if (/^\s*ANSWER\s*:\s*[A-Za-z]\s*$/m.test(text) && !/[{}]/.test(text)) return 'aiken';
  if (/\{[^{}]*[=~][^{}]*\}/.test(text) || /^\s*::[^:]+::/m.test(text) || /^\s*\$CATEGORY:/m.test(text)) return 'gift';
  return 'txt';
}

// -> {format, how} where how is 'extension', 'content' or 'unknown'.
export async function detectFormat(file) {
  const ext = extensionOf(file.name);
  if (BY_EXTENSION[ext]) return { format: BY_EXTENSION[ext], how: 'extension' };
  if (ext === 'txt') return { format: sniffText(await file.slice(0, 65536).text()), how: 'content' };
  const bytes = new Uint8Array(await file.slice(0, 4).arrayBuffer());
  // A zip (PK): Excel or Word under another name. Excel is the likelier.
  if (bytes[0] === 0x50 && bytes[1] === 0x4b) return { format: 'xlsx', how: 'unknown' };
  const head = (await file.slice(0, 1024).text()).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return { format: 'json', how: 'content' };
  if (head.startsWith('<')) return { format: 'xml', how: 'content' };
  return { format: 'csv', how: 'unknown' };
}

// A bank id as the server accepts it: [a-z0-9][a-z0-9_-]*, at most 64.
// Vietnamese letters lose their marks and đ becomes d ("Ngân hàng Đề 1"
// -> "ngan-hang-de-1").
export function slugify(text) {
  return text.normalize('NFD').replace(/[\u0300-\u036f]/g, '')
    .replace(/[đĐ]/g, 'd').toLowerCase()
    .replace(/[^a-z0-9_]+/g, '-').replace(/^[-_]+|-+$/g, '')
    .slice(0, 64).replace(/-+$/, '');
}

// "cchc-2026-v3.xlsx", as the dashboard's own download names it: the
// version suffix is dropped, so editing and uploading again stores the
// next version of the same bank.
export function idFromFileName(name) {
  const dot = name.lastIndexOf('.');
  return slugify(dot > 0 ? name.slice(0, dot) : name).replace(/-v\d+$/, '');
}

// A JSON bank carries its own id and title: prefill them from the file
// (up to the server's 10 MiB limit) so the organiser sees what will be used.
export async function jsonIdentity(file) {
  if (file.size > 10 * 1024 * 1024) return null;
  try {
    const bank = JSON.parse((await file.text()).replace(/^\uFEFF/, ''));
    if (bank && typeof bank === 'object') {
      return { id: typeof bank.id === 'string' ? bank.id : '', title: typeof bank.title === 'string' ? bank.title : '' };
    }
  } catch { /* the server will list what is wrong with it */ }
  return null;
}
