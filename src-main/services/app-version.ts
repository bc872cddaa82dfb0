import packageJson from '../../package.json';

/** LayerLab's version, recorded with every run. */
export const APP_VERSION: string = packageJson.version;
