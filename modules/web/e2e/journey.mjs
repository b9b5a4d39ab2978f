// The browser journey (./agora test runs it): a real pod on the real backends, the machine's Chromium
// driven by playwright-core. An admin invites a member, who joins from the link, confirms the address
// from the mail the pod logged, signs in, turns on two-factor sign-in by reading the key the page shows,
// signs in again with a code, edits the profile and uploads a picture, locks the account; the admin
// finds them by search and asks to follow, the member approves, blocks and unblocks; the admin suspends them and their next action lands on the suspension
// page. axe-core checks every page (WCAG 2.2 AA rules); each page is photographed. The CSP stays on:
// a violation fails the journey.
//
// Environment: AGORA_E2E_PORT (18480), AGORA_E2E_TERRITORY (TH), AGORA_E2E_SCREENSHOTS (a directory,
// default modules/web/target/e2e; docs/ui for the README's pictures), CHROMIUM (/usr/bin/chromium).
import { chromium } from 'playwright-core';
import { readFileSync, mkdirSync, existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, resolve } from 'node:path';
import assert from 'node:assert/strict';
import { startPod } from './pod.mjs';
import { totp } from './totp.mjs';

const require = createRequire(import.meta.url);
const axeSource = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const here = new URL('..', import.meta.url).pathname;
const shots = resolve(here, process.env.AGORA_E2E_SCREENSHOTS ?? 'target/e2e');
mkdirSync(shots, { recursive: true });
const executablePath = process.env.CHROMIUM ?? '/usr/bin/chromium';
if (!existsSync(executablePath)) {
  console.error(`e2e: Chromium is needed at ${executablePath} (Debian: apt-get install chromium; or set CHROMIUM)`);
  process.exit(1);
}

const steps = [];
/** A 1×1 red PNG: the page crops and scales it to the square it sends. */
const RED_PIXEL_PNG = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8DwHwAFBQIAX8jx0gAAAABJRU5ErkJggg==', 'base64');

function step(name) {
  steps.push(name);
  console.log(`e2e: ${name}`);
}

/** axe-core on the page as it stands, WCAG 2.0–2.2 A and AA rules; any violation fails. */
async function accessible(page, name) {
  if (!(await page.evaluate(() => Boolean(window.axe)))) {
    await page.evaluate(axeSource);
  }
  const result = await page.evaluate(() => window.axe.run(document, {
    runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa'] },
  }));
  const violations = result.violations.map((v) => `${v.id}: ${v.help} (${v.nodes.map((n) => n.target.join(' ')).join(', ')})`);
  assert.deepEqual(violations, [], `accessibility of ${name}`);
}

/** Content-Security-Policy violations and script errors seen in any page; checked at every picture and at the end. */
const pageProblems = [];

async function photograph(page, name) {
  assert.deepEqual(pageProblems, [], `before ${name}`);
  await accessible(page, name);
  await page.screenshot({ path: join(shots, `${name}.png`), fullPage: true });
}

function watch(page, who) {
  if (process.env.AGORA_E2E_DEBUG) {
    page.on('response', (r) => r.url().includes('/api/') && console.log(`${who}: ${r.request().method()} ${r.url()} ${r.status()}`));
    page.on('framenavigated', (f) => f === page.mainFrame() && console.log(`${who}: at ${f.url()}`));
  }
  page.on('console', (message) => {
    if (/Content Security Policy|Refused to/i.test(message.text())) {
      pageProblems.push(`${who}: ${message.text()}`);
    }
  });
  page.on('pageerror', (error) => pageProblems.push(`${who}: ${error.message}`));
}

const pod = await startPod({
  port: Number(process.env.AGORA_E2E_PORT ?? 18480),
  territory: process.env.AGORA_E2E_TERRITORY ?? 'TH',
});
const browser = await chromium.launch({
  executablePath,
  args: ['--headless', '--no-sandbox', '--disable-gpu', '--disable-background-networking'],
});
let failed = false;
try {
  const json = async (path, body, token) => {
    const answer = await fetch(pod.base + path, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json', ...(token ? { Authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify(body),
    });
    const text = await answer.text();
    assert.ok(answer.ok, `${path}: ${answer.status} ${text}`);
    return text ? JSON.parse(text) : undefined;
  };

  // The territory's first admin, through the API as the README tells (with two-factor sign-in, which the role needs).
  step('the first admin registers from the bootstrap invitation and turns on two-factor sign-in (API)');
  const admin = { email: `admin-${Date.now()}@e2e.example`, password: 'a long admin passphrase 42', name: 'Ada Admin' };
  await json('/api/auth/register', { invitation: await pod.bootstrapInvitation(), email: admin.email,
    displayName: admin.name, password: admin.password });
  const adminVerify = new URL(await pod.mailLink(admin.email, 'verify-email'));
  await json('/api/auth/email/verify', { token: adminVerify.searchParams.get('token') });
  const adminLogin = await json('/api/auth/login', { email: admin.email, password: admin.password });
  const enrolment = await json('/api/auth/two-factor/totp', { password: admin.password }, adminLogin.accessToken);
  admin.secret = enrolment.secret;
  admin.recoveryCodes = (await json('/api/auth/two-factor/totp/confirm', { code: totp(admin.secret, -1) },
    adminLogin.accessToken)).recoveryCodes;

  const adminContext = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' });
  const adminPage = await adminContext.newPage();
  watch(adminPage, 'admin');

  step('the admin signs in in the browser with password and authenticator code');
  await adminPage.goto(`${pod.base}/sign-in`);
  await adminPage.getByLabel('Email address').fill(admin.email);
  await adminPage.getByLabel('Password').fill(admin.password);
  await adminPage.getByRole('button', { name: 'Sign in' }).click();
  await adminPage.getByLabel('Code from your authenticator app').fill(totp(admin.secret));
  await photograph(adminPage, 'sign-in-code');
  await adminPage.getByRole('button', { name: 'Sign in' }).click();
  await adminPage.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();

  step('the admin creates an invitation and copies its link');
  await adminPage.getByRole('link', { name: 'Invitations' }).first().click();
  await adminPage.getByLabel('Note (only you and the admins see it)').fill('For Mai, from the reading group');
  await adminPage.getByRole('button', { name: 'Create the invitation' }).click();
  const link = await adminPage.getByTestId('invitation-link').first().inputValue();
  assert.match(link, new RegExp(`^${pod.base}/join\\?territory=${pod.territory}&token=`));
  await adminPage.getByText('For Mai, from the reading group').waitFor();
  await photograph(adminPage, 'invitations');

  // The member, in a browser of their own.
  const member = { email: `mai-${Date.now()}@e2e.example`, password: 'river stones and paper lanterns', name: 'Mai Member' };
  const memberContext = await browser.newContext({ viewport: { width: 390, height: 844 }, locale: 'en-GB', isMobile: true });
  const page = await memberContext.newPage();
  watch(page, 'member');

  step('the member opens the link: the invitation is checked, the form explains the password rules from the pod');
  await page.goto(link);
  await page.getByText(`${admin.name} invited you.`, { exact: false }).waitFor();
  await page.getByText(/The invitation is valid until/).waitFor();
  await page.getByLabel('Display name').fill(member.name);
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Password').fill('password');
  await page.locator('.rules li').first().waitFor();
  await photograph(page, 'join-password-rules');
  await page.getByLabel('Password').fill(member.password);
  await page.getByText('This password is accepted.').waitFor();
  await page.getByRole('button', { name: 'Create my account' }).click();
  await page.getByRole('heading', { name: 'Welcome to Agora' }).waitFor();
  await photograph(page, 'join-done');

  step('the member confirms the address from the logged mail, only when pressing the button');
  const verify = await pod.mailLink(member.email, 'verify-email');
  await page.goto(verify);
  await page.getByRole('button', { name: 'Confirm my address' }).waitFor();
  await photograph(page, 'confirm-email');
  await page.getByRole('button', { name: 'Confirm my address' }).click();
  await page.getByText('Your email address is confirmed.').waitFor();

  step('the member signs in');
  await page.goto(`${pod.base}/sign-in`);
  await photograph(page, 'sign-in');
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: `Welcome, ${member.name}` }).waitFor();
  await photograph(page, 'home');

  step('a reload and three tabs opened at once stay signed in (silent refresh from the cookie, one at a time); the token is in no storage');
  await page.reload();
  await page.getByRole('heading', { name: `Welcome, ${member.name}` }).waitFor();
  // Three tabs opening at once each refresh from the one cookie: taking turns, none presents a
  // rotated token again (which would revoke the session for all of them).
  const tabs = await Promise.all([1, 2, 3].map(() => memberContext.newPage()));
  tabs.forEach((tab, i) => watch(tab, `tab ${i + 2}`));
  await Promise.all(tabs.map((tab) => tab.goto(`${pod.base}/account`)));
  await Promise.all(tabs.map((tab) => tab.getByRole('heading', { name: 'Where you are signed in' }).waitFor()));
  await Promise.all(tabs.map((tab) => tab.close()));
  await page.reload();
  await page.getByRole('heading', { name: `Welcome, ${member.name}` }).waitFor();
  const stored = await page.evaluate(() => JSON.stringify({ ...localStorage }) + JSON.stringify({ ...sessionStorage }));
  assert.ok(!/eyJ/.test(stored), `no token in web storage: ${stored}`);
  const cookies = await memberContext.cookies();
  assert.ok(cookies.some((c) => c.name === '__Host-agora-refresh' && c.httpOnly), 'the refresh cookie is HttpOnly');

  step('the member turns on two-factor sign-in by reading the key the page shows');
  await page.goto(`${pod.base}/account`);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();
  await page.locator('#two-factor').locator('..').getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Set up an authenticator app' }).click();
  const secret = (await page.getByTestId('totp-secret').textContent()).trim();
  assert.match(secret, /^[A-Z2-7]{32}$/);
  await page.getByRole('img', { name: 'QR code for your authenticator app' }).waitFor();
  await photograph(page, 'two-factor-set-up');
  await page.getByLabel('The code the app shows now').fill(totp(secret, -1));
  await page.getByRole('button', { name: 'Turn on two-factor sign-in' }).click();
  await page.getByRole('list', { name: 'Recovery codes' }).waitFor();
  assert.equal(await page.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').count(), 10);
  await photograph(page, 'recovery-codes');

  step('the member signs out and in again, now with a code');
  await page.getByRole('button', { name: /^Sign out/ }).first().click();
  await page.getByText('You are signed out.').waitFor();
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Code from your authenticator app').fill(totp(secret));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: `Welcome, ${member.name}` }).waitFor();
  await page.goto(`${pod.base}/account`);
  await page.getByText(/On since .*; 10 recovery codes left\./).waitFor();
  await page.getByRole('heading', { name: 'Where you are signed in' }).waitFor();
  await photograph(page, 'account-security');

  step('the member moves to another address, confirmed from the mail to it by a button');
  const newEmail = member.email.replace('mai-', 'mai.new-');
  await page.getByLabel('New email address').fill(newEmail);
  await page.locator('#email').locator('..').getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Send a confirmation link' }).click();
  await page.getByText(`We sent a link to ${newEmail}`).waitFor();
  await page.goto(await pod.mailLink(newEmail, 'confirm-email'));
  await page.getByRole('button', { name: 'Confirm the change' }).waitFor();
  await photograph(page, 'confirm-email-change');
  await page.getByRole('button', { name: 'Confirm the change' }).click();
  await page.getByText('Your account now uses the new address.').waitFor();
  member.email = newEmail;

  step('the member edits the profile and uploads a picture, cropped to a square in the page');
  await page.goto(`${pod.base}/profile/edit`);
  await page.getByLabel('About me').fill('I grow *tomatoes* on my balcony.');
  await page.getByLabel('Pronouns').fill('she/her');
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await photograph(page, 'profile-edit');
  await page.goto(`${pod.base}/profile/avatar`);
  await page.locator('#avatar-file').setInputFiles({ name: 'me.png', mimeType: 'image/png', buffer: RED_PIXEL_PNG });
  await page.getByRole('button', { name: 'Use this picture' }).click();
  await page.getByText('Your picture is saved.').waitFor();
  await photograph(page, 'avatar-upload');
  await page.goto(`${pod.base}/profile/me`);
  // The bio as the pod rendered it: Markdown's emphasis, sanitised.
  await page.locator('.bio em', { hasText: 'tomatoes' }).waitFor();
  const picture = page.locator('img.avatar').first();
  await picture.waitFor();
  assert.match(await picture.getAttribute('src'), /^\/avatars\/[A-Z]{2}\/[0-9a-f-]{36}\/[0-9a-f]{32}-256\.jpg$/);
  assert.equal(await picture.evaluate((img) => img.complete && img.naturalWidth), 256, 'the stored square is shown');
  await photograph(page, 'my-profile');

  step('the member locks the account; the admin finds them, asks to follow; the member approves, then blocks and unblocks');
  await page.goto(`${pod.base}/profile/privacy`);
  await page.getByLabel('Follows need my approval').check();
  await page.getByRole('button', { name: 'Save' }).click();
  await page.getByText('Saved.').waitFor();
  await photograph(page, 'privacy');
  await adminPage.goto(`${pod.base}/members`);
  await adminPage.getByLabel('Name or @handle').fill(member.name.split(' ')[0]);
  await adminPage.getByRole('button', { name: 'Search' }).click();
  await adminPage.getByRole('link', { name: member.name }).click();
  await adminPage.getByRole('heading', { name: member.name }).waitFor();
  await adminPage.locator('.bio em', { hasText: 'tomatoes' }).waitFor();
  await adminPage.getByRole('button', { name: 'Follow' }).click();
  await adminPage.getByRole('button', { name: 'Requested (withdraw)' }).waitFor();
  await photograph(adminPage, 'member-profile');
  await page.goto(`${pod.base}/profile/requests`);
  await page.getByRole('link', { name: admin.name }).waitFor();
  await photograph(page, 'follow-requests');
  await page.getByRole('button', { name: 'Approve' }).click();
  await page.getByText('Nobody yet.').waitFor();
  await page.goto(`${pod.base}/profile/me`);
  await page.getByRole('link', { name: '1 followers' }).click();
  await page.getByRole('link', { name: admin.name }).waitFor();
  await photograph(page, 'followers');
  await page.getByRole('link', { name: admin.name }).click();
  await page.getByRole('button', { name: 'Block' }).click();
  await page.goto(`${pod.base}/profile/blocks`);
  await page.getByRole('button', { name: `Unblock ${admin.name}` }).click();
  await page.getByRole('button', { name: `Unblock ${admin.name}` }).waitFor({ state: 'detached' });
  await adminPage.reload();
  await adminPage.getByRole('button', { name: 'Follow' }).waitFor(); // the block ended the follow

  step('an unknown page and the language picker');
  await page.goto(`${pod.base}/no/such/page`);
  await page.getByRole('heading', { name: 'Not found' }).waitFor();
  await photograph(page, 'not-found');
  await page.getByLabel('Language').selectOption('da');
  await page.getByRole('heading', { name: 'Ikke fundet' }).waitFor();
  assert.equal(await page.evaluate(() => document.documentElement.lang), 'da');
  await page.getByLabel('Sprog').selectOption('en');

  step('the admin sees the member in the invitation tree and suspends them');
  await adminPage.goto(`${pod.base}/invitations`);
  await adminPage.getByRole('heading', { name: 'Who invited whom' }).waitFor();
  await adminPage.getByRole('button', { name: `Suspend ${member.name}` }).click();
  await adminPage.getByLabel('Reason (the member sees it)').fill('Spam in the forum');
  await photograph(adminPage, 'invitation-tree-suspend');
  await adminPage.getByRole('button', { name: 'Suspend the account' }).click();
  await adminPage.getByText('suspended', { exact: true }).waitFor();

  step("the member's next action lands on the suspension page, which says why once they sign in");
  await page.getByRole('link', { name: 'Invitations' }).first().click();
  await page.getByRole('heading', { name: 'Your account is suspended' }).waitFor();
  await page.getByRole('link', { name: 'Sign in' }).last().click();
  await page.getByLabel('Email address').fill(member.email);
  await page.getByLabel('Password').fill(member.password);
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByLabel('Code from your authenticator app').fill(totp(secret, 1));
  await page.getByRole('button', { name: 'Sign in' }).click();
  await page.getByRole('heading', { name: 'Your account is suspended' }).waitFor();
  await page.getByText('Spam in the forum').waitFor();
  await photograph(page, 'suspended');

  step('the admin signs in on a second device, signs that one out from the first, then signs out everywhere');
  const laptop = await browser.newContext({ viewport: { width: 1100, height: 800 }, locale: 'en-GB' });
  const other = await laptop.newPage();
  watch(other, 'admin laptop');
  await other.goto(`${pod.base}/sign-in`);
  await other.getByLabel('Email address').fill(admin.email);
  await other.getByLabel('Password').fill(admin.password);
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByLabel('Code from your authenticator app').fill(totp(admin.secret, 1));
  await other.getByRole('button', { name: 'Sign in' }).click();
  await other.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();
  await adminPage.goto(`${pod.base}/account`);
  // Three sessions: this browser, the laptop's, and the API sign-in of the set-up.
  const laptopSession = adminPage.locator('ul.sessions > li').filter({ hasText: 'HeadlessChrome' })
    .filter({ hasNotText: 'this device' });
  await laptopSession.waitFor();
  const before = await adminPage.locator('ul.sessions > li').count();
  await laptopSession.getByRole('button', { name: /^Sign out this one/ }).click();
  await adminPage.waitForFunction((n) => document.querySelectorAll('ul.sessions > li').length === n, before - 1);
  await other.getByRole('navigation').getByRole('link', { name: 'Account security' }).click();
  await other.getByText('Your session has ended. Sign in again.').waitFor();
  await adminPage.getByRole('button', { name: 'Sign out everywhere' }).click();
  await adminPage.getByText('You are signed out.').waitFor();
  await adminPage.goto(`${pod.base}/account`);
  await adminPage.getByRole('heading', { name: 'Sign in' }).waitFor();

  step('the admin, signed out, resets the password from the mailed link');
  await adminPage.getByRole('link', { name: 'Forgot your password?' }).click();
  await adminPage.getByLabel('Email address').fill(admin.email);
  await adminPage.getByRole('button', { name: 'Send the link' }).click();
  await adminPage.getByText(`If ${admin.email} belongs to an account, a link is on its way.`).waitFor();
  await adminPage.goto(await pod.mailLink(admin.email, 'reset-password'));
  await adminPage.getByLabel('New password').fill('a brand new admin passphrase 7');
  await adminPage.getByText('This password is accepted.').waitFor();
  await photograph(adminPage, 'reset-password');
  await adminPage.getByRole('button', { name: 'Set the new password' }).click();
  await adminPage.getByText('Your new password is set. Sign in with it.').waitFor();

  step('the admin signs in with the new password and a recovery code, and gets new recovery codes with another');
  await adminPage.getByRole('link', { name: 'Sign in' }).last().click();
  await adminPage.getByLabel('Email address').fill(admin.email);
  await adminPage.getByLabel('Password').fill('a brand new admin passphrase 7');
  await adminPage.getByRole('button', { name: 'Sign in' }).click();
  await adminPage.getByRole('button', { name: 'Use a recovery code instead' }).click();
  await adminPage.getByLabel('Recovery code').fill(admin.recoveryCodes[0]);
  await photograph(adminPage, 'sign-in-recovery-code');
  await adminPage.getByRole('button', { name: 'Sign in' }).click();
  await adminPage.getByRole('heading', { name: `Welcome, ${admin.name}` }).waitFor();
  await adminPage.goto(`${pod.base}/account`);
  await adminPage.getByText(/; 9 recovery codes left\./).waitFor();
  await adminPage.locator('#two-factor').locator('..').getByLabel('Password').fill('a brand new admin passphrase 7');
  await adminPage.getByLabel('Code from your authenticator app, or a recovery code').fill(admin.recoveryCodes[1]);
  await adminPage.getByRole('button', { name: 'New recovery codes' }).click();
  await adminPage.getByRole('list', { name: 'Recovery codes' }).waitFor();
  await adminPage.getByText(/; 10 recovery codes left\./).waitFor();
  const freshCode = (await adminPage.getByRole('list', { name: 'Recovery codes' }).getByRole('listitem').first()
    .textContent()).trim();

  step('the admin changes the password and withdraws an invitation');
  await adminPage.getByLabel('Current password').fill('a brand new admin passphrase 7');
  await adminPage.getByLabel('New password').fill('the third admin passphrase 99');
  await adminPage.getByText('This password is accepted.').waitFor();
  await adminPage.getByRole('button', { name: 'Change password' }).click();
  await adminPage.getByText('Your password is changed.').waitFor();
  await adminPage.getByRole('navigation').getByRole('link', { name: 'Invitations' }).click();
  await adminPage.getByLabel('Note (only you and the admins see it)').fill('Not needed after all');
  await adminPage.getByRole('button', { name: 'Create the invitation' }).click();
  const unwanted = adminPage.locator('ul.invitations > li').filter({ hasText: 'Not needed after all' });
  await unwanted.getByRole('button', { name: 'Withdraw' }).click();
  await unwanted.getByText('Withdrawn').waitFor();

  step('the admin turns two-factor sign-in off with a recovery code');
  await adminPage.getByRole('navigation').getByRole('link', { name: 'Account security' }).click();
  await adminPage.locator('#two-factor').locator('..').getByLabel('Password').fill('the third admin passphrase 99');
  await adminPage.getByLabel('Code from your authenticator app, or a recovery code').fill(freshCode);
  await adminPage.getByRole('button', { name: 'Turn two-factor sign-in off' }).click();
  await adminPage.getByRole('button', { name: 'Set up an authenticator app' }).waitFor();

  assert.deepEqual(pageProblems, [], 'content-security-policy violations or script errors');
  console.log(`e2e: the journey passed (${steps.length} steps; screenshots in ${shots})`);
} catch (error) {
  failed = true;
  console.error(`e2e: failed at "${steps[steps.length - 1]}": ${error.stack ?? error}`);
  for (const [c, context] of browser.contexts().entries()) {
    for (const [i, open] of context.pages().entries()) {
      await open.screenshot({ path: join(shots, `failure-${c}-${i}.png`), fullPage: true }).catch(() => undefined);
    }
  }
  console.error(pod.log().split('\n').slice(-40).join('\n'));
} finally {
  await browser.close();
  await pod.stop();
}
process.exit(failed ? 1 : 0);
