// Reading inputs into a configuration: an empty input is left out (so the
// server's default applies, or it reports "is required" at that path)
// rather than sent as "" or 0.

export function text(input) {
  const value = input.value.trim();
  return value === '' ? undefined : value;
}

export function num(input) {
  if (input.value.trim() === '') return undefined;
  const value = Number(input.value);
  // A value the browser could not read as a number is sent as typed, so
  // the server names it rather than the page silently dropping it.
  return Number.isFinite(value) ? value : input.value;
}

export function lines(textarea) {
  return textarea.value.split(/\r?\n/).map((s) => s.trim()).filter(Boolean);
}
