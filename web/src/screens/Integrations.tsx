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
  const keys = useLoad(() => api.serviceKeys(), []);
  const tokens = useLoad(() => api.workspaceTokens(), []);
  const webhooks = useLoad(() => api.webhooks(), []);
  return (
    <div className="page">
      <PageHeader
        title="Integrations"
        description="Service keys let your other apps check with Gatehouse that a person’s session is valid. Personal access tokens let people call the API from scripts as themselves. Webhooks tell your other apps what happens, as it happens."
      />
      <ServiceKeysSection list={keys} />
      <WorkspaceTokensSection list={tokens} />
      <WebhooksSection list={webhooks} />
    </div>
  );
}
