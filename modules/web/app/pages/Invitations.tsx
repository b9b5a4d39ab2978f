// Invitations: create one (uses, expiry, note), copy its link, see how each is used, withdraw it.
// Territory admins also see who invited whom, and may suspend a member from there.
import { useCallback, useEffect, useState } from 'react';
import { api, ApiProblem } from '../api';
import { useAuth } from '../auth/store';
import { Field, Notice, PageHeading, ProblemNotice, Submit, useDate, usePageTitle, useSubmit, useT } from '../ui';

interface Invitation {
  id: string;
  token: string | null;
  state: 'open' | 'exhausted' | 'expired' | 'revoked';
  maxUses: number;
  uses: number;
  expiresAt: string;
  createdAt: string;
  note: string | null;
  role: string | null;
}

interface TreeNode {
  id: string;
  displayName: string | null;
  status: 'active' | 'suspended' | 'deleted';
  roles: string[];
  createdAt: string;
  invited: TreeNode[];
}

/** The link a new member opens: this pod's join page with the territory and the token. */
export function invitationLink(token: string, territory: string | undefined): string {
  const query = new URLSearchParams({ ...(territory ? { territory } : {}), token });
  return `${window.location.origin}/join?${query}`;
}

function CopyLink({ link }: { link: string }) {
  const t = useT();
  const [copied, setCopied] = useState(false);
  return (
    <span className="copy">
      <input readOnly value={link} aria-label={t('invite.link')} className="link-field" data-testid="invitation-link"
        onFocus={(e) => e.target.select()} />
      <button type="button" onClick={async () => {
        await navigator.clipboard.writeText(link);
        setCopied(true);
      }}>{copied ? t('invite.copied') : t('invite.copy')}</button>
    </span>
  );
}

function Tree({ nodes, onSuspend }: { nodes: TreeNode[]; onSuspend(node: TreeNode): void }) {
  const t = useT();
  return (
    <ul className="tree">
      {nodes.map((node) => (
        <li key={node.id}>
          <span>{node.displayName ?? t('tree.deleted')}</span>
          {node.roles.map((role) => <span key={role} className="badge">{role}</span>)}
          {node.status !== 'active' && <span className="badge warn">{t(`tree.${node.status}`)}</span>}
          {node.status === 'active' && !node.roles.includes('territory-admin') && (
            <button type="button" className="small danger" onClick={() => onSuspend(node)}>
              {t('tree.suspend')}<span className="visually-hidden"> {node.displayName}</span>
            </button>
          )}
          {node.invited.length > 0 && <Tree nodes={node.invited} onSuspend={onSuspend} />}
        </li>
      ))}
    </ul>
  );
}

function AdminTree() {
  const t = useT();
  const [roots, setRoots] = useState<TreeNode[]>();
  const [suspending, setSuspending] = useState<TreeNode>();
  const [problem, setProblem] = useState<ApiProblem>();
  const [reason, setReason] = useState('');
  const load = useCallback(() => api<{ roots: TreeNode[] }>('/api/auth/invitation-tree')
    .then((tree) => setRoots(tree.roots), (failed: ApiProblem) => setProblem(failed)), []);
  useEffect(() => {
    void load();
  }, [load]);
  const suspend = useSubmit(async () => {
    await api(`/api/auth/accounts/${suspending!.id}/suspend`, { method: 'POST', body: reason ? { reason } : {} });
    setSuspending(undefined);
    setReason('');
    await load();
  });
  return (
    <section className="card" aria-labelledby="tree">
      <h2 id="tree">{t('tree.title')}</h2>
      <ProblemNotice problem={problem} />
      {roots && <Tree nodes={roots} onSuspend={setSuspending} />}
      {suspending && (
        <form onSubmit={suspend.submit} className="inline-form" aria-label={t('tree.suspendTitle', { name: suspending.displayName ?? '' })}>
          <p>{t('tree.suspendTitle', { name: suspending.displayName ?? '' })}</p>
          <ProblemNotice problem={suspend.problem} />
          <Field label={t('tree.reason')} name="reason" value={reason} onChange={setReason} maxLength={500}
            problem={suspend.problem} />
          <div className="actions">
            <button type="submit" className="danger" disabled={suspend.busy}>{t('tree.confirmSuspend')}</button>
            <button type="button" onClick={() => setSuspending(undefined)}>{t('cancel')}</button>
          </div>
        </form>
      )}
    </section>
  );
}

export default function Invitations() {
  const t = useT();
  const date = useDate();
  usePageTitle(t('invite.title'));
  const territory = useAuth((s) => s.claims?.territory);
  const admin = useAuth((s) => s.claims?.roles.includes('territory-admin') ?? false);
  const [items, setItems] = useState<Invitation[]>();
  const [maxUses, setMaxUses] = useState('1');
  const [days, setDays] = useState('7');
  const [note, setNote] = useState('');
  const [created, setCreated] = useState<Invitation>();
  const load = useCallback(() => api<{ items: Invitation[] }>('/api/auth/invitations?limit=100')
    .then((page) => setItems(page.items), (problem: ApiProblem) => setRevokeProblem(problem)), []);
  useEffect(() => {
    void load();
  }, [load]);
  const create = useSubmit(async () => {
    const expiresAt = new Date(Date.now() + Number(days) * 86_400_000).toISOString();
    const invitation = await api<Invitation>('/api/auth/invitations', {
      method: 'POST', body: { maxUses: Number(maxUses), expiresAt, ...(note.trim() ? { note } : {}) },
    });
    setCreated(invitation);
    setNote('');
    await load();
  });
  const [revokeProblem, setRevokeProblem] = useState<ApiProblem>();
  return (
    <div className="stack">
      <PageHeading>{t('invite.title')}</PageHeading>
      <section className="card" aria-labelledby="new-invitation">
        <h2 id="new-invitation">{t('invite.create')}</h2>
        {created?.token && (
          <Notice>{t('invite.created')} <CopyLink link={invitationLink(created.token, territory)} /></Notice>
        )}
        <form onSubmit={create.submit} noValidate>
          <ProblemNotice problem={create.problem} />
          <div className="row">
            <Field label={t('invite.uses')} name="maxUses" type="number" value={maxUses} onChange={setMaxUses}
              inputMode="numeric" problem={create.problem} />
            <Field label={t('invite.days')} name="expiresAt" type="number" value={days} onChange={setDays}
              inputMode="numeric" problem={create.problem} />
          </div>
          <Field label={t('invite.note')} name="note" value={note} onChange={setNote} maxLength={500}
            problem={create.problem} />
          <Submit busy={create.busy}>{t('invite.submit')}</Submit>
        </form>
      </section>
      <section className="card" aria-labelledby="my-invitations">
        <h2 id="my-invitations">{t('invite.list')}</h2>
        <ProblemNotice problem={revokeProblem} />
        {items && items.length === 0 && <p>{t('invite.none')}</p>}
        <ul className="invitations">
          {items?.map((invitation) => (
            <li key={invitation.id}>
              <div>
                <span className={`badge state-${invitation.state}`}>{t(`invite.state.${invitation.state}`)}</span>
                {' '}{t('invite.usage', { uses: invitation.uses, max: invitation.maxUses })}
                {' · '}{t('invite.until', { date: date(invitation.expiresAt) })}
                {invitation.note && <div className="meta">{invitation.note}</div>}
              </div>
              {invitation.state === 'open' && (
                <div className="actions">
                  {invitation.token && <CopyLink link={invitationLink(invitation.token, territory)} />}
                  <button type="button" className="danger" onClick={async () => {
                    setRevokeProblem(undefined);
                    try {
                      await api(`/api/auth/invitations/${invitation.id}`, { method: 'DELETE' });
                    } catch (error) {
                      setRevokeProblem(error as ApiProblem);
                    }
                    await load();
                  }}>{t('invite.revoke')}</button>
                </div>
              )}
            </li>
          ))}
        </ul>
      </section>
      {admin && <AdminTree />}
    </div>
  );
}
