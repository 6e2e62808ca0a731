import { readFileSync } from 'node:fs';
import { defineConfig } from 'vitepress';
import { withMermaid } from 'vitepress-plugin-mermaid';

/** The API reference's sidebar, written by TypeDoc (typedoc-vitepress-theme) next to its pages. */
const apiSidebar = JSON.parse(readFileSync(new URL('../api/typedoc-sidebar.json', import.meta.url), 'utf8'));

export default withMermaid(
  defineConfig({
    title: 'Switchboard',
    description: 'Multi-agent realtime voice and text apps on the OpenAI Realtime API, in TypeScript.',
    // A dead link fails the build (VitePress's default, stated here so nobody turns it off by accident).
    ignoreDeadLinks: false,
    srcExclude: ['**/node_modules/**', '.snippets/**', 'README.md'],
    // Mermaid renders the diagrams in the page, and it is one large chunk.
    vite: { build: { chunkSizeWarningLimit: 4096 } },
    themeConfig: {
      nav: [
        { text: 'Guide', link: '/getting-started' },
        { text: 'API', link: '/api/' },
        { text: 'Benchmarks', link: '/benchmarks' },
      ],
      sidebar: [
        {
          text: 'Guide',
          items: [
            { text: 'Getting started', link: '/getting-started' },
            { text: 'Concepts', link: '/concepts' },
            { text: 'Client events and their methods', link: '/client-events' },
            { text: 'Transports', link: '/transports' },
            { text: 'Testing', link: '/testing' },
            { text: 'Observability', link: '/observability' },
            { text: 'Scaling out', link: '/scaling' },
            { text: 'Packages at a glance', link: '/overview' },
            { text: 'Benchmarks', link: '/benchmarks' },
          ],
        },
        { text: 'API reference', link: '/api/', items: apiSidebar },
      ],
      search: { provider: 'local' },
      outline: [2, 3],
    },
  }),
);
