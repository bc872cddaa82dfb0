import { mount } from 'svelte';
import './app.css';
import App from './App.svelte';
import { AppState } from './state/app.svelte';
import { createApiClient } from './lib/api';

const app = new AppState(createApiClient());
mount(App, { target: document.getElementById('app')!, props: { app } });
