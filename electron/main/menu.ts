// The application menu: the platform's standard roles, so shortcuts and placement are what users expect.
// A packaged build has no DevTools and no reload in its View menu (the page is the app, not a web page).
import { Menu, type MenuItemConstructorOptions } from 'electron';

export function menuTemplate(o: { devTools: boolean; mac: boolean }): MenuItemConstructorOptions[] {
  const view: MenuItemConstructorOptions = o.devTools
    ? { role: 'viewMenu' }
    : {
        label: 'View',
        submenu: [{ role: 'resetZoom' }, { role: 'zoomIn' }, { role: 'zoomOut' }, { type: 'separator' }, { role: 'togglefullscreen' }],
      };
  return [...(o.mac ? [{ role: 'appMenu' as const }] : []), { role: 'fileMenu' }, { role: 'editMenu' }, view, { role: 'windowMenu' }];
}

export function buildMenu(o: { devTools: boolean }): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate({ devTools: o.devTools, mac: process.platform === 'darwin' })));
}
