import { useEffect } from 'react';
import { AppHeader } from './components/AppHeader';
import { NavBar } from './components/NavBar';
import { StatusBar } from './components/StatusBar';
import { NoticeArea } from './components/NoticeArea';
import { ScreenView } from './components/ScreenView';
import { useGlobalShortcuts } from './components/useGlobalShortcuts';
import { useEngagement } from './stores/engagement';
import { useStartup } from './stores/startup';
import { StartupErrorView } from './components/StartupErrorView';

export function App() {
  const init = useEngagement((s) => s.init);
  const startupFailure = useStartup((s) => s.failure);
  useEffect(() => {
    void init();
  }, [init]);
  useGlobalShortcuts();
  return (
    <div className="app">
      <a className="skip-link" href="#main">
        Skip to content
      </a>
      <AppHeader />
      <NavBar />
      <main className="app-main" id="main" tabIndex={-1}>
        <NoticeArea />
        {startupFailure ? <StartupErrorView failure={startupFailure} /> : <ScreenView />}
      </main>
      <StatusBar />
    </div>
  );
}
