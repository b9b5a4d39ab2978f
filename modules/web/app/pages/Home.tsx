import { Link } from 'react-router-dom';
import { useAuth } from '../auth/store';
import { PageHeading, usePageTitle, useT } from '../ui';

export function Home() {
  const t = useT();
  usePageTitle('Agora');
  const status = useAuth((s) => s.status);
  const account = useAuth((s) => s.account);
  return (
    <section className="card">
      <PageHeading>{status === 'signed-in' && account?.displayName
        ? t('home.welcome', { name: account.displayName }) : 'Agora'}</PageHeading>
      {status === 'signed-in' ? (
        <>
          {account && !account.emailVerified && <p className="notice info">{t('home.unverified')}</p>}
          <ul className="links">
            <li><Link to="/members/me">{t('home.profile')}</Link></li>
            <li><Link to="/account">{t('home.security')}</Link></li>
            <li><Link to="/invitations">{t('home.invitations')}</Link></li>
          </ul>
        </>
      ) : (
        <>
          <p>{t('home.intro')}</p>
          <p><Link className="button primary" to="/sign-in">{t('nav.signIn')}</Link></p>
        </>
      )}
    </section>
  );
}
