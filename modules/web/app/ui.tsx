// Small building blocks every page uses: translated text, labelled fields that show the API's
// errors for them, the problem notice, and a form's busy/problem state.
import { useCallback, useEffect, useId, useRef, useState, type FormEvent, type ReactNode } from 'react';
import { ApiProblem } from './api';
import { useLanguage } from './i18n/language';
import { messages, type MessageKey } from './i18n/messages';

/** The translator for the current language: `t('signIn.title')`, `t('x', { name })`. */
export function useT() {
  const language = useLanguage((s) => s.language);
  return useCallback((key: MessageKey, values: Record<string, string | number> = {}) => {
    const text = messages[language][key] ?? messages.en[key] ?? key;
    return text.replace(/\{(\w+)\}/g, (_, name: string) => String(values[name] ?? `{${name}}`));
  }, [language]);
}

/** Sets the page title and moves focus to the page's heading, so screen readers hear the new page. */
export function usePageTitle(title: string) {
  useEffect(() => {
    document.title = `${title} · Agora`;
  }, [title]);
}

export function PageHeading({ children }: { children: ReactNode }) {
  const heading = useRef<HTMLHeadingElement>(null);
  useEffect(() => {
    heading.current?.focus();
  }, []);
  return <h1 tabIndex={-1} ref={heading}>{children}</h1>;
}

interface FieldProps {
  label: string;
  name: string;
  type?: string;
  value: string;
  onChange(value: string): void;
  autoComplete?: string;
  required?: boolean;
  hint?: ReactNode;
  problem?: ApiProblem;
  inputMode?: 'numeric' | 'text' | 'email';
  pattern?: string;
  maxLength?: number;
  autoFocus?: boolean;
}

/** A labelled input; the API's errors for `/name` appear under it and are announced with it. */
export function Field(props: FieldProps) {
  const id = useId();
  const errors = props.problem?.at(`/${props.name}`) ?? [];
  const described = [props.hint ? `${id}-hint` : '', errors.length ? `${id}-errors` : ''].filter(Boolean).join(' ');
  return (
    <div className="field">
      <label htmlFor={id}>{props.label}</label>
      {props.hint && <div id={`${id}-hint`} className="hint">{props.hint}</div>}
      <input id={id} name={props.name} type={props.type ?? 'text'} value={props.value}
        onChange={(e) => props.onChange(e.target.value)} autoComplete={props.autoComplete}
        required={props.required} inputMode={props.inputMode} pattern={props.pattern} maxLength={props.maxLength}
        autoFocus={props.autoFocus}
        aria-invalid={errors.length > 0 || undefined} aria-describedby={described || undefined} />
      {errors.length > 0 && (
        <ul id={`${id}-errors`} className="field-errors">
          {errors.map((e) => <li key={e.code + e.detail}>{e.detail}</li>)}
        </ul>
      )}
    </div>
  );
}

/** The problem as the API worded it (in the reader's language), or a word of our own when there is none. */
export function ProblemNotice({ problem }: { problem?: ApiProblem }) {
  const t = useT();
  if (!problem) {
    return null;
  }
  const text = problem.code === 'network' ? t('problem.network') : problem.detail || t('problem.unknown');
  return <div className="notice error" role="alert">{text}</div>;
}

export function Notice({ children }: { children: ReactNode }) {
  return <div className="notice success" role="status">{children}</div>;
}

/** A form's submit: busy while it runs, its problem kept for the fields and the notice. */
export function useSubmit(action: () => Promise<void>) {
  const [busy, setBusy] = useState(false);
  const [problem, setProblem] = useState<ApiProblem>();
  const submit = async (event?: FormEvent) => {
    event?.preventDefault();
    if (busy) {
      return;
    }
    setBusy(true);
    setProblem(undefined);
    try {
      await action();
    } catch (error) {
      setProblem(error instanceof ApiProblem ? error : new ApiProblem(0, 'unknown', ''));
    } finally {
      setBusy(false);
    }
  };
  return { busy, problem, setProblem, submit };
}

export function Submit({ busy, children }: { busy: boolean; children: ReactNode }) {
  return <button type="submit" className="primary" disabled={busy} aria-busy={busy || undefined}>{children}</button>;
}

/** A date and time as the reader's language writes it. */
export function useDate() {
  const language = useLanguage((s) => s.language);
  return useCallback((iso: string | null | undefined) => (iso
    ? new Intl.DateTimeFormat(language === 'en' ? 'en-GB' : language, { dateStyle: 'medium', timeStyle: 'short' })
      .format(new Date(iso))
    : ''), [language]);
}
