import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './state/app.svelte';
import { createApiClient } from './lib/api';

const app = new AppState(createApiClient());
// `?debug=1` hands the state to the console (and to the chart performance test).
if (new URL(location.href).searchParams.get('debug') === '1') (window as unknown as { layerlab_debug: AppState }).layerlab_debug = app;
mount(App, { target: document.getElementById('app')!, props: { app } });
