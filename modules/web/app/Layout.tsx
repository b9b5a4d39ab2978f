import { useEffect, type ReactNode } from 'react';
import { Link, NavLink, useLocation, useNavigate } from 'react-router-dom';
import { useAuth } from './auth/store';
import { LANGUAGES, useLanguage, type Language } from './i18n/language';
import { useT } from './ui';

const NAMES: Record<Language, string> = { da: 'Dansk', nb: 'Norsk bokmål', nn: 'Norsk nynorsk', sv: 'Svenska', en: 'English' };

export function Layout({ children }: { children: ReactNode }) {
  const t = useT();
  const status = useAuth((s) => s.status);
  const restricted = useAuth((s) => s.claims?.scope === 'appeal');
  const name = useAuth((s) => s.account?.displayName);
  const signOut = useAuth((s) => s.signOut);
  const language = useLanguage((s) => s.language);
  const pick = useLanguage((s) => s.pick);
  const navigate = useNavigate();
  const ending = useAuth((s) => s.ending);
  const { pathname } = useLocation();
  // Whatever the member was doing, a suspension answered by the API leads to the page explaining it
  // (from which they may sign in again, to a restricted session that shows until when and why).
  useEffect(() => {
    if (ending === 'suspended' && status !== 'signed-in' && pathname !== '/suspended' && pathname !== '/sign-in') {
      navigate('/suspended', { replace: true });
    }
  }, [ending, status, pathname, navigate]);
  return (
    <>
      <a className="skip" href="#main">{t('nav.skip')}</a>
      <header className="top">
        <Link to="/" className="brand">Agora</Link>
        <nav aria-label={t('nav.label')}>
          <ul>
            {status === 'signed-in' && !restricted && (
              <>
                <li><NavLink to="/members">{t('nav.members')}</NavLink></li>
                <li><NavLink to="/invitations">{t('nav.invitations')}</NavLink></li>
                <li><NavLink to="/account">{t('nav.account')}</NavLink></li>
              </>
            )}
            {status === 'signed-in' ? (
              <li>
                <button type="button" className="link" onClick={async () => {
                  await signOut().catch(() => undefined);
                  navigate('/sign-in');
                }}>{t('nav.signOut')}{name ? ` (${name})` : ''}</button>
              </li>
            ) : (
              <li><NavLink to="/sign-in">{t('nav.signIn')}</NavLink></li>
            )}
          </ul>
        </nav>
        <label className="language">
          <span className="visually-hidden">{t('nav.language')}</span>
          <select value={language} onChange={(e) => pick(e.target.value as Language)}>
            {LANGUAGES.map((l) => <option key={l} value={l} lang={l}>{NAMES[l]}</option>)}
          </select>
        </label>
      </header>
      <main id="main" tabIndex={-1}>{children}</main>
    </>
  );
}
