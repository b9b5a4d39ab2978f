// Sign in: email and password, then, when the account asks for it, the authenticator's code or a
// recovery code. The refresh token goes into auth's cookie (cookie mode), the access token into memory.
import { useState } from 'react';
import { Link, useNavigate, useSearchParams } from 'react-router-dom';
import { api } from '../api';
import { safeNext } from '../auth/next';
import { useAuth, type Tokens } from '../auth/store';
import { Field, Notice, PageHeading, ProblemNotice, Submit, usePageTitle, useSubmit, useT } from '../ui';

interface Challenge {
  twoFactorRequired: true;
  challenge: string;
  methods: string[];
}


export function SignIn() {
  const t = useT();
  const [params] = useSearchParams();
  const navigate = useNavigate();
  const signedIn = useAuth((s) => s.signedIn);
  const ending = useAuth((s) => s.ending);
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const [challenge, setChallenge] = useState<Challenge>();
  const [useRecovery, setUseRecovery] = useState(false);
  const [code, setCode] = useState('');
  usePageTitle(t('signIn.title'));

  const finish = async (tokens: Tokens) => {
    await signedIn(tokens);
    navigate(tokens.scope === 'appeal' ? '/suspended' : safeNext(params.get('next')), { replace: true });
  };

  const first = useSubmit(async () => {
    const answer = await api<Tokens | Challenge>('/api/auth/login', {
      method: 'POST', authenticated: false, body: { email, password, refreshTokenDelivery: 'cookie' },
    });
    if ('twoFactorRequired' in answer) {
      setPassword('');
      setChallenge(answer);
    } else {
      await finish(answer);
    }
  });

  const second = useSubmit(async () => {
    const body = useRecovery ? { challenge: challenge!.challenge, recoveryCode: code }
      : { challenge: challenge!.challenge, code: code.replace(/\s/g, '') };
    try {
      await finish(await api<Tokens>('/api/auth/login/two-factor', { method: 'POST', authenticated: false, body }));
    } catch (problem) {
      if ((problem as { code?: string }).code === 'login-challenge-invalid') {
        setChallenge(undefined);
      }
      throw problem;
    }
  });

  if (challenge) {
    return (
      <section className="card narrow">
        <PageHeading>{t('signIn.secondStep')}</PageHeading>
        <form onSubmit={second.submit} noValidate>
          <ProblemNotice problem={second.problem} />
          {useRecovery ? (
            <Field label={t('signIn.recoveryCode')} name="recoveryCode" value={code} onChange={setCode}
              autoComplete="off" required problem={second.problem} autoFocus />
          ) : (
            <Field label={t('signIn.code')} name="code" value={code} onChange={setCode} inputMode="numeric"
              autoComplete="one-time-code" required problem={second.problem} hint={t('signIn.codeHint')} autoFocus />
          )}
          <Submit busy={second.busy}>{t('signIn.submit')}</Submit>
        </form>
        {challenge.methods.includes('recovery-code') && (
          <button type="button" className="link" onClick={() => {
            setUseRecovery(!useRecovery);
            setCode('');
          }}>{useRecovery ? t('signIn.useApp') : t('signIn.useRecovery')}</button>
        )}
      </section>
    );
  }

  return (
    <section className="card narrow">
      <PageHeading>{t('signIn.title')}</PageHeading>
      {ending === 'signed-out' && <Notice>{t('signIn.signedOut')}</Notice>}
      {ending === 'session-ended' && <p className="notice info" role="status">{t('signIn.sessionEnded')}</p>}
      <form onSubmit={first.submit} noValidate>
        <ProblemNotice problem={first.problem} />
        <Field label={t('field.email')} name="email" type="email" value={email} onChange={setEmail}
          autoComplete="username" required problem={first.problem} />
        <Field label={t('field.password')} name="password" type="password" value={password} onChange={setPassword}
          autoComplete="current-password" required problem={first.problem} />
        <Submit busy={first.busy}>{t('signIn.submit')}</Submit>
      </form>
      <p><Link to="/reset-password">{t('signIn.forgot')}</Link></p>
    </section>
  );
}
