// Which importer a file needs, and an id for it, from what the organiser
// picked. The extension decides; a .txt file is read to tell GIFT from
// Aiken, since Moodle exports both as .txt. The organiser can still
// override the result in the format select.

const BY_EXTENSION = { json: 'json', csv: 'csv', gift: 'gift', aiken: 'aiken' };

export function extensionOf(name) {
  const dot = name.lastIndexOf('.');
  return dot > 0 ? name.slice(dot + 1).toLowerCase() : '';
}

// GIFT has braces around answers, ::titles:: or $CATEGORY lines; Aiken has
// "ANSWER: X" lines. Neither sign: GIFT, as the more common Moodle export.
export function sniffText(text) {
  if (/^\s*ANSWER\s*:\s*[A-Za-z]\s*$/m.test(text) && !/[{}]/.test(text)) return 'aiken';
  return 'gift';
}

// -> {format, how} where how is 'extension', 'content' or 'unknown'.
export async function detectFormat(file) {
  const ext = extensionOf(file.name);
  if (BY_EXTENSION[ext]) return { format: BY_EXTENSION[ext], how: 'extension' };
  if (ext === 'txt') return { format: sniffText(await file.slice(0, 65536).text()), how: 'content' };
  const head = (await file.slice(0, 1024).text()).replace(/^\uFEFF/, '').trimStart();
  if (head.startsWith('{')) return { format: 'json', how: 'content' };
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

export function idFromFileName(name) {
  const dot = name.lastIndexOf('.');
  return slugify(dot > 0 ? name.slice(0, dot) : name);
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
