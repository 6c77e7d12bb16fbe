import { StrictMode } from 'react';
import { createRoot } from 'react-dom/client';
import { App } from './app';
import { initI18n } from './i18n';
import { connectPortal } from './portal';
// The app's one typeface, bundled (an open font designed for Jakarta); the service's documents embed the same family.
import '@fontsource/plus-jakarta-sans/latin-400.css';
import '@fontsource/plus-jakarta-sans/latin-700.css';
import './styles.css';

async function start(): Promise<void> {
  const root = createRoot(document.getElementById('root')!);
  try {
    // Marks for the desktop benchmark (bench/desktop.ts): where the first screen's time goes.
    performance.mark('start');
    const portal = await connectPortal();
    performance.mark('portal');
    // Asked together: a remembered session signs in before the first screen, while the texts load.
    const [info, current] = await Promise.all([portal.app.info(), portal.session.current()]);
    if (!info.ok) throw new Error(info.error.code);
    performance.mark('info');
    await initI18n(info.value.language);
    performance.mark('texts');
    const user = current.ok ? current.value.user : null;
    root.render(
      <StrictMode>
        <App portal={portal} info={info.value} initialUser={user} />
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
