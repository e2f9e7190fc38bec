declare module "*.css?inline" {
  const css: string;
  export default css;
}

/** Content hash of the app bundle, injected by widget/build.mjs into the loader. */
declare const __MINICHAT_APP_VERSION__: string;
