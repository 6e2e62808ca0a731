export { CHROMIUM, launchChromium, type TestBrowser } from '@switchboard/test-chromium';
