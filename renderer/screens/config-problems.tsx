import { useTranslation } from 'react-i18next';

/** The machine's configuration was refused: what is wrong, for the branch's IT team, and nothing else. */
export function ConfigProblems({ problems }: { problems: string[] }) {
  const { t } = useTranslation();
  return (
    <main className="screen">
      <h1>{t('config.title')}</h1>
      <p role="alert">{t('config.lead')}</p>
      <ul className="config-problems">
        {problems.map((p) => (
          <li key={p}>
            <code>{p}</code>
          </li>
        ))}
      </ul>
    </main>
  );
}
