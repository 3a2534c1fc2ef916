/** The department workbench's entry (served at `/workbench/`): Vue 3, Element Plus, vue-router, vue-i18n (zh-CN first). */
import { createApp } from 'vue';
import ElementPlus from 'element-plus';
import 'element-plus/dist/index.css';
import App from './App.vue';
import { createWorkbenchI18n } from './i18n';
import { createWorkbenchRouter } from './router';
import './workbench.css';

createApp(App).use(createWorkbenchI18n()).use(createWorkbenchRouter()).use(ElementPlus).mount('#workbench');
