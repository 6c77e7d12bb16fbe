// First: the main process is asked for what the first screen needs while the rest evaluates.
import { startup } from './startup';
import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n } from './i18n';
// The app's one typeface, bundled (an open font designed for Jakarta); the service's documents embed the same family.
import '@fontsource/plus-jakarta-sans/latin-400.css';
import '@fontsource/plus-jakarta-sans/latin-700.css';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    // Marks for the desktop benchmark (bench/desktop.ts): where the first screen's time goes (startup.ts marks too).
    performance.mark('start');
    const { portal, info, user } = await startup;
    await initI18n(info.language);
    performance.mark('texts');
    root.render(
      <StrictMode>
        <App portal={portal} info={info} initialUser={user} />
      </StrictMode>,
    );
  } catch {
    root.render(
      <main className="screen">
        <h1>Portal Nasabah</h1>
        <p role="alert">
          Aplikasi tidak dapat dimulai. Tutup lalu buka kembali aplikasi. / The app could not start. Close it and open
          it again.
        </p>
      </main>,
    );
  }
}

void start();
