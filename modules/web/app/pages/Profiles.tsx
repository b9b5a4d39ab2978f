// Profiles: mine, another member's (as their privacy allows), editing, the avatar with a square
// crop preview, privacy settings, followers and following, follow requests, blocks and search.
// Built against the Users issue's routes (/api/users/…).
import { useCallback, useEffect, useRef, useState } from 'react';
import { Link, Route, Routes, useParams } from 'react-router-dom';
import { api, ApiProblem } from '../api';
import { Field, Notice, PageHeading, ProblemNotice, Submit, usePageTitle, useSubmit, useT } from '../ui';
import { ProblemPage } from './ProblemPage';

interface Privacy {
  visibility: 'territory' | 'members' | 'followers';
  locked: boolean;
  searchable: boolean;
  showBadges: boolean;
  showCourses: boolean;
}

interface Profile {
  id: string;
  displayName: string;
  handle?: string | null;
  bio?: string;
  /** The bio as the pod rendered and sanitised it (Markdown; no script, no markup of the member's own). */
  bioHtml?: string;
  pronouns?: string | null;
  language?: string | null;
  links?: string[];
  privacy?: Privacy;
  followers?: number;
  following?: number;
  followedByYou?: boolean;
  requestedByYou?: boolean;
  /** The current avatar's files (public, immutable); null without one; absent on list items. */
  avatar?: { large: string; small: string } | null;
}

interface Page<T> {
  items: T[];
  next: string | null;
}

/** Loads a read, keeping its problem for the friendly page. */
function useRead<T>(path: string | undefined) {
  const [value, setValue] = useState<T>();
  const [problem, setProblem] = useState<ApiProblem>();
  const load = useCallback(async () => {
    if (!path) {
      return;
    }
    try {
      setValue(await api<T>(path));
      setProblem(undefined);
    } catch (error) {
      setProblem(error as ApiProblem);
    }
  }, [path]);
  useEffect(() => {
    void load();
  }, [load]);
  return { value, problem, load };
}

/**
 * The member's picture, or their initial. A profile carries its files' URLs; a list item has only
 * the member's id, and `/api/users/{id}/avatar` answers 303 to the stored file.
 */
function Avatar({ profile, size = 96 }: { profile: Profile; size?: number }) {
  const [missing, setMissing] = useState(false);
  const src = profile.avatar === null ? undefined
    : profile.avatar ? (size > 64 ? profile.avatar.large : profile.avatar.small)
      : `/api/users/${profile.id}/avatar?size=${size > 64 ? 256 : 64}`;
  if (missing || !src) {
    return <span className="avatar placeholder" aria-hidden="true" style={{ width: size, height: size }}>
      {(profile.displayName ?? '?').slice(0, 1).toUpperCase()}</span>;
  }
  return <img className="avatar" src={src} alt=""
    width={size} height={size} onError={() => setMissing(true)} />;
}

function ProfileView({ id }: { id: string }) {
  const t = useT();
  const own = id === 'me';
  const { value: profile, problem, load } = useRead<Profile>(`/api/users/${id}`);
  const act = useSubmit(async () => undefined);
  usePageTitle(profile?.displayName ?? t('profile.title'));
  if (problem) {
    return <ProblemPage problem={problem} />;
  }
  if (!profile) {
    return <p className="loading" role="status">{t('loading')}</p>;
  }
  const run = async (path: string, method: string) => {
    try {
      await api(path, { method });
      await load();
    } catch (error) {
      act.setProblem(error as ApiProblem);
    }
  };
  return (
    <section className="card profile">
      <div className="profile-head">
        <Avatar profile={profile} />
        <div>
          <PageHeading>{profile.displayName}</PageHeading>
          {profile.handle && <p className="meta">@{profile.handle}{profile.pronouns ? ` · ${profile.pronouns}` : ''}</p>}
        </div>
      </div>
      {/* Sanitised by the pod (decision 109), and the CSP runs no inline script either way. */}
      {profile.bioHtml && <div className="bio" dangerouslySetInnerHTML={{ __html: profile.bioHtml }} />}
      <p>
        <Link to={`/members/${profile.id}/followers`}>{t('profile.followers', { count: profile.followers ?? 0 })}</Link>
        {' · '}
        <Link to={`/members/${profile.id}/following`}>{t('profile.following', { count: profile.following ?? 0 })}</Link>
      </p>
      <ProblemNotice problem={act.problem} />
      {own ? (
        <ul className="links">
          <li><Link to="/profile/edit">{t('profile.edit')}</Link></li>
          <li><Link to="/profile/avatar">{t('profile.avatar')}</Link></li>
          <li><Link to="/profile/privacy">{t('profile.privacy')}</Link></li>
          <li><Link to="/profile/requests">{t('profile.requests')}</Link></li>
          <li><Link to="/profile/blocks">{t('profile.blocks')}</Link></li>
        </ul>
      ) : (
        <div className="actions">
          <button type="button" onClick={() => void run(`/api/users/${profile.id}/follow`,
            profile.followedByYou || profile.requestedByYou ? 'DELETE' : 'POST')}>
            {profile.followedByYou ? t('profile.unfollow') : profile.requestedByYou ? t('profile.requested')
              : t('profile.follow')}</button>
          <button type="button" className="danger" onClick={() => void run(`/api/users/${profile.id}/block`, 'POST')}>
            {t('profile.block')}</button>
        </div>
      )}
    </section>
  );
}

function PeopleList({ path, title }: { path: string; title: string }) {
  const t = useT();
  usePageTitle(title);
  const { value, problem } = useRead<Page<Profile>>(path);
  if (problem) {
    return <ProblemPage problem={problem} />;
  }
  return (
    <section className="card">
      <PageHeading>{title}</PageHeading>
      {value && value.items.length === 0 && <p>{t('profile.nobody')}</p>}
      <ul className="people">
        {value?.items.map((p) => <li key={p.id}><Avatar profile={p} size={40} /> <Link to={`/members/${p.id}`}>{p.displayName}</Link></li>)}
      </ul>
    </section>
  );
}

function Followers({ which }: { which: 'followers' | 'following' }) {
  const t = useT();
  const { id = 'me' } = useParams();
  return <PeopleList path={`/api/users/${id}/${which}`} title={t(which === 'followers' ? 'profile.followersTitle' : 'profile.followingTitle')} />;
}

function EditProfile() {
  const t = useT();
  usePageTitle(t('profile.edit'));
  const { value: profile } = useRead<Profile>('/api/users/me');
  const [displayName, setDisplayName] = useState('');
  const [handle, setHandle] = useState('');
  const [bio, setBio] = useState('');
  const [pronouns, setPronouns] = useState('');
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    if (profile) {
      setDisplayName(profile.displayName);
      setHandle(profile.handle ?? '');
      setBio(profile.bio ?? '');
      setPronouns(profile.pronouns ?? '');
    }
  }, [profile]);
  const form = useSubmit(async () => {
    await api('/api/users/me', { method: 'PATCH', body: { displayName, handle: handle || null, bio, pronouns: pronouns || null } });
    setSaved(true);
  });
  if (!profile) {
    // The form appears filled: what someone types before the profile arrives is never overwritten.
    return <p className="loading" role="status">{t('loading')}</p>;
  }
  return (
    <section className="card narrow">
      <PageHeading>{t('profile.edit')}</PageHeading>
      {saved && <Notice>{t('profile.saved')}</Notice>}
      <form onSubmit={form.submit} noValidate>
        <ProblemNotice problem={form.problem} />
        <Field label={t('field.displayName')} name="displayName" value={displayName} onChange={setDisplayName} required problem={form.problem} />
        <Field label={t('profile.handle')} name="handle" value={handle} onChange={setHandle} problem={form.problem} />
        <Field label={t('profile.pronouns')} name="pronouns" value={pronouns} onChange={setPronouns} problem={form.problem} />
        <div className="field">
          <label htmlFor="bio">{t('profile.bio')}</label>
          <textarea id="bio" value={bio} onChange={(e) => setBio(e.target.value)} rows={5} />
        </div>
        <Submit busy={form.busy}>{t('save')}</Submit>
      </form>
    </section>
  );
}

/** The chosen picture cropped to the square the pod stores, previewed before it is sent. */
function AvatarUpload() {
  const t = useT();
  usePageTitle(t('profile.avatar'));
  const canvas = useRef<HTMLCanvasElement>(null);
  const [image, setImage] = useState<HTMLImageElement>();
  const [zoom, setZoom] = useState(1);
  const [saved, setSaved] = useState(false);
  useEffect(() => {
    const c = canvas.current;
    if (!c || !image) {
      return;
    }
    const side = Math.min(image.naturalWidth, image.naturalHeight) / zoom;
    const x = (image.naturalWidth - side) / 2;
    const y = (image.naturalHeight - side) / 2;
    const g = c.getContext('2d')!;
    g.clearRect(0, 0, c.width, c.height);
    g.drawImage(image, x, y, side, side, 0, 0, c.width, c.height);
  }, [image, zoom]);
  const upload = useSubmit(async () => {
    const blob = await new Promise<Blob | null>((resolve) => canvas.current!.toBlob(resolve, 'image/png'));
    if (!blob) {
      return;
    }
    await api('/api/users/me/avatar', { method: 'POST', upload: blob });
    setSaved(true);
  });
  return (
    <section className="card narrow">
      <PageHeading>{t('profile.avatar')}</PageHeading>
      {saved && <Notice>{t('profile.avatarSaved')}</Notice>}
      <form onSubmit={upload.submit}>
        <ProblemNotice problem={upload.problem} />
        <div className="field">
          <label htmlFor="avatar-file">{t('profile.chooseImage')}</label>
          <input id="avatar-file" type="file" accept="image/jpeg,image/png,image/webp" onChange={(e) => {
            const file = e.target.files?.[0];
            if (!file) {
              return;
            }
            const img = new Image();
            img.onload = () => setImage(img);
            img.src = URL.createObjectURL(file);
            setSaved(false);
          }} />
        </div>
        <canvas ref={canvas} width={256} height={256} className="crop" role="img" aria-label={t('profile.preview')} />
        <div className="field">
          <label htmlFor="zoom">{t('profile.zoom')}</label>
          <input id="zoom" type="range" min="1" max="3" step="0.1" value={zoom} onChange={(e) => setZoom(Number(e.target.value))} />
        </div>
        <Submit busy={upload.busy || !image}>{t('profile.upload')}</Submit>
      </form>
    </section>
  );
}

function PrivacySettings() {
  const t = useT();
  usePageTitle(t('profile.privacy'));
  const { value: profile } = useRead<Profile>('/api/users/me');
  const [privacy, setPrivacy] = useState<Privacy>();
  const [saved, setSaved] = useState(false);
  useEffect(() => setPrivacy(profile?.privacy), [profile]);
  const form = useSubmit(async () => {
    await api('/api/users/me/privacy', { method: 'PUT', body: privacy });
    setSaved(true);
  });
  if (!privacy) {
    return <p className="loading" role="status">{t('loading')}</p>;
  }
  const toggle = (key: 'locked' | 'searchable' | 'showBadges' | 'showCourses') => (
    <div className="check">
      <input id={key} type="checkbox" checked={privacy[key]} onChange={(e) => setPrivacy({ ...privacy, [key]: e.target.checked })} />
      <label htmlFor={key}>{t(`privacy.${key}`)}</label>
    </div>
  );
  return (
    <section className="card narrow">
      <PageHeading>{t('profile.privacy')}</PageHeading>
      {saved && <Notice>{t('profile.saved')}</Notice>}
      <form onSubmit={form.submit}>
        <ProblemNotice problem={form.problem} />
        <fieldset>
          <legend>{t('privacy.visibility')}</legend>
          {(['territory', 'members', 'followers'] as const).map((v) => (
            <div className="check" key={v}>
              <input type="radio" id={`visibility-${v}`} name="visibility" checked={privacy.visibility === v}
                onChange={() => setPrivacy({ ...privacy, visibility: v })} />
              <label htmlFor={`visibility-${v}`}>{t(`privacy.${v}`)}</label>
            </div>
          ))}
        </fieldset>
        {toggle('locked')}
        {toggle('searchable')}
        {toggle('showBadges')}
        {toggle('showCourses')}
        <Submit busy={form.busy}>{t('save')}</Submit>
      </form>
    </section>
  );
}

function FollowRequests() {
  const t = useT();
  usePageTitle(t('profile.requests'));
  const { value, problem, load } = useRead<Page<Profile>>('/api/users/me/follow-requests');
  if (problem) {
    return <ProblemPage problem={problem} />;
  }
  const decide = async (id: string, verdict: 'approve' | 'reject') => {
    await api(`/api/users/me/follow-requests/${id}/${verdict}`, { method: 'POST' }).catch(() => undefined);
    await load();
  };
  return (
    <section className="card">
      <PageHeading>{t('profile.requests')}</PageHeading>
      {value && value.items.length === 0 && <p>{t('profile.nobody')}</p>}
      <ul className="people">
        {value?.items.map((p) => (
          <li key={p.id}>
            <Link to={`/members/${p.id}`}>{p.displayName}</Link>
            <button type="button" onClick={() => void decide(p.id, 'approve')}>{t('profile.approve')}</button>
            <button type="button" onClick={() => void decide(p.id, 'reject')}>{t('profile.reject')}</button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Blocks() {
  const t = useT();
  usePageTitle(t('profile.blocks'));
  const { value, problem, load } = useRead<Page<Profile>>('/api/users/me/blocks');
  if (problem) {
    return <ProblemPage problem={problem} />;
  }
  return (
    <section className="card">
      <PageHeading>{t('profile.blocks')}</PageHeading>
      {value && value.items.length === 0 && <p>{t('profile.nobody')}</p>}
      <ul className="people">
        {value?.items.map((p) => (
          <li key={p.id}>
            <span>{p.displayName}</span>
            <button type="button" onClick={async () => {
              await api(`/api/users/${p.id}/block`, { method: 'DELETE' }).catch(() => undefined);
              await load();
            }}>{t('profile.unblock')}<span className="visually-hidden"> {p.displayName}</span></button>
          </li>
        ))}
      </ul>
    </section>
  );
}

function Search() {
  const t = useT();
  usePageTitle(t('search.title'));
  const [q, setQ] = useState('');
  const [results, setResults] = useState<Profile[]>();
  const form = useSubmit(async () => {
    const page = await api<Page<Profile>>(`/api/users/search?q=${encodeURIComponent(q)}`);
    setResults(page.items);
  });
  return (
    <section className="card">
      <PageHeading>{t('search.title')}</PageHeading>
      <form onSubmit={form.submit} role="search">
        <ProblemNotice problem={form.problem} />
        <Field label={t('search.label')} name="q" type="search" value={q} onChange={setQ} problem={form.problem} />
        <Submit busy={form.busy}>{t('search.submit')}</Submit>
      </form>
      {results && results.length === 0 && <p>{t('search.none')}</p>}
      <ul className="people">
        {results?.map((p) => <li key={p.id}><Avatar profile={p} size={40} /> <Link to={`/members/${p.id}`}>{p.displayName}</Link></li>)}
      </ul>
    </section>
  );
}

function Member() {
  const { id = 'me' } = useParams();
  return <ProfileView key={id} id={id} />;
}

export default function Profiles() {
  return (
    <Routes>
      <Route path="/" element={<Search />} />
      <Route path="/edit" element={<EditProfile />} />
      <Route path="/avatar" element={<AvatarUpload />} />
      <Route path="/privacy" element={<PrivacySettings />} />
      <Route path="/requests" element={<FollowRequests />} />
      <Route path="/blocks" element={<Blocks />} />
      <Route path="/:id" element={<Member />} />
      <Route path="/:id/followers" element={<Followers which="followers" />} />
      <Route path="/:id/following" element={<Followers which="following" />} />
    </Routes>
  );
}
