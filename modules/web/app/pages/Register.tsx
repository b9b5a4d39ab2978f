// Joining from an invitation link (`/join?territory=…&token=…`): the invitation is checked first,
// then the form; nothing is created until the member presses the button.
import { useEffect, useState } from 'react';
import { Link, useSearchParams } from 'react-router-dom';
import { api, ApiProblem } from '../api';
import { Field, Notice, PageHeading, ProblemNotice, Submit, useDate, usePageTitle, useSubmit, useT } from '../ui';
import { PasswordField } from './PasswordField';
import { ProblemPage } from './ProblemPage';

interface Validity {
  expiresAt: string;
  remainingUses: number;
  role: string | null;
  inviter?: string | null;
}

export default function Register() {
  const t = useT();
  const date = useDate();
  const [params] = useSearchParams();
  const token = params.get('token') ?? '';
  const territory = params.get('territory') ?? undefined;
  const [validity, setValidity] = useState<Validity>();
  const [invalid, setInvalid] = useState<ApiProblem>();
  const [email, setEmail] = useState('');
  const [displayName, setDisplayName] = useState('');
  const [password, setPassword] = useState('');
  const [done, setDone] = useState(false);
  usePageTitle(t('join.title'));

  useEffect(() => {
    api<Validity>('/api/auth/invitations/validate', {
      method: 'POST', authenticated: false, territory, body: { token },
    }).then(setValidity, (problem: ApiProblem) => setInvalid(problem));
  }, [token, territory]);

  const form = useSubmit(async () => {
    await api('/api/auth/register', {
      method: 'POST', authenticated: false, territory, body: { invitation: token, email, displayName, password },
    });
    setDone(true);
  });

  if (invalid) {
    return <ProblemPage problem={invalid} />;
  }
  if (!validity) {
    return <p role="status" className="loading">{t('join.checking')}</p>;
  }
  if (done) {
    return (
      <section className="card narrow">
        <PageHeading>{t('join.doneTitle')}</PageHeading>
        <Notice>{t('join.done', { email })}</Notice>
        <p><Link className="button primary" to="/sign-in">{t('nav.signIn')}</Link></p>
      </section>
    );
  }
  return (
    <section className="card narrow">
      <PageHeading>{t('join.title')}</PageHeading>
      <p className="invitation-facts">
        {validity.inviter ? t('join.invitedBy', { name: validity.inviter }) + ' ' : ''}
        {t('join.expires', { date: date(validity.expiresAt) })}
        {validity.role ? ' ' + t('join.role', { role: validity.role }) : ''}
      </p>
      <form onSubmit={form.submit} noValidate>
        <ProblemNotice problem={form.problem} />
        <Field label={t('field.displayName')} name="displayName" value={displayName} onChange={setDisplayName}
          autoComplete="name" required problem={form.problem} hint={t('join.displayNameHint')} />
        <Field label={t('field.email')} name="email" type="email" value={email} onChange={setEmail}
          autoComplete="email" required problem={form.problem} />
        <PasswordField label={t('field.password')} name="password" value={password} onChange={setPassword}
          email={email} displayName={displayName} territory={territory} problem={form.problem} />
        <Submit busy={form.busy}>{t('join.submit')}</Submit>
      </form>
    </section>
  );
}
