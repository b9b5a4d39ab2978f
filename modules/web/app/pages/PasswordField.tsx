// A new password, with the pod's own verdict as the member types: the rules (length, common
// passwords, no name or address in it) are the server's, asked of it, never copied here.
import { useEffect, useState } from 'react';
import { api, ApiProblem } from '../api';
import { Field, useT } from '../ui';

interface Props {
  name: string;
  label: string;
  value: string;
  onChange(value: string): void;
  /** The account's address and name, which the password must not contain. */
  email?: string;
  displayName?: string;
  territory?: string;
  problem?: ApiProblem;
}

export function PasswordField(props: Props) {
  const t = useT();
  const [verdict, setVerdict] = useState<{ ok: boolean; problems: string[] }>();
  const { value, email, displayName, territory } = props;
  useEffect(() => {
    if (!value) {
      setVerdict(undefined);
      return undefined;
    }
    const timer = setTimeout(async () => {
      try {
        await api('/api/auth/password/check', {
          method: 'POST', authenticated: false, territory,
          body: { password: value, ...(email ? { email } : {}), ...(displayName ? { displayName } : {}) },
        });
        setVerdict({ ok: true, problems: [] });
      } catch (problem) {
        if (problem instanceof ApiProblem && problem.status === 422) {
          setVerdict({ ok: false, problems: problem.at('/password').map((e) => e.detail) });
        } else {
          setVerdict(undefined);
        }
      }
    }, 400);
    return () => clearTimeout(timer);
  }, [value, email, displayName, territory]);
  const hint = (
    <div aria-live="polite">
      {!verdict && t('password.hint')}
      {verdict?.ok && <span className="good">{t('password.good')}</span>}
      {verdict && !verdict.ok && (
        <ul className="rules">{verdict.problems.map((p) => <li key={p}>{p}</li>)}</ul>
      )}
    </div>
  );
  return <Field label={props.label} name={props.name} type="password" value={value} onChange={props.onChange}
    autoComplete="new-password" required hint={hint} problem={props.problem} />;
}
