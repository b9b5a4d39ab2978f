// Account security: two-factor sign-in (set-up with a QR code, recovery codes shown once, turning
// it off), the password, the sign-in address, and the sessions with "sign out this one".
import { useCallback, useEffect, useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { api, ApiProblem } from '../api';
import { useAuth } from '../auth/store';
import { Field, Notice, PageHeading, ProblemNotice, Submit, useDate, usePageTitle, useSubmit, useT } from '../ui';
import { PasswordField } from './PasswordField';
import { QrCode } from './QrCode';

interface TwoFactorStatus {
  enabled: boolean;
  enabledAt: string | null;
  recoveryCodesLeft: number;
  requiredFor: string[];
}

interface Enrolment {
  secret: string;
  otpauthUri: string;
  expiresAt: string;
}

interface Session {
  id: string;
  createdAt: string;
  lastUsedAt: string;
  userAgent: string | null;
  clientAddress: string | null;
  current: boolean;
  secondFactor: string | null;
}

function RecoveryCodes({ codes }: { codes: string[] }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  const text = codes.join('\n') + '\n';
  const download = () => {
    const url = URL.createObjectURL(new Blob([text], { type: 'text/plain' }));
    const link = document.createElement('a');
    link.href = url;
    link.download = 'agora-recovery-codes.txt';
    link.click();
    setTimeout(() => URL.revokeObjectURL(url), 1000);
  };
  return (
    <div className="recovery">
      <p><strong>{t('twoFactor.codesOnce')}</strong></p>
      <ol className="codes" aria-label={t('twoFactor.codes')}>{codes.map((code) => <li key={code}><code>{code}</code></li>)}</ol>
      <div className="actions">
        <button type="button" onClick={async () => {
          await navigator.clipboard.writeText(text);
          setCopied(true);
        }}>{t('twoFactor.copy')}</button>
        <button type="button" onClick={download}>{t('twoFactor.download')}</button>
      </div>
      {copied && <Notice>{t('twoFactor.copied')}</Notice>}
    </div>
  );
}

/** Six digits are the app's code; anything else is taken for a recovery code. */
function secondFactor(entered: string): { code: string } | { recoveryCode: string } {
  const digits = entered.replace(/\s/g, '');
  return /^\d{6}$/.test(digits) ? { code: digits } : { recoveryCode: entered.trim() };
}

function TwoFactor() {
  const t = useT();
  const date = useDate();
  const [status, setStatus] = useState<TwoFactorStatus>();
  const [password, setPassword] = useState('');
  const [code, setCode] = useState('');
  const [enrolment, setEnrolment] = useState<Enrolment>();
  const [codes, setCodes] = useState<string[]>();
  const [loadProblem, setLoadProblem] = useState<ApiProblem>();
  const load = useCallback(() => api<TwoFactorStatus>('/api/auth/two-factor')
    .then(setStatus, (problem: ApiProblem) => setLoadProblem(problem)), []);
  useEffect(() => {
    void load();
  }, [load]);

  const start = useSubmit(async () => {
    setEnrolment(await api<Enrolment>('/api/auth/two-factor/totp', { method: 'POST', body: { password } }));
    setPassword('');
  });
  const confirm = useSubmit(async () => {
    const answer = await api<{ recoveryCodes: string[] }>('/api/auth/two-factor/totp/confirm', {
      method: 'POST', body: { code: code.replace(/\s/g, '') },
    });
    setCodes(answer.recoveryCodes);
    setEnrolment(undefined);
    setCode('');
    await load();
  });
  const turnOff = useSubmit(async () => {
    await api('/api/auth/two-factor/totp', { method: 'DELETE', body: { password, ...secondFactor(code) } });
    setPassword('');
    setCode('');
    setCodes(undefined);
    await load();
  });
  const renew = useSubmit(async () => {
    const answer = await api<{ recoveryCodes: string[] }>('/api/auth/two-factor/recovery-codes', {
      method: 'POST', body: { password, ...secondFactor(code) },
    });
    setCodes(answer.recoveryCodes);
    setPassword('');
    setCode('');
    await load();
  });

  return (
    <section className="card" aria-labelledby="two-factor">
      <h2 id="two-factor">{t('twoFactor.title')}</h2>
      {codes && <RecoveryCodes codes={codes} />}
      <ProblemNotice problem={loadProblem} />
      {!status ? !loadProblem && <p className="loading">{t('loading')}</p> : status.enabled ? (
        <>
          <Notice>{t('twoFactor.on', { date: date(status.enabledAt), left: status.recoveryCodesLeft })}</Notice>
          <form onSubmit={turnOff.submit} noValidate>
            <ProblemNotice problem={turnOff.problem ?? renew.problem} />
            <Field label={t('field.password')} name="password" type="password" value={password} onChange={setPassword}
              autoComplete="current-password" required problem={turnOff.problem} />
            <Field label={t('twoFactor.codeOrRecovery')} name="code" value={code} onChange={setCode}
              autoComplete="one-time-code" required problem={turnOff.problem ?? renew.problem} />
            <div className="actions">
              <button type="button" onClick={() => void renew.submit()} disabled={renew.busy}>{t('twoFactor.renew')}</button>
              <button type="submit" className="danger" disabled={turnOff.busy}>{t('twoFactor.off')}</button>
            </div>
          </form>
        </>
      ) : enrolment ? (
        <form onSubmit={confirm.submit} noValidate>
          <p>{t('twoFactor.scan')}</p>
          <QrCode value={enrolment.otpauthUri} label={t('twoFactor.qr')} />
          <p>{t('twoFactor.manual')} <code className="secret" data-testid="totp-secret">{enrolment.secret}</code></p>
          <ProblemNotice problem={confirm.problem} />
          <Field label={t('twoFactor.firstCode')} name="code" value={code} onChange={setCode} inputMode="numeric"
            autoComplete="one-time-code" required problem={confirm.problem} />
          <Submit busy={confirm.busy}>{t('twoFactor.confirm')}</Submit>
        </form>
      ) : (
        <form onSubmit={start.submit} noValidate>
          <p>{t('twoFactor.explain')}</p>
          {status.requiredFor.length > 0 && <p className="notice info">{t('twoFactor.required', { roles: status.requiredFor.join(', ') })}</p>}
          <ProblemNotice problem={start.problem} />
          <Field label={t('field.password')} name="password" type="password" value={password} onChange={setPassword}
            autoComplete="current-password" required problem={start.problem} />
          <Submit busy={start.busy}>{t('twoFactor.start')}</Submit>
        </form>
      )}
    </section>
  );
}

function ChangePassword() {
  const t = useT();
  const account = useAuth((s) => s.account);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [done, setDone] = useState(false);
  const form = useSubmit(async () => {
    await api('/api/auth/password/change', { method: 'POST', body: { currentPassword: current, newPassword: next } });
    setCurrent('');
    setNext('');
    setDone(true);
  });
  return (
    <section className="card" aria-labelledby="password">
      <h2 id="password">{t('password.title')}</h2>
      {done && <Notice>{t('password.changed')}</Notice>}
      <form onSubmit={form.submit} noValidate>
        <ProblemNotice problem={form.problem} />
        <Field label={t('field.currentPassword')} name="currentPassword" type="password" value={current}
          onChange={setCurrent} autoComplete="current-password" required problem={form.problem} />
        <PasswordField label={t('field.newPassword')} name="newPassword" value={next} onChange={setNext}
          email={account?.email ?? undefined} displayName={account?.displayName ?? undefined} problem={form.problem} />
        <Submit busy={form.busy}>{t('password.submit')}</Submit>
      </form>
    </section>
  );
}

function ChangeEmail() {
  const t = useT();
  const account = useAuth((s) => s.account);
  const [newEmail, setNewEmail] = useState('');
  const [password, setPassword] = useState('');
  const [sent, setSent] = useState<string>();
  const form = useSubmit(async () => {
    await api('/api/auth/email/change', { method: 'POST', body: { newEmail, password } });
    setSent(newEmail);
    setPassword('');
  });
  return (
    <section className="card" aria-labelledby="email">
      <h2 id="email">{t('email.title')}</h2>
      <p>{t('email.current', { email: account?.email ?? '' })}</p>
      {sent && <Notice>{t('email.sent', { email: sent })}</Notice>}
      <form onSubmit={form.submit} noValidate>
        <ProblemNotice problem={form.problem} />
        <Field label={t('field.newEmail')} name="newEmail" type="email" value={newEmail} onChange={setNewEmail}
          autoComplete="email" required problem={form.problem} />
        <Field label={t('field.password')} name="password" type="password" value={password} onChange={setPassword}
          autoComplete="current-password" required problem={form.problem} />
        <Submit busy={form.busy}>{t('email.submit')}</Submit>
      </form>
    </section>
  );
}

function Sessions() {
  const t = useT();
  const date = useDate();
  const navigate = useNavigate();
  const signOut = useAuth((s) => s.signOut);
  const signOutEverywhere = useAuth((s) => s.signOutEverywhere);
  const [sessions, setSessions] = useState<Session[]>();
  const [problem, setProblem] = useState<ApiProblem>();
  const load = useCallback(() => api<{ items: Session[] }>('/api/auth/sessions?limit=100')
    .then((page) => setSessions(page.items), (failed: ApiProblem) => setProblem(failed)), []);
  useEffect(() => {
    void load();
  }, [load]);
  return (
    <section className="card" aria-labelledby="sessions">
      <h2 id="sessions">{t('sessions.title')}</h2>
      <ProblemNotice problem={problem} />
      <ul className="sessions">
        {sessions?.map((session) => (
          <li key={session.id}>
            <div>
              <strong>{session.userAgent ?? t('sessions.unknownDevice')}</strong>
              {session.current && <span className="badge">{t('sessions.this')}</span>}
              <div className="meta">{t('sessions.since', { date: date(session.createdAt), last: date(session.lastUsedAt) })}
                {session.clientAddress ? ` · ${session.clientAddress}` : ''}</div>
            </div>
            <button type="button" onClick={async () => {
              if (session.current) {
                await signOut();
                navigate('/sign-in');
                return;
              }
              setProblem(undefined);
              try {
                await api(`/api/auth/sessions/${session.id}`, { method: 'DELETE' });
              } catch (error) {
                setProblem(error as ApiProblem);
              }
              await load();
            }}>{t('sessions.end')}<span className="visually-hidden"> {session.userAgent ?? ''}</span></button>
          </li>
        ))}
      </ul>
      <button type="button" className="danger" onClick={async () => {
        await signOutEverywhere();
        navigate('/sign-in');
      }}>{t('sessions.everywhere')}</button>
    </section>
  );
}

export default function Security() {
  const t = useT();
  usePageTitle(t('security.title'));
  return (
    <div className="stack">
      <PageHeading>{t('security.title')}</PageHeading>
      <TwoFactor />
      <ChangePassword />
      <ChangeEmail />
      <Sessions />
    </div>
  );
}
