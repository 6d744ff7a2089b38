// What several specs do on the contestant app (/): the same two people, and
// registering one of them through the form.

export const HOA = { name: 'Nguyễn Thị Hoa', phone: '0912345678', birth: '1988-03-14', unit: 'so-noi-vu',
  category: 'cbccvc', password: 'mat-khau-hoa-1' };
export const BINH = { name: 'Trần Văn Bình', phone: '0987654321', birth: '1995-11-02', unit: 'ubnd-phuong-1',
  category: 'nhan-dan', password: 'mat-khau-binh-1' };

// Fills the registration form and sends it (the answer is the caller's to wait for).
export async function sendRegistration(page, person) {
  await page.fill('#reg-name', person.name);
  await page.fill('#reg-phone', person.phone);
  await page.fill('#reg-birth_date', person.birth);
  await page.selectOption('#reg-unit', person.unit);
  await page.selectOption('#reg-category', person.category);
  await page.fill('#reg-password', person.password);
  await page.click('#reg-submit');
}

// Registers and waits for the greeting.
export async function register(page, person) {
  await sendRegistration(page, person);
  await page.locator('[data-testid="participant-name"]').waitFor();
}
