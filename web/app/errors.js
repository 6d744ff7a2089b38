// Server errors in plain words in the page's language: the code picks our
// own sentence; the server's message (already in the session's language) is
// the fallback for a code this page does not know.

import { hasText } from './text.js';

export function errorText(i18n, error) {
  const code = error?.code;
  if (code && hasText(`code.${code}`)) return i18n.t(`code.${code}`);
  if (!code || error instanceof TypeError) return i18n.t('code.network');
  return error.message || i18n.t('code.internal');
}

// The message for one field of an invalid_profile or already_registered
// error: the field-specific sentence when there is one, else the general one.
export function fieldErrorKey(field, code) {
  if (hasText(`err.${field}.${code}`)) return `err.${field}.${code}`;
  if (hasText(`err.${code}`)) return `err.${code}`;
  return 'err.invalid';
}
