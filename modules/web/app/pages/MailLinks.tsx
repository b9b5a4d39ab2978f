// The pages Agora's mails link to. Opening one does nothing: mail scanners open links before people
// do, so each acts only when the member presses its button (a POST with the link's token).
import { useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { useAuth } from '../auth/store';
import { Field, Notice, PageHeading, ProblemNotice, Submit, usePageTitle, useSubmit, useT } from '../ui';
import { PasswordField } from './PasswordField';

function useLink() {
  const [params] = useSearchParams();
  return { token: params.get('token') ?? '', territory: params.get('territory') ?? undefined };
}

export function VerifyEmail() {
  const t = useT();
  const { token, territory } = useLink();
  const [done, setDone] = useState(false);
  const reload = useAuth((s) => s.reloadAccount);
  const signedIn = useAuth((s) => s.status === 'signed-in');
  usePageTitle(t('verify.title'));
  const form = useSubmit(async () => {
    await api('/api/auth/email/verify', { method: 'POST', authenticated: false, territory, body: { token } });
    setDone(true);
    if (signedIn) {
      await reload();
    }
  });
  return (
    <section className="card narrow">
      <PageHeading>{t('verify.title')}</PageHeading>
      {done ? (
        <>
          <Notice>{t('verify.done')}</Notice>
          <p><Link to={signedIn ? '/' : '/sign-in'}>{signedIn ? t('problem.home') : t('nav.signIn')}</Link></p>
        </>
      ) : (
        <form onSubmit={form.submit}>
          <p>{t('verify.explain')}</p>
          <ProblemNotice problem={form.problem} />
          <Submit busy={form.busy}>{t('verify.submit')}</Submit>
        </form>
      )}
    </section>
  );
}

export function ResetPassword() {
  const t = useT();
  const { token, territory } = useLink();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  usePageTitle(t('reset.title'));
  const request = useSubmit(async () => {
    await api('/api/auth/password/reset-request', { method: 'POST', authenticated: false, territory, body: { email } });
    setDone(true);
  });
  const reset = useSubmit(async () => {
    await api('/api/auth/password/reset', { method: 'POST', authenticated: false, territory, body: { token, password } });
    setDone(true);
  });
  if (!token) {
    return (
      <section className="card narrow">
        <PageHeading>{t('reset.title')}</PageHeading>
        {done ? <Notice>{t('reset.sent', { email })}</Notice> : (
          <form onSubmit={request.submit} noValidate>
            <p>{t('reset.explainRequest')}</p>
            <ProblemNotice problem={request.problem} />
            <Field label={t('field.email')} name="email" type="email" value={email} onChange={setEmail}
              autoComplete="email" required problem={request.problem} />
            <Submit busy={request.busy}>{t('reset.send')}</Submit>
          </form>
        )}
      </section>
    );
  }
  return (
    <section className="card narrow">
      <PageHeading>{t('reset.setTitle')}</PageHeading>
      {done ? (
        <>
          <Notice>{t('reset.done')}</Notice>
          <p><Link to="/sign-in">{t('nav.signIn')}</Link></p>
        </>
      ) : (
        <form onSubmit={reset.submit} noValidate>
          <ProblemNotice problem={reset.problem} />
          <PasswordField label={t('field.newPassword')} name="password" value={password} onChange={setPassword}
            territory={territory} problem={reset.problem} />
          <Submit busy={reset.busy}>{t('reset.submit')}</Submit>
        </form>
      )}
    </section>
  );
}

export function ConfirmEmailChange() {
  const t = useT();
  const { token, territory } = useLink();
  const [done, setDone] = useState(false);
  const reload = useAuth((s) => s.reloadAccount);
  const signedIn = useAuth((s) => s.status === 'signed-in');
  usePageTitle(t('change.title'));
  const form = useSubmit(async () => {
    await api('/api/auth/email/change/confirm', { method: 'POST', authenticated: false, territory, body: { token } });
    setDone(true);
    if (signedIn) {
      await reload();
    }
  });
  return (
    <section className="card narrow">
      <PageHeading>{t('change.title')}</PageHeading>
      {done ? <Notice>{t('change.done')}</Notice> : (
        <form onSubmit={form.submit}>
          <p>{t('change.explain')}</p>
          <ProblemNotice problem={form.problem} />
          <Submit busy={form.busy}>{t('change.submit')}</Submit>
        </form>
      )}
    </section>
  );
}
