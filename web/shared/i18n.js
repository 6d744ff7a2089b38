// Vietnamese first, English second. A page gives its dictionary; elements
// marked data-i18n="key" get their text, data-i18n-attr="attr:key,attr:key"
// their attributes. The choice is kept in localStorage for every page.

export function storedLang() {
  const params = new URLSearchParams(location.search);
  const asked = params.get('lang');
  if (asked === 'vi' || asked === 'en') return asked;
  return localStorage.getItem('lang') === 'en' ? 'en' : 'vi';
}

export function createI18n(dictionary) {
  const i18n = {
    lang: storedLang(),
    listeners: [],
    // t('key', {n: 3}) replaces {n} in the text; a missing key shows itself,
    // so a gap is visible rather than silent.
    t(key, vars = {}) {
      const table = dictionary[i18n.lang] || dictionary.vi;
      let text = table[key] ?? dictionary.vi[key] ?? key;
      if (typeof text === 'function') return text(vars);
      for (const [name, value] of Object.entries(vars)) text = text.replaceAll(`{${name}}`, String(value));
      return text;
    },
    apply(root = document) {
      document.documentElement.lang = i18n.lang;
      for (const el of root.querySelectorAll('[data-i18n]')) el.textContent = i18n.t(el.dataset.i18n);
      for (const el of root.querySelectorAll('[data-i18n-attr]')) {
        for (const pair of el.dataset.i18nAttr.split(',')) {
          const [attr, key] = pair.split(':').map((s) => s.trim());
          el.setAttribute(attr, i18n.t(key));
        }
      }
    },
    set(lang) {
      i18n.lang = lang === 'en' ? 'en' : 'vi';
      localStorage.setItem('lang', i18n.lang);
      i18n.apply();
      for (const fn of i18n.listeners) fn(i18n.lang);
    },
    toggle() { i18n.set(i18n.lang === 'vi' ? 'en' : 'vi'); },
    onChange(fn) { i18n.listeners.push(fn); },
  };
  return i18n;
}
