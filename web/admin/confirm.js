// A confirmation before an action that cannot be undone (close a round now,
// publish results): a modal <dialog>, so focus stays inside it, Escape
// cancels, and the question is read out when it opens.

import { h } from '/shared/dom.js';
import { t } from './text.js';

export function confirmAction({ title, message, confirmLabel }) {
  return new Promise((resolve) => {
    const heading = h('h2', { id: 'confirm-title' }, title);
    const text = h('p', { id: 'confirm-text' }, message);
    const cancel = h('button', { type: 'button', class: 'secondary', 'data-testid': 'confirm-cancel' }, t('common.cancel'));
    const ok = h('button', { type: 'button', 'data-testid': 'confirm-ok' }, confirmLabel);
    const dialog = h('dialog', { class: 'confirm', 'aria-labelledby': 'confirm-title', 'aria-describedby': 'confirm-text', 'data-testid': 'confirm-dialog' },
      heading, text, h('div', { class: 'actions' }, cancel, ok));
    const opener = document.activeElement;
    let answer = false;
    cancel.addEventListener('click', () => dialog.close());
    ok.addEventListener('click', () => { answer = true; dialog.close(); });
    dialog.addEventListener('close', () => {
      dialog.remove();
      if (opener instanceof HTMLElement) opener.focus();
      resolve(answer);
    });
    document.body.append(dialog);
    dialog.showModal();
    // The safe choice has the focus, so a stray Enter does not publish.
    cancel.focus();
  });
}
