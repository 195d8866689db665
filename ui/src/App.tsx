import { Navigate, Switch, useLocation } from './router';
import { Layout } from './Layout';
import { LoginPage } from './pages/Login';
import { DashboardPage } from './pages/Dashboard';
import { JobsPage } from './pages/Jobs';
import { JobDetailPage } from './pages/JobDetail';
import { NewJobPage } from './pages/NewJob';
import { ApprovalsPage } from './pages/Approvals';
import { SettingsPage } from './pages/Settings';
import { DeploymentsPage } from './pages/Deployments';
import { EventsProvider } from './events';
import { SessionProvider, useSession } from './session';

function NotFound() {
  return <section><h1>Page not found</h1><p>There is nothing at this address. Use the menu to go to the dashboard or the jobs.</p></section>;
}

export function AppRoutes() {
  const { session } = useSession();
  const loc = useLocation();
  if (loc.pathname === '/login') return <LoginPage />;
  if (!session) return <Navigate to="/login" replace state={{ from: loc.pathname + loc.search }} />;
  return (
    <EventsProvider>
      <Layout>
        <Switch
          routes={[
            ['/', () => <DashboardPage />],
            ['/jobs', () => <JobsPage />],
            ['/jobs/new', () => <NewJobPage />],
            ['/jobs/:id', () => <JobDetailPage />],
            ['/approvals', () => <ApprovalsPage />],
            ['/deployments', () => <DeploymentsPage />],
            ['/settings', () => <SettingsPage />],
          ]}
          fallback={() => <NotFound />}
        />
      </Layout>
    </EventsProvider>
  );
}

export function App() {
  return <SessionProvider><AppRoutes /></SessionProvider>;
}
