import { useNav } from '../stores/nav';
import { useEngagement } from '../stores/engagement';
import { EngagementsScreen } from '../screens/engagements/EngagementsScreen';
import { ImportScreen } from '../screens/import/ImportScreen';
import { IntegrityScreen } from '../screens/integrity/IntegrityScreen';
import { ExplorerScreen } from '../screens/explorer/ExplorerScreen';
import { AnalyticsScreen } from '../screens/analytics/AnalyticsScreen';
import { SamplingScreen } from '../screens/sampling/SamplingScreen';
import { EvidenceScreen } from '../screens/evidence/EvidenceScreen';
import { ExportScreen } from '../screens/export/ExportScreen';

/** The current screen; every screen but Engagements needs an open engagement. */
export function ScreenView() {
  const screen = useNav((s) => s.screen);
  const open = useEngagement((s) => s.engagement !== null);
  if (!open || screen === 'engagements') return <EngagementsScreen />;
  switch (screen) {
    case 'import':
      return <ImportScreen />;
    case 'integrity':
      return <IntegrityScreen />;
    case 'explorer':
      return <ExplorerScreen />;
    case 'analytics':
      return <AnalyticsScreen />;
    case 'sampling':
      return <SamplingScreen />;
    case 'evidence':
      return <EvidenceScreen />;
    case 'export':
      return <ExportScreen />;
  }
}
