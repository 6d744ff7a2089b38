// Turns a failed call into a sentence for the organiser, in the page's
// language. The server's own message (English detail) is the fallback for
// codes the dictionary has no sentence for, so nothing is ever hidden.

import { ApiError } from '/shared/http.js';
import { t } from './text.js';

// overrides: {code or status: dictionary key} for what a code means in the
// context of one action (a 409 from publish is not a 409 from create).
export function errorText(error, overrides = {}) {
  if (!(error instanceof ApiError)) return t('error.network');
  const key = overrides[error.code] || overrides[error.status] || `error.${error.code}`;
  const text = t(key);
  if (text !== key) return text;
  return error.message || t('error.internal');
}

// The server words contest problems in English. The one every half-filled
// form meets, "is required", is said in the page's language; the others
// are specific (numbers, ids) and shown as the server wrote them.
export function problemText(message) {
  return message === 'is required' ? t('error.required') : message;
}
