// Round windows are typed in Vietnam time whatever zone the organiser's
// computer is set to: a datetime-local value ("2026-12-01T08:00") is read as
// +07:00 (Vietnam has no daylight saving) and sent as ISO with that offset.

const OFFSET_MS = 7 * 3600 * 1000;

export function isoFromLocalInput(value) {
  if (!value) return undefined;
  const [date, time = '00:00'] = value.split('T');
  const withSeconds = time.length === 5 ? `${time}:00` : time.slice(0, 8);
  return `${date}T${withSeconds}+07:00`;
}

// ms since the epoch -> "YYYY-MM-DDTHH:MM" in Vietnam time.
export function localInputFromMs(ms) {
  return new Date(ms + OFFSET_MS).toISOString().slice(0, 16);
}

// An ISO string with any offset -> the datetime-local value in Vietnam time
// (for filling the form from pasted JSON); '' when it does not parse.
export function localInputFromIso(iso) {
  const ms = Date.parse(iso);
  return Number.isNaN(ms) ? '' : localInputFromMs(ms);
}
