// A small course site, as a teacher would set it up with VitePress: two lessons and a
// page without a network, linked from the nav bar (VitePress navigates between them on
// the client). <grad-scope> is a custom element for Vue (isCustomElement) and is defined
// in the browser only (each lesson imports gradscope/element in onMounted).
import { defineConfig } from 'vitepress';

export default defineConfig({
  title: 'Deep networks, gently',
  description: 'A course page with live gradscope figures',
  lang: 'en',
  head: [['link', { rel: 'icon', href: 'data:,' }]],
  themeConfig: {
    nav: [
      { text: 'Vanishing gradients', link: '/vanishing' },
      { text: 'Dying ReLU', link: '/dying-relu' },
      { text: 'Reading list', link: '/reading' },
    ],
  },
  vue: { template: { compilerOptions: { isCustomElement: (tag) => tag === 'grad-scope' } } },
});
