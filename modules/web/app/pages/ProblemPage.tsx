// The friendly page for an answer the member cannot fix on the spot (401, 403, 404, 429, 503):
// what it means in plain words, and the API's own detail in the reader's language.
import { Link } from 'react-router-dom';
import { ApiProblem } from '../api';
import { PageHeading, usePageTitle, useT } from '../ui';
import type { MessageKey } from '../i18n/messages';

const TITLES: Record<number, MessageKey> = {
  401: 'problem.401', 403: 'problem.403', 404: 'problem.404', 429: 'problem.429', 503: 'problem.503',
};

export function ProblemPage({ problem }: { problem: ApiProblem }) {
  const t = useT();
  const title = t(TITLES[problem.status] ?? 'problem.other');
  usePageTitle(title);
  return (
    <section className="card problem-page">
      <PageHeading>{title}</PageHeading>
      {problem.detail && <p className="detail">{problem.detail}</p>}
      {problem.status === 429 && problem.retryAfter && <p>{t('problem.retryAfter', { seconds: problem.retryAfter })}</p>}
      {problem.status === 401 && <p><Link to="/sign-in">{t('nav.signIn')}</Link></p>}
      <p><Link to="/">{t('problem.home')}</Link></p>
    </section>
  );
}

export function NotFound() {
  const t = useT();
  return <ProblemPage problem={new ApiProblem(404, 'not-found', t('problem.noSuchPage'))} />;
}
