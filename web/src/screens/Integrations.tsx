import { useTranslation } from 'react-i18next';
import { api } from '../api';
import { ServiceKeysSection } from '../components/ServiceKeysSection';
import { WebhooksSection } from '../components/WebhooksSection';
import { WorkspaceTokensSection } from '../components/WorkspaceTokensSection';
import { PageHeader } from '../components/ui';
import { useLoad } from '../useLoad';

/**
 * Settings › Integrations: how the workspace's other apps reach Gatehouse. One section per kind
 * of credential (and the webhooks), each a component fed by a load made here; a new kind is one
 * more load and one more section below.
 */
export function IntegrationsPage() {
  const { t } = useTranslation(['settings', 'common']);
  const keys = useLoad(() => api.serviceKeys(), []);
  const tokens = useLoad(() => api.workspaceTokens(), []);
  const webhooks = useLoad(() => api.webhooks(), []);
  return (
    <div className="page">
      <PageHeader title={t('common:titles.integrations')} description={t('integrations.description')} />
      <ServiceKeysSection list={keys} />
      <WorkspaceTokensSection list={tokens} />
      <WebhooksSection list={webhooks} />
    </div>
  );
}
