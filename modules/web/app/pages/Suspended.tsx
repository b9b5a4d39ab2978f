// Where a suspended member lands: that the account is suspended, until when and why (from the
// restricted session auth opens for them), and nothing else they cannot use.
import { useEffect } from 'react';
import { Link } from 'react-router-dom';
import { useAuth } from '../auth/store';
import { PageHeading, useDate, usePageTitle, useT } from '../ui';

export default function Suspended() {
  const t = useT();
  const date = useDate();
  usePageTitle(t('suspended.title'));
  const status = useAuth((s) => s.status);
  const suspension = useAuth((s) => s.account?.suspension ?? s.suspension);
  const reload = useAuth((s) => s.reloadAccount);
  useEffect(() => {
    if (status === 'signed-in') {
      void reload();
    }
  }, [status, reload]);
  return (
    <section className="card narrow">
      <PageHeading>{t('suspended.title')}</PageHeading>
      <p>{t('suspended.explain')}</p>
      {suspension && (
        <dl className="facts">
          <dt>{t('suspended.until')}</dt>
          <dd>{suspension.until ? date(suspension.until) : t('suspended.untilLifted')}</dd>
          <dt>{t('suspended.reason')}</dt>
          <dd>{suspension.reason ?? t('suspended.noReason')}</dd>
        </dl>
      )}
      {status !== 'signed-in' && <p>{t('suspended.signIn')} <Link to="/sign-in">{t('nav.signIn')}</Link></p>}
    </section>
  );
}
