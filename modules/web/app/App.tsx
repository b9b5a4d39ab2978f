// The shell: routes, the protected-route guard, and the pages loaded when first opened (only
// the shell, home and sign-in are in the first download).
import { lazy, Suspense, useEffect, type ReactNode } from 'react';
import { BrowserRouter, Navigate, Route, Routes, useLocation } from 'react-router-dom';
import { useAuth } from './auth/store';
import { useLanguage } from './i18n/language';
import { Layout } from './Layout';
import { Home } from './pages/Home';
import { SignIn } from './pages/SignIn';
import { NotFound } from './pages/ProblemPage';
import { useT } from './ui';

const Register = lazy(() => import('./pages/Register'));
const VerifyEmail = lazy(() => import('./pages/MailLinks').then((m) => ({ default: m.VerifyEmail })));
const ResetPassword = lazy(() => import('./pages/MailLinks').then((m) => ({ default: m.ResetPassword })));
const ConfirmEmailChange = lazy(() => import('./pages/MailLinks').then((m) => ({ default: m.ConfirmEmailChange })));
const Security = lazy(() => import('./pages/Security'));
const Invitations = lazy(() => import('./pages/Invitations'));
const Suspended = lazy(() => import('./pages/Suspended'));
const Profiles = lazy(() => import('./pages/Profiles'));

function Loading() {
  const t = useT();
  return <p role="status" className="loading">{t('loading')}</p>;
}

/**
 * Pages for signed-in members only: waits for the silent refresh, sends the signed-out to sign in
 * (and back here afterwards) and a restricted (suspended) session to the page that explains it.
 */
export function RequireAuth({ children, allowRestricted = false }: { children: ReactNode; allowRestricted?: boolean }) {
  const status = useAuth((s) => s.status);
  const scope = useAuth((s) => s.claims?.scope);
  const ending = useAuth((s) => s.ending);
  const location = useLocation();
  if (status === 'unknown') {
    return <Loading />;
  }
  if (status === 'signed-out') {
    if (ending === 'suspended') {
      return <Navigate to="/suspended" replace />;
    }
    return <Navigate to={`/sign-in?next=${encodeURIComponent(location.pathname + location.search)}`} replace />;
  }
  if (scope === 'appeal' && !allowRestricted) {
    return <Navigate to="/suspended" replace />;
  }
  return <>{children}</>;
}

function LanguageAttribute() {
  const language = useLanguage((s) => s.language);
  useEffect(() => {
    document.documentElement.lang = language;
  }, [language]);
  return null;
}

export function App() {
  const restore = useAuth((s) => s.restore);
  useEffect(() => {
    void restore();
  }, [restore]);
  return (
    <BrowserRouter>
      <LanguageAttribute />
      <Layout>
        <Suspense fallback={<Loading />}>
          <Routes>
            <Route path="/" element={<Home />} />
            <Route path="/sign-in" element={<SignIn />} />
            <Route path="/join" element={<Register />} />
            <Route path="/verify-email" element={<VerifyEmail />} />
            <Route path="/reset-password" element={<ResetPassword />} />
            <Route path="/confirm-email" element={<ConfirmEmailChange />} />
            <Route path="/suspended" element={<Suspended />} />
            <Route path="/account" element={<RequireAuth><Security /></RequireAuth>} />
            <Route path="/invitations" element={<RequireAuth><Invitations /></RequireAuth>} />
            <Route path="/members/*" element={<RequireAuth><Profiles /></RequireAuth>} />
            <Route path="/profile/*" element={<RequireAuth><Profiles /></RequireAuth>} />
            <Route path="*" element={<NotFound />} />
          </Routes>
        </Suspense>
      </Layout>
    </BrowserRouter>
  );
}
