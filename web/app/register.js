// The registration form: the contest's units and categories, every field
// labelled, and the server's invalid_profile details shown at each field
// (aria-invalid + a linked message); already_registered at its field with a
// way to log in instead. The fields a contest may add (gender, address,
// commune: its profile_fields) appear only when asked, marked required or
// optional as the contest says.

import { h } from '/shared/dom.js';
import { errorText, fieldErrorKey } from './errors.js';
import { field, setFieldError, clearFieldErrors } from './form-fields.js';

const ORDER = ['join_code', 'name', 'phone', 'birth_date', 'unit', 'category', 'gender', 'address', 'commune',
  'id_number', 'email', 'password'];

// The fields the contest's profile_fields may ask, in the form's order.
const ASKABLE = ['gender', 'address', 'commune'];

// How the contest asks a field: 'no' (not shown, not sent), 'optional' or
// 'required'. A view without profile_fields (an older server) asks none.
function asked(contest, name) {
  const how = contest.profile_fields?.[name];
  return how === 'optional' || how === 'required' ? how : 'no';
}

// The specs of the asked fields. Gender as on the citizen ID card; the
// commune from the contest's list when it gives one, typed otherwise.
function askedSpecs(contest) {
  const label = (name) => (asked(contest, name) === 'required' ? `field.${name}` : `field.${name}.optional`);
  const communes = contest.communes || [];
  const all = {
    gender: { name: 'gender', label: label('gender'),
      options: [{ id: 'male', text: 'gender.male' }, { id: 'female', text: 'gender.female' }] },
    address: { name: 'address', label: label('address'), type: 'text', autocomplete: 'street-address' },
    commune: communes.length
      ? { name: 'commune', label: label('commune'), options: communes }
      : { name: 'commune', label: label('commune'), type: 'text' },
  };
  return ASKABLE.filter((name) => asked(contest, name) !== 'no').map((name) => all[name]);
}

// field() for a spec, then what field() does not do: options whose names
// are dictionary keys (translated on a language switch), and the required
// mark for a screen reader and the browser.
function askedField(ctx, contest, spec) {
  const options = spec.options?.map((o) => ({ id: o.id, name: o.text ? ctx.t(o.text) : o.name }));
  const wrap = field(ctx, 'reg', { ...spec, options });
  const control = wrap.querySelector(`#reg-${spec.name}`);
  for (const o of spec.options || []) {
    if (o.text) control.querySelector(`option[value="${o.id}"]`).dataset.i18n = o.text;
  }
  if (asked(contest, spec.name) === 'required') {
    control.required = true;
    control.setAttribute('aria-required', 'true');
  }
  return wrap;
}

// A register answered `unavailable` and sent again by the client may have
// run the first time (the store took the write, then failed over before
// confirming it): the resend then finds the phone taken, by this very
// registration. Logging in with the same phone and password tells: it
// succeeds for the person's own account and the form carries on as if the
// registration had been answered; otherwise the phone is someone else's
// and the already_registered error stands.
async function registerOrFindOwn(ctx, profile) {
  const contest = ctx.state.contestId;
  try {
    return await ctx.ws.request('register', { contest, profile });
  } catch (error) {
    if (!(error.code === 'already_registered' && error.field === 'phone' && error.afterUnavailable)) throw error;
    try {
      return await ctx.ws.request('login', { contest, phone: profile.phone, password: profile.password });
    } catch {
      throw error;
    }
  }
}

export function buildRegisterForm(ctx) {
  const { t, state } = ctx;
  const contest = state.contest;
  const specs = [
    // The code from the organiser's letter, first: without it nothing else matters.
    ...(contest.join_code_required
      ? [{ name: 'join_code', label: 'field.join_code', type: 'text', autocomplete: 'off', hint: 'hint.join_code' }]
      : []),
    { name: 'name', label: 'field.name', type: 'text', autocomplete: 'name' },
    { name: 'phone', label: 'field.phone', type: 'tel', autocomplete: 'tel', inputmode: 'tel', hint: 'hint.phone' },
    { name: 'birth_date', label: 'field.birth_date', type: 'date', autocomplete: 'bday' },
    { name: 'unit', label: 'field.unit', options: contest.units || [] },
    { name: 'category', label: 'field.category', options: contest.categories || [] },
    ...askedSpecs(contest),
    { name: 'id_number', label: 'field.id_number', type: 'text', inputmode: 'numeric', hint: 'hint.id_number' },
    { name: 'email', label: 'field.email', type: 'email', autocomplete: 'email' },
    { name: 'password', label: 'field.password', type: 'password', autocomplete: 'new-password', hint: 'hint.password' },
  ];
  const summary = h('p', { class: 'form-summary', id: 'reg-summary', role: 'alert', 'data-testid': 'register-summary' });
  const goLogin = h('button', { type: 'button', class: 'secondary', id: 'reg-go-login', hidden: true,
    'data-i18n': 'reg.goLogin', onclick: () => ctx.actions.showAuthTab('login', form.elements.phone.value) },
  t('reg.goLogin'));
  const submit = h('button', { type: 'submit', id: 'reg-submit', 'data-i18n': 'reg.submit' }, t('reg.submit'));
  let summaryState = null; // {key, n} or {text}
  // A typed commune left empty is asked to be typed, not chosen.
  const typedCommune = !contest.communes?.length;
  const errorKey = (d) => (d.field === 'commune' && d.code === 'required' && typedCommune
    ? 'err.commune.typed.required' : fieldErrorKey(d.field, d.code));

  const form = h('form', { id: 'register-form', novalidate: true, 'aria-labelledby': 'auth-register-title' },
    h('h3', { id: 'auth-register-title', class: 'visually-hidden', 'data-i18n': 'auth.register' }, t('auth.register')),
    h('p', { class: 'hint', 'data-i18n': 'reg.intro' }, t('reg.intro')),
    specs.map((spec) => (ASKABLE.includes(spec.name) ? askedField(ctx, contest, spec) : field(ctx, 'reg', spec))),
    summary,
    h('div', { class: 'actions' }, submit, goLogin));

  function showSummary() {
    if (!summaryState) summary.textContent = '';
    else if (summaryState.key) summary.textContent = t(summaryState.key, { n: summaryState.n });
    else summary.textContent = summaryState.text;
  }
  ctx.i18n.onChange(showSummary);

  form.addEventListener('submit', async (event) => {
    event.preventDefault();
    clearFieldErrors(form);
    summaryState = null;
    goLogin.hidden = true;
    showSummary();
    const value = (name) => form.elements[name].value.trim();
    const profile = {
      name: value('name'), phone: value('phone'), birth_date: value('birth_date'), unit: value('unit'),
      category: value('category'), password: form.elements.password.value,
    };
    if (value('id_number')) profile.id_number = value('id_number');
    if (value('email')) profile.email = value('email');
    if (form.elements.join_code) profile.join_code = value('join_code');
    // Only what the contest asks, and only when filled: the server says
    // `required` for a required one left empty.
    for (const name of ASKABLE) {
      if (form.elements[name] && value(name)) profile[name] = value(name);
    }
    submit.disabled = true;
    submit.textContent = t('reg.sending');
    try {
      const reply = await registerOrFindOwn(ctx, profile);
      form.reset();
      ctx.actions.loggedIn(reply);
    } catch (error) {
      const marked = [];
      if (error.code === 'invalid_profile') {
        const details = error.details?.length ? error.details : [{ field: error.field, code: 'invalid' }];
        for (const d of details) {
          if (setFieldError(ctx, form, 'reg', d.field, errorKey(d))) marked.push(d.field);
        }
        summaryState = { key: 'reg.errors', n: marked.length };
      } else if (error.code === 'already_registered') {
        const name = error.field === 'id_number' ? 'id_number' : 'phone';
        setFieldError(ctx, form, 'reg', name, `err.${name}.already_registered`);
        marked.push(name);
        goLogin.hidden = name !== 'phone';
        summaryState = { text: errorText(ctx.i18n, error) };
      } else {
        summaryState = { text: errorText(ctx.i18n, error) };
      }
      showSummary();
      // Focus the first field to fix, in the order they appear on the form.
      const first = ORDER.find((n) => marked.includes(n));
      if (first) form.elements[first].focus();
    } finally {
      submit.disabled = false;
      submit.textContent = t('reg.submit');
    }
  });
  return form;
}
