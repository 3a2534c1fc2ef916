/** The workbench's routes (history mode under /workbench/); every page but sign-in needs a signed-in department. */
import { createRouter, createWebHistory, type Router } from 'vue-router';
import { session } from './session';
import SignIn from './views/SignIn.vue';
import HomePage from './views/HomePage.vue';
import FormPage from './views/FormPage.vue';
import WorkLists from './views/WorkLists.vue';
import LabelPage from './views/LabelPage.vue';
import ImportPage from './views/ImportPage.vue';

export function createWorkbenchRouter(): Router {
  const router = createRouter({
    history: createWebHistory('/workbench/'),
    routes: [
      { path: '/sign-in', component: SignIn, meta: { public: true } },
      { path: '/', component: HomePage },
      { path: '/forms/:key', component: FormPage },
      { path: '/lists/:list?', component: WorkLists },
      { path: '/label/:batchId', component: LabelPage },
      { path: '/import', component: ImportPage },
      { path: '/:rest(.*)*', redirect: '/' },
    ],
  });
  router.beforeEach((to) => {
    if (!to.meta.public && !session.department) return { path: '/sign-in' };
    return true;
  });
  return router;
}
